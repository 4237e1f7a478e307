// Full-text search over one account's archive, newest first, one keyset page at a time.
// Layer: electron/core (Node, worker thread). Schema and index design: migrations/0020-search.ts.
//
// Query plan. Both FTS tables use the time-ordered search key as rowid, so a page is one walk
// down an FTS doclist in rowid order (ORDER BY rowid DESC is done by FTS5 itself), joined row by
// row to messages through the unique search_key index, and abandoned once the page is full: the
// cost follows the page size, not the number of matches. (Signal's temp-table plan solves the same
// problem by sorting all matched rowids through a time index; with time-ordered rowids only the
// last minute of the page needs sorting.) CROSS JOIN pins that loop order, so the planner never
// walks messages first.
// - Word terms only: walk messages_fts; conversation and sender filters are scope tokens in the
//   MATCH, so FTS5 intersects them too; dates and the cursor are rowid bounds.
// - Any unspaced term (CJK, emoji, …): walk messages_ngram (only the messages holding such text),
//   matching ≥ 3-character runs as trigram phrases and testing shorter runs with LIKE on the way;
//   word terms are then matched per row in messages_fts, by rowid (a third join).
// Every filter is re-checked on the messages row (exact, and cheap on the few rows that get there).
// snippet() runs in the same statement, on the FTS cursor that found the row: FTS5 keeps no state
// between statements, so matching again per hit would redo the prefix-merge work once per hit.
import type { Database } from 'better-sqlite3'
import type { SearchFilters, SearchHit, SnippetPart } from '../../../shared/types/domain'
import { mergeFilters, occupantFilter, parseSearch } from '../../../shared/util/search-syntax'
import type { SearchRequest, SearchResult } from './archive'
import { MESSAGE_COLUMNS, toMessage, type MessageRow } from './messages'
import { KEY_SEQ_BITS, conversationToken, keyAtLeast, keyPast, senderToken } from './search-schema'
import { buildTextQuery, type TextQuery } from './search-query'
import { END, START, excerpt, hasMarkers, markRuns, parseMarked } from './snippet'

/** FTS5 snippet() length in tokens. */
const SNIPPET_TOKENS = 12

interface Cursor {
  timestamp: number
  id: number
}

type Params = Record<string, string | number | bigint>

