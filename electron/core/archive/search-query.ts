// Turns parsed search terms into what the two indexes understand, without ever handing user text
// to MATCH as syntax. Pure (no database). Layer: electron/core (Node, worker thread).
//
// Each term is cut into runs of searchable characters (SEARCHABLE_RUN): quotes, `*`, `(`, `:`,
// `-`, `^`, `+` and all other punctuation separate runs and never reach FTS5. Then:
// - runs without unspaced characters are words for messages_fts (unicode61). Consecutive word runs
//   of one term form one quoted phrase with a prefix star: `e-mail` → "e mail"*, `café` → "café"*,
//   a quoted "see you soon" → "see you soon"* (in order, adjacent; the last word is a prefix, so a
//   phrase still matches while it is being typed). FTS5 operators typed as words (AND, NEAR) are
//   inside quotes, so they are plain words.
// - runs with unspaced characters (CJK, Thai, emoji, …; see search-schema.ts) go to the trigram
//   table, each on its own: ≥ 3 characters as a quoted trigram phrase (a substring match), 1–2
//   characters as a LIKE substring test on the trigram table's rows (trigram cannot index them).
// All conditions are ANDed.
import type { SearchTerm } from '../../../shared/util/search-syntax'
import { SEARCHABLE_RUN, UNSPACED } from './search-schema'

export interface TextQuery {
  /** Quoted FTS5 phrases for messages_fts.body, ANDed (empty when every run is unspaced). */
  words: string[]
  /** Quoted trigram phrases for messages_ngram, ANDed. */
  ngrams: string[]
  /** LIKE patterns for short unspaced runs; runs hold no `%` or `_`, so no escaping is needed. */
  likes: string[]
  /** The unspaced runs, for marking in snippets (unicode61's snippet() cannot see them). */
  marks: string[]
  /** The word runs unquoted, for the rare excerpt built without snippet() (see snippet.ts). */
  wordRuns: string[]
}

/** Null when nothing searchable is left (empty or punctuation-only input). */
export function buildTextQuery(terms: readonly SearchTerm[]): TextQuery | null {
  const query: TextQuery = { words: [], ngrams: [], likes: [], marks: [], wordRuns: [] }
  for (const term of terms) {
    let phrase: string[] = []
    const flush = (): void => {
      if (phrase.length > 0) query.words.push(`${quote(phrase.join(' '))}*`)
      phrase = []
    }
    for (const [run] of term.text.normalize('NFC').matchAll(SEARCHABLE_RUN)) {
      if (!UNSPACED.test(run)) {
        phrase.push(run)
        query.wordRuns.push(run)
        continue
      }
      // An unspaced run breaks the phrase: unicode61 saw it as a token of its own between them.
      flush()
      query.marks.push(run)
      if ([...run].length >= 3) query.ngrams.push(quote(run))
      else query.likes.push(`%${run}%`)
    }
    flush()
  }
  return query.words.length + query.marks.length > 0 ? query : null
}

/** An FTS5 string: everything inside is literal, a quote is written twice. */
function quote(text: string): string {
  return `"${text.replaceAll('"', '""')}"`
}
