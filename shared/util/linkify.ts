// Splits message text into plain-text and link segments. Only http(s) URLs become links; the
// renderer turns segments into text nodes and <a> elements (never HTML strings). Layer: shared.

export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; url: string }

// A URL runs until whitespace or a character that rarely ends one; trailing punctuation is trimmed below.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/giu
const TRAILING = /[.,;:!?)\]}'"»”’]+$/u

/** The URL as the system browser should receive it, or null unless it is a well-formed http(s) URL. */
export function safeHttpUrl(candidate: string): string | null {
  let url: URL
  try {
    url = new URL(candidate)
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
    // Keep a closing parenthesis that balances one inside the URL (Wikipedia-style links).
    if (trailing) {
      let cut = trailing[0]
      if (cut.startsWith(')') && raw.includes('(')) cut = cut.slice(1)
      raw = raw.slice(0, raw.length - cut.length)
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
