// Search snippets as SnippetPart[] (text runs, the matched ones flagged), never HTML: the renderer
// wraps hits in <mark> as text. Layer: electron/core (Node, worker thread).
//
// FTS5's snippet() marks matches with two control characters (START, END). XML 1.0 cannot carry
// them, so no message from the network contains them; a body that does anyway (typed locally) gets
// the excerpt built here instead, so a marker can never be mistaken for text or vice versa.
import type { SnippetPart } from '../../../shared/types/domain'

export const START = '\u0001'
export const END = '\u0002'

/** Characters of context kept before the first match in an excerpt built here, and the length. */
const LEAD = 16
const LENGTH = 64
const ELLIPSIS = '…'

export function hasMarkers(text: string): boolean {
  return text.includes(START) || text.includes(END)
}

/** Parses snippet() output: text between START and END is a hit. */
export function parseMarked(marked: string): SnippetPart[] {
  const parts: SnippetPart[] = []
  let hit = false
  for (const piece of marked.split(/([\u0001\u0002])/u)) {
    if (piece === START) hit = true
    else if (piece === END) hit = false
    else push(parts, piece, hit)
  }
  return parts
}

/** An excerpt of `body` around the first occurrence of any mark, with every occurrence marked. */
export function excerpt(body: string, marks: readonly string[]): SnippetPart[] {
  const pattern = markPattern(marks)
  const first = pattern ? body.search(pattern) : -1
  // Code points, so that an emoji or a CJK extension character is never cut in half.
  const chars = Array.from(body)
  const start = first > 0 ? Math.max(0, Array.from(body.slice(0, first)).length - LEAD) : 0
  const end = Math.min(chars.length, start + LENGTH)
  const text = `${start > 0 ? ELLIPSIS : ''}${chars.slice(start, end).join('')}${end < chars.length ? ELLIPSIS : ''}`
  return markRuns([{ text, hit: false }], marks)
}

/** Splits the non-hit parts at every case-insensitive occurrence of a mark, flagging those. */
export function markRuns(parts: readonly SnippetPart[], marks: readonly string[]): SnippetPart[] {
  const pattern = markPattern(marks)
  if (!pattern) return [...parts]
  const result: SnippetPart[] = []
  for (const part of parts) {
    if (part.hit) {
      push(result, part.text, true)
      continue
    }
    // split() with one capturing group alternates: text, match, text, match, …, text.
    part.text.split(new RegExp(`(${pattern.source})`, 'iu')).forEach((piece, index) => push(result, piece, index % 2 === 1))
  }
  return result
}

function markPattern(marks: readonly string[]): RegExp | null {
  if (marks.length === 0) return null
  // Longest first, so that a longer mark wins over one of its own prefixes.
  const sorted = [...marks].sort((a, b) => b.length - a.length)
  return new RegExp(sorted.map((mark) => mark.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')).join('|'), 'iu')
}

/** Appends a piece, merging it into the previous part of the same kind; empty pieces vanish. */
function push(parts: SnippetPart[], text: string, hit: boolean): void {
  if (text === '') return
  const last = parts.at(-1)
  if (last && last.hit === hit) last.text += text
  else parts.push({ text, hit })
}
