// Content-Security-Policy strings as data, for comparing the policy the browser host sends with the
// Electron app:// policy (electron/main/app-protocol.ts). Directives compare by their *effective*
// sources (CSP Level 3 fallbacks: frame-src → child-src → default-src, script-src-elem →
// script-src → default-src, …), so `default-src 'none'` without `object-src` equals an explicit
// `object-src 'none'`. Pure: no Node, no DOM.

export type CspPolicy = ReadonlyMap<string, readonly string[]>

/** Directive name → source list (lower-cased names; the first occurrence wins, as browsers do). */
export function parseCsp(header: string): CspPolicy {
  const policy = new Map<string, string[]>()
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/u).filter(Boolean)
    if (name && !policy.has(name.toLowerCase())) policy.set(name.toLowerCase(), sources)
  }
  return policy
}

/** Fallback chains of the fetch directives (CSP 3 §6.8.3 "get the effective directive"). */
const FALLBACKS: Readonly<Record<string, readonly string[]>> = {
  'script-src-elem': ['script-src-elem', 'script-src', 'default-src'],
  'script-src-attr': ['script-src-attr', 'script-src', 'default-src'],
  'script-src': ['script-src', 'default-src'],
  'style-src-elem': ['style-src-elem', 'style-src', 'default-src'],
  'style-src-attr': ['style-src-attr', 'style-src', 'default-src'],
  'style-src': ['style-src', 'default-src'],
  'worker-src': ['worker-src', 'child-src', 'script-src', 'default-src'],
  'frame-src': ['frame-src', 'child-src', 'default-src'],
  'child-src': ['child-src', 'default-src'],
  'img-src': ['img-src', 'default-src'],
  'font-src': ['font-src', 'default-src'],
  'media-src': ['media-src', 'default-src'],
  'object-src': ['object-src', 'default-src'],
  'manifest-src': ['manifest-src', 'default-src'],
  'connect-src': ['connect-src', 'default-src'],
  'default-src': ['default-src'],
}

/** Every directive whose effective value `effectiveSources` can answer. */
export const FETCH_DIRECTIVES = Object.keys(FALLBACKS)

/** Directives without a fallback: absent means "anything goes". */
export const DOCUMENT_DIRECTIVES = ['base-uri', 'form-action', 'frame-ancestors', 'sandbox'] as const

/**
 * The sources that apply to `directive`, sorted; null when the policy does not restrict it at all
 * (no directive in the fallback chain).
 */
export function effectiveSources(policy: CspPolicy, directive: string): string[] | null {
  for (const name of FALLBACKS[directive] ?? [directive]) {
    const sources = policy.get(name)
    if (sources) return [...sources].sort()
  }
  return null
}

/**
 * Where `actual` is more permissive than or different from `reference`, directive by directive,
 * ignoring the directives listed in `except` (e.g. connect-src, which the browser host needs for
 * its WebSocket). Empty when `actual` restricts everything `reference` restricts, the same way.
 */
export function cspDifferences(reference: CspPolicy, actual: CspPolicy, except: readonly string[] = []): string[] {
  const differences: string[] = []
  const names = new Set([...FETCH_DIRECTIVES, ...DOCUMENT_DIRECTIVES, ...reference.keys()])
  for (const name of names) {
    if (except.includes(name)) continue
    const want = effectiveSources(reference, name)
    if (want === null) continue // the reference does not restrict it: anything `actual` does is at least as strict
    const got = effectiveSources(actual, name)
    if (got === null || got.join(' ') !== want.join(' ')) differences.push(`${name}: expected ${want.join(' ')}, got ${got === null ? '(unrestricted)' : got.join(' ')}`)
  }
  return differences
}
