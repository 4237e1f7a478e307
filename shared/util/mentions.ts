// Whether a room message mentions our nick, and where, for notifying and highlighting. The nick
// counts as a whole word, any case: "Alice," "@alice" and "ALICE:" mention alice; "malice",
// "alice-bot", "alice@example.org", "example.alice" and anything inside a link do not.
// Layer: shared (pure).

export type MentionSegment = { kind: 'text' | 'mention'; text: string }

// A nick joined to a letter, digit, combining mark, connector or hyphen on either side is part of
// a longer word; joined by '@' or '.' to a letter or digit it is part of an address or a domain.
const WORD = String.raw`[\p{L}\p{N}\p{M}\p{Pc}\-]`
const BEFORE = String.raw`(?<!${WORD}|[\p{L}\p{N}][@.])`
const AFTER = String.raw`(?!${WORD}|[@.][\p{L}\p{N}])`
// Runs of non-space that are links or addresses with a scheme: a nick inside never counts.
const LINK_TOKEN = /\S*(?:[a-z][a-z0-9+.-]*:\/\/|\b(?:xmpp|mailto):|\bwww\.)\S*/giu

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&')
}

/** Every [start, end) of a mention of `nick` in `body`, in order. */
function mentionRanges(body: string, nick: string): [number, number][] {
  const wanted = nick.trim()
  if (wanted === '' || body === '') return []
  const links = [...body.matchAll(LINK_TOKEN)].map((m): [number, number] => [m.index, m.index + m[0].length])
  const inLink = (at: number): boolean => links.some(([start, end]) => at >= start && at < end)
  const pattern = new RegExp(`${BEFORE}${escapeRegExp(wanted)}${AFTER}`, 'giu')
  return [...body.matchAll(pattern)].filter((m) => !inLink(m.index)).map((m): [number, number] => [m.index, m.index + m[0].length])
}

/** True when `body` mentions `nick` (never for an empty or blank nick). */
export function mentionsNick(body: string, nick: string): boolean {
  return mentionRanges(body, nick).length > 0
}

/** `body` cut into text and mention segments that join back to it exactly ([] for an empty body). */
export function splitMentions(body: string, nick: string): MentionSegment[] {
  const segments: MentionSegment[] = []
  let last = 0
  for (const [start, end] of mentionRanges(body, nick)) {
    if (start > last) segments.push({ kind: 'text', text: body.slice(last, start) })
    segments.push({ kind: 'mention', text: body.slice(start, end) })
    last = end
  }
  if (last < body.length) segments.push({ kind: 'text', text: body.slice(last) })
  return segments
}
