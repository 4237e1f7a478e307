// Display helpers for strings chosen by other people (names, nicks, JIDs, status texts).
// Bidi controls and invisible characters in names can spoof identities (Trojan Source,
// `alice\u202Etxt.exe`); they are shown as a visible replacement mark instead of being obeyed.
// Message bodies are NOT passed through this (they keep their text, rendered with dir="auto").
// Layer: renderer (pure logic).

// U+202A–U+202E embeddings/overrides, U+2066–U+2069 isolates, U+200E/F marks, U+061C, zero-width
// characters, word joiner, BOM and the soft hyphen.
const INVISIBLE = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060\ufeff\u00ad]/gu

/** Replaces bidi controls and invisible characters with a visible mark. */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, '\ufffd')
}

/** True when `visibleText` would change the string (callers may flag the name). */
export function hasInvisibleCharacters(text: string): boolean {
  INVISIBLE.lastIndex = 0
  return INVISIBLE.test(text)
}

/** First letter (grapheme-ish) for an avatar placeholder. */
export function initialOf(name: string): string {
  const trimmed = visibleText(name).trim()
  const first = [...trimmed][0] ?? '?'
  return first.toLocaleUpperCase()
}

/** A stable hue (0–359) for an avatar placeholder, from the JID. */
export function hueOf(jid: string): number {
  let hash = 0
  for (let i = 0; i < jid.length; i++) hash = (hash * 31 + jid.charCodeAt(i)) | 0
  return Math.abs(hash) % 360
}

/** Shortens a message preview to one line. */
export function previewText(body: string, max = 120): string {
  const line = body.replace(/\s+/gu, ' ').trim()
  return line.length > max ? `${line.slice(0, max - 1)}…` : line
}
