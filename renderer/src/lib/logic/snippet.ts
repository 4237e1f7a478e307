// Search snippets: the core's SnippetPart[] (hit runs marked) turned into what the result row
// renders — text runs, hits as <mark>, never as HTML. Whitespace (newlines too) collapses to
// single spaces so a snippet reads as one line; adjacent runs of the same kind merge; overly long
// snippets are cut with an ellipsis. Layer: renderer (pure logic).
import type { SnippetPart } from '../../../../shared/types/domain'
import { previewText } from './display-text'

export interface SnippetRun {
  text: string
  hit: boolean
}

/** Longest snippet shown (in UTF-16 units); the core is expected to send much less. */
export const MAX_SNIPPET = 300

/**
 * The runs to render. Without usable parts (an empty snippet), the start of `body` is shown
 * unmarked, so a result never looks blank.
 */
export function snippetRuns(parts: readonly SnippetPart[], body: string, max = MAX_SNIPPET): SnippetRun[] {
  const runs: SnippetRun[] = []
  let length = 0
  let cut = false
  for (const part of parts) {
    let text = part.text.replace(/\s+/gu, ' ')
    if (runs.length === 0) text = text.trimStart()
    if (text === '') continue
    if (length + text.length > max) {
      text = sliceWhole(text, max - length)
      cut = true
    }
    if (text !== '') {
      const last = runs[runs.length - 1]
      if (last && last.hit === part.hit) last.text += text
      else runs.push({ text, hit: part.hit })
      length += text.length
    }
    if (cut) break
  }
  const last = runs[runs.length - 1]
  if (last) {
    const trimmed = last.text.trimEnd()
    if (trimmed === '') runs.pop()
    else last.text = trimmed
  }
  if (runs.length === 0) {
    const text = previewText(body, max)
    return text === '' ? [] : [{ text, hit: false }]
  }
  if (cut) {
    const end = runs[runs.length - 1]!
    if (end.hit) runs.push({ text: '…', hit: false })
    else end.text += '…'
  }
  return runs
}

/** The snippet as plain text (what a screen reader reads, and tests compare). */
export function snippetText(runs: readonly SnippetRun[]): string {
  return runs.map((r) => r.text).join('')
}

/** The first `units` UTF-16 units of `text`, never splitting a surrogate pair. */
function sliceWhole(text: string, units: number): string {
  if (units <= 0) return ''
  let end = Math.min(units, text.length)
  const code = text.charCodeAt(end - 1)
  if (code >= 0xd800 && code <= 0xdbff) end--
  return text.slice(0, end)
}
