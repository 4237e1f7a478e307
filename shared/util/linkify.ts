// Splits message text into plain-text and link segments. Only http(s) URLs become links; the
// renderer turns segments into text nodes and <a> elements (never HTML strings). Layer: shared.

export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; url: string }

// A URL runs until whitespace or a character that rarely ends one; trailing punctuation is trimmed
// below. Bidi controls and invisible format characters end it too: a real URL carries them
// percent-encoded, and raw inside a link they could reorder what the user reads (link spoofing).
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]+/giu
/** Scripts with many look-alike letters: a host mixing them (аpple.com, Cyrillic а) is a spoof. */
const CONFUSABLE_SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u]
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
    segments.push({ kind: 'link', text: mixesScripts(hostAsWritten(raw)) ? url : raw, url })
    last = start + raw.length
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) })
  return segments
}

/** The host part of a URL as the sender wrote it (Unicode, before the parser's punycode). */
function hostAsWritten(raw: string): string {
  const authority = raw.replace(/^https?:\/\//iu, '').split(/[/?#]/u)[0] ?? ''
  return authority.slice(authority.lastIndexOf('@') + 1).replace(/:\d*$/u, '')
}

/**
 * True when the host's letters come from more than one confusable script. Such a link shows the
 * ASCII form the browser will really visit (https://xn--pple-43d.com/) instead of the look-alike.
 */
function mixesScripts(host: string): boolean {
  return CONFUSABLE_SCRIPTS.filter((script) => script.test(host)).length > 1
}