export function search(db: Database, account: string, request: SearchRequest): SearchResult {
  const { limit } = request
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Search limit must be a positive integer, got ${limit}`)
  const parsed = parseSearch(request.text)
  const text = buildTextQuery(parsed.terms)
  // FTS5 cannot MATCH nothing, and filters alone are not a search.
  if (!text) return { hits: [], nextCursor: null }
  const filters = mergeFilters(request.filters, parsed.filters)
  const cursor = request.cursor === null ? null : decodeCursor(request.cursor)

  const rows = findRows(db, account, text, filters, cursor, limit + 1)
  const page = rows.slice(0, limit)
  const hits: SearchHit[] = page.map((row) => ({ message: toMessage(row), snippet: snippetOf(row, text) }))
  const last = page.at(-1)
  return { hits, nextCursor: rows.length > limit && last ? encodeCursor({ timestamp: last.timestamp, id: last.id }) : null }
}

interface HitRow extends MessageRow {
  /** The minute bucket of the search key (see search-schema.ts). */
  bucket: number
  /** snippet() output, when word terms matched in messages_fts. */
  marked: string | null
}

/**
 * At least `wanted` matching rows (unless there are fewer), newest first by (timestamp, id): the
 * index walk yields whole minutes newest first, so it stops once it has enough rows and has
 * finished the minute it is in, and only those rows need sorting.
 */
function findRows(db: Database, account: string, text: TextQuery, filters: SearchFilters, cursor: Cursor | null, wanted: number): HitRow[] {
  const rows: HitRow[] = []
  for (const row of walk(db, account, text, filters, cursor)) {
    if (rows.length >= wanted && row.bucket !== rows.at(-1)?.bucket) break
    rows.push(row)
  }
  return rows.sort((a, b) => b.timestamp - a.timestamp || b.id - a.id)
}

/** The statement walking the index newest minute first; iterated lazily and abandoned early. */
function walk(db: Database, account: string, text: TextQuery, filters: SearchFilters, cursor: Cursor | null): IterableIterator<HitRow> {
  const params: Params = { account, start: START, end: END, tokens: SNIPPET_TOKENS }
  const where: string[] = []
  const add = (clause: string, values: Params = {}): void => {
    where.push(clause)
    Object.assign(params, values)
  }

  // The key range of the index walk: date filters and cursor.
  if (filters.after !== null) add('t.rowid >= @low', { low: keyAtLeast(filters.after) })
  const highs = [...(filters.before === null ? [] : [keyPast(filters.before)]), ...(cursor === null ? [] : [keyPast(cursor.timestamp)])]
  if (highs.length > 0) add('t.rowid < @high', { high: highs.reduce((min, high) => (high < min ? high : min)) })

  // The exact checks on the messages row.
  add('m.account = @account')
  if (filters.conversation !== null) add('m.conversation = @conversation', { conversation: filters.conversation })
  const occupant = occupantFilter(filters.sender)
  if (filters.sender === 'me') add(`m.direction = 'out'`)
  else if (occupant) add(`m.direction = 'in' AND (m.sender_bare = @bare OR (m.conversation = @bare AND m.sender_nick = @nick))`, occupant)
  else if (filters.sender !== null) add(`m.direction = 'in' AND m.sender_bare = @sender`, { sender: filters.sender })
  if (filters.after !== null) add('m.timestamp >= @after', { after: filters.after })
  if (filters.before !== null) add('m.timestamp < @before', { before: filters.before })
  if (cursor !== null) add('(m.timestamp, m.id) < (@cursorTimestamp, @cursorId)', { cursorTimestamp: cursor.timestamp, cursorId: cursor.id })

  // snippet() of the messages_fts cursor `alias`, on the body column.
  const snippet = (alias: string): string => `snippet(${alias}.messages_fts, 0, @start, @end, '…', @tokens)`
  let from: string
  let marked = 'NULL'
  if (text.marks.length === 0) {
    from = 'messages_fts AS t CROSS JOIN messages AS m ON m.search_key = t.rowid'
    add('t.messages_fts MATCH @match', { match: [wordsMatch(text), ...scopeMatch(filters)].join(' AND ') })
    marked = snippet('t')
  } else {
    from = 'messages_ngram AS t CROSS JOIN messages AS m ON m.search_key = t.rowid'
    if (text.ngrams.length > 0) add('t.messages_ngram MATCH @ngrams', { ngrams: text.ngrams.join(' AND ') })
    text.likes.forEach((like, index) => add(`t.body LIKE @like${index}`, { [`like${index}`]: like }))
    if (text.words.length > 0) {
      // One FTS5 lookup per candidate row. Cheap for words up to three letters (prefix index) and
      // for longer ones that start few words; a long prefix shared by many frequent words would
      // redo its doclist merge per candidate, but candidates are only messages with such text.
      from += ' CROSS JOIN messages_fts AS w ON w.rowid = t.rowid'
      add('w.messages_fts MATCH @match', { match: wordsMatch(text) })
      marked = snippet('w')
    }
  }

  const columns = MESSAGE_COLUMNS.split(', ').map((column) => `m.${column}`).join(', ')
  return db
    .prepare<[Params], HitRow>(
      `SELECT ${columns}, t.rowid >> ${KEY_SEQ_BITS} AS bucket, ${marked} AS marked
       FROM ${from} WHERE ${where.join(' AND ')} ORDER BY t.rowid DESC`,
    )
    .iterate(params)
}

/** The word terms, restricted to the body column (so they can never match a scope token). */
function wordsMatch(text: TextQuery): string {
  return `body : (${text.words.join(' AND ')})`
}

function scopeMatch(filters: SearchFilters): string[] {
  const tokens: string[] = []
  if (filters.conversation !== null) tokens.push(conversationToken(filters.conversation))
  // A full JID may name a room occupant, who has no sender token of their own (their messages are
  // keyed by the room): the row check above decides.
  if (filters.sender !== null && occupantFilter(filters.sender) === null) tokens.push(senderToken(filters.sender))
  return tokens.map((token) => `scope : "${token}"`)
}

/**
 * snippet() output as parts, with the unspaced runs marked too; an excerpt when there is none, or
 * when the body itself holds the marker characters (see snippet.ts).
 */
function snippetOf(row: HitRow, text: TextQuery): SnippetPart[] {
  if (row.marked === null) return excerpt(row.body, text.marks)
  // Words marked as plain case-insensitive substrings here: an approximation, for an odd body.
  if (hasMarkers(row.body)) return excerpt(row.body, [...text.marks, ...text.wordRuns])
  return markRuns(parseMarked(row.marked), text.marks)
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.timestamp, cursor.id]), 'utf8').toString('base64url')
}

function decodeCursor(encoded: string): Cursor {
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'))
  } catch {
    decoded = null
  }
  if (!Array.isArray(decoded) || decoded.length !== 2 || !decoded.every((value) => Number.isSafeInteger(value))) {
    throw new RangeError('Invalid search cursor')
  }
  const [timestamp, id] = decoded as [number, number]
  return { timestamp, id }
}
