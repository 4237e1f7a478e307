// Splits message text into plain-text and link segments. Only http(s) URLs become links; the
// renderer turns segments into text nodes and <a> elements (never HTML strings). Layer: shared.

export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; url: string }

// A URL runs until whitespace or a character that rarely ends one; trailing punctuation is trimmed below.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/giu
const TRAILING = /[.,;:!?)\]}'"»”’]+$/u

// The WHATWG URL parser exists in every runtime we target (browsers, Node, Electron), but shared/
// compiles without DOM or Node typings, so it is reached through globalThis with the shape we use.
type ParsedUrl = { protocol: string; hostname: string; href: string }
const WhatwgUrl = (globalThis as unknown as { URL: new (input: string) => ParsedUrl }).URL

/** The URL as the system browser should receive it, or null unless it is a well-formed http(s) URL. */
export function safeHttpUrl(candidate: string): string | null {
  let url: ParsedUrl
  try {
    url = new WhatwgUrl(candidate)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  if (url.hostname === '') return null
  return url.href
}

export function linkify(text: string): TextSegment[] {
  const segments: TextSegment[] = []
  let last = 0
  for (const match of text.matchAll(URL_PATTERN)) {
    let raw = match[0]
    const trailing = TRAILING.exec(raw)
    if (trailing) {
      raw = raw.slice(0, raw.length - trailing[0].length)
      // Give back the closing parentheses that balance open ones inside the URL (Wikipedia links).
      let unmatched = (raw.match(/\(/gu)?.length ?? 0) - (raw.match(/\)/gu)?.length ?? 0)
      for (const char of trailing[0]) {
        if (char !== ')' || unmatched <= 0) break
        raw += ')'
        unmatched -= 1
      }
    }
    const url = safeHttpUrl(raw)
    if (url === null) continue
    const start = match.index
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) })
    segments.push({ kind: 'link', text: raw, url })
    last = start + raw.length
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) })
  return segments
}
