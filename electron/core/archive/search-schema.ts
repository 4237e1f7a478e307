// The fixed vocabulary of the search index, shared by migration 0020 (which bakes it into the view
// and the triggers) and by the query side (search.ts), which must agree with what was indexed.
// Changing anything here needs a new migration that re-creates the triggers and re-fills the
// indexes. Layer: electron/core (Node, worker thread).
//
// Search keys: every message has `search_key = bucket * 2^20 + seq`, where bucket is its minute
// (timestamp / 60000, SQLite's truncating division, clamped) and seq numbers the messages of that
// minute in the order they were stored. The FTS rowid is that key, so "newest first" is a walk
// down the index in rowid order (done by FTS5 itself, stopped early), even when MAM backfill
// stores old messages late, and date filters and keyset cursors become rowid ranges. The walk
// yields whole minutes in time order; search.ts finishes the last minute it touches and sorts by
// (timestamp, id), so the order is exact although seq is arrival order.
// Why minutes: FTS5 stores each posting's rowid as a varint delta, so the key's resolution is
// paid in every posting. Measured on the bench corpus (body + scope, prefix '1 2 3', per message):
// ms * 2^20 → 325 B, s * 2^20 → 275 B, min * 2^20 → 231 B, arrival ids → 145 B (but those cannot be
// walked in time order). 2^20 slots per minute cannot overflow in practice (the UNIQUE index on
// search_key would refuse the insert). Keys reach 2^62, past JavaScript's safe integers: they stay
// in SQL, or cross as BigInt; buckets are safe integers.

/** Low bits of a search key: the slot within the minute. */
export const KEY_SEQ_BITS = 20
const BUCKET_MS = 60_000
/** Buckets are clamped into [-2^42, 2^42) so that keys fit 64 bits. */
const BUCKET_LIMIT = 2 ** 42

/** The SQL expression of a timestamp's bucket (integer division, as in bucketOf). */
export function bucketSql(timestamp: string): string {
  return `max(${-BUCKET_LIMIT}, min(${BUCKET_LIMIT - 1}, ${timestamp} / ${BUCKET_MS}))`
}

/** The bucket of an integer timestamp, exactly as bucketSql computes it. */
function bucketOf(timestamp: number): number {
  return Math.max(-BUCKET_LIMIT, Math.min(BUCKET_LIMIT - 1, Math.trunc(timestamp / BUCKET_MS)))
}

/**
 * The first key of the bucket of any timestamp >= t. Buckets only grow with time, so the key
 * bounds here admit every row the filter wants and maybe a few more; the query checks the
 * timestamps exactly.
 */
export function keyAtLeast(t: number): bigint {
  return BigInt(bucketOf(Math.floor(t))) << BigInt(KEY_SEQ_BITS)
}

/** An exclusive key bound past the bucket of any timestamp <= t. */
export function keyPast(t: number): bigint {
  return BigInt(bucketOf(Math.ceil(t)) + 1) << BigInt(KEY_SEQ_BITS)
}

/**
 * Scripts written without spaces between words, plus emoji and pictographic symbols: unicode61
 * cannot find a word inside them (a CJK sentence is one long token; emoji are separators), so
 * messages containing any of these code points are also indexed by the trigram table, and query
 * runs containing them are searched there. Hangul is spaced (and found by word prefix), so it is
 * not listed.
 */
const UNSPACED_RANGES: readonly (readonly [number, number])[] = [
  [0x0e00, 0x0eff], // Thai, Lao
  [0x1000, 0x109f], // Myanmar
  [0x1780, 0x17ff], // Khmer
  [0x2600, 0x27bf], // Miscellaneous Symbols, Dingbats (☀ ✅ ❤)
  [0x2b00, 0x2bff], // Miscellaneous Symbols and Arrows (⭐)
  [0x2e80, 0x2fdf], // CJK radicals, Kangxi radicals
  [0x3040, 0x312f], // Hiragana, Katakana, Bopomofo
  [0x31f0, 0x31ff], // Katakana phonetic extensions
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xff66, 0xff9f], // Halfwidth Katakana
  [0x1f000, 0x1faff], // Emoji and pictographs (incl. skin-tone modifiers)
  [0x20000, 0x323af], // CJK extensions B–H
]

const rangeClass = UNSPACED_RANGES.map(([from, to]) => `\\u{${from.toString(16)}}-\\u{${to.toString(16)}}`).join('')

/** Tests for any unspaced code point. */
export const UNSPACED = new RegExp(`[${rangeClass}]`, 'u')

/**
 * A run of characters the index can find: letters, numbers, marks, private use, and the unspaced
 * ranges. Everything else (spaces, punctuation, FTS5 syntax such as `"` `*` `(` `:` `-`) separates.
 */
export const SEARCHABLE_RUN = new RegExp(`[\\p{L}\\p{N}\\p{M}\\p{Co}${rangeClass}]+`, 'gu')

/** The GLOB pattern (SQLite compares code points in [ranges]) for a body the trigram table holds. */
export function unspacedGlob(): string {
  return `*[${UNSPACED_RANGES.map(([from, to]) => `${String.fromCodePoint(from)}-${String.fromCodePoint(to)}`).join('')}]*`
}

/**
 * The `scope` column of messages_fts: one token for the conversation, one for the sender ('me' for
 * outgoing). Hex keeps a JID a single token that no body word can spell (body terms are also
 * restricted to the body column), so conversation and sender filters intersect inside FTS5 in key
 * order instead of being checked row by row.
 */
export const SCOPE_SQL = `'c' || hex(conversation) || ' s' || CASE direction WHEN 'out' THEN 'me' ELSE hex(sender_bare) END`

export function conversationToken(jid: string): string {
  return `c${Buffer.from(jid, 'utf8').toString('hex')}`
}

/** `sender` is 'me' (outgoing) or the bare JID of an incoming message's sender. */
export function senderToken(sender: string): string {
  return sender === 'me' ? 'sme' : `s${Buffer.from(sender, 'utf8').toString('hex')}`
}
