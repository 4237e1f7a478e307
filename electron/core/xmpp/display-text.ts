// Text a remote entity chose for us to show (room names, descriptions, form labels): cleaned and
// bounded before it goes anywhere. Layer: electron/core (pure).

// C0, DEL and C1 controls, lone surrogates, U+FFFE/U+FFFF: never shown (security notes A16).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\p{Cs}\uFFFE\uFFFF]/u
const CONTROLS = new RegExp(CONTROL.source, 'gu')
// Bidi embeddings, overrides and isolates: left open in a name they would reorder the text
// around it (a room that reads as another), so they go too.
const BIDI = /[\u202A-\u202E\u2066-\u2069]/gu

export function hasControl(text: string): boolean {
  return CONTROL.test(text)
}

/** Cut at `max` code points without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  const points = Array.from(text)
  return points.length > max ? points.slice(0, max).join('') : text
}

/** One line to show: controls and bidi controls become spaces, runs of whitespace one space, trimmed, at most `max` characters. */
export function singleLine(raw: string | undefined, max: number): string {
  if (raw === undefined) return ''
  return cut(raw.replace(CONTROLS, ' ').replace(BIDI, '').replace(/\s+/gu, ' ').trim(), max)
}

/** Like singleLine, but line breaks stay (descriptions, form instructions). */
export function multiLine(raw: string | undefined, max: number): string {
  if (raw === undefined) return ''
  const lines = raw.replace(/\r\n?/gu, '\n').split('\n').map((line) => singleLine(line, max))
  return cut(lines.join('\n').trim(), max)
}
