// Search latency: the archive's search (through the worker, as the app calls it) against the naive
// query clients without an index run (Gajim's shape: lower(body) LIKE '%q%', newest first), on
// the same file. First page of 50 hits, global unless the query says otherwise.
import Database from 'better-sqlite3'
import type { Archive } from '../electron/core/archive/archive'
import { ACCOUNT, type Corpus } from './corpus'
import { percentile, sample } from './stats'

export interface BenchQuery {
  label: string
  /** What the user types (filter syntax included). */
  text: string
  /** The baseline's LIKE needles (ANDed) and extra SQL condition. */
  needles: string[]
  where?: string
  /** Whether the ≥100x target applies: not where the baseline can use an index (one chat). */
  gated: boolean
}

export interface Latency {
  p50: number
  p95: number
  hits: number
}

const LIMIT = 50
const NO_FILTERS = { conversation: null, sender: null, after: null, before: null }

/** The query set; the rare word is picked from the corpus vocabulary's long tail. */
export function benchQueries(corpus: Corpus): BenchQuery[] {
  const rare = corpus.vocabulary[25_000]!
  const conversation = 'user2@bench.example'
  return [
    { label: 'common word', text: 'time', needles: ['time'], gated: true },
    { label: 'rare word', text: rare, needles: [rare], gated: true },
    { label: 'prefix (3 letters)', text: 'inv', needles: ['inv'], gated: true },
    { label: 'prefix (1st keystroke)', text: 't', needles: ['t'], gated: true },
    { label: 'two words', text: 'meeting tomorrow', needles: ['meeting', 'tomorrow'], gated: true },
    { label: 'accent-free "cafe"', text: 'cafe', needles: ['cafe'], gated: true },
    { label: 'Cyrillic prefix', text: 'при', needles: ['при'], gated: true },
    { label: 'CJK, 2 chars', text: '今天', needles: ['今天'], gated: true },
    { label: 'CJK, 3 chars', text: '图书馆', needles: ['图书馆'], gated: true },
    { label: 'emoji', text: '🎉', needles: ['🎉'], gated: true },
    { label: 'common, in one chat', text: `time in:${conversation}`, needles: ['time'], where: `conversation = '${conversation}'`, gated: false },
    { label: 'common, from:me', text: 'time from:me', needles: ['time'], where: `direction = 'out'`, gated: true },
  ]
}

export async function measureArchive(archive: Archive, query: BenchQuery, runs: number): Promise<Latency> {
  let hits = 0
  const run = async (): Promise<void> => {
    const result = await archive.search(ACCOUNT, { text: query.text, filters: NO_FILTERS, cursor: null, limit: LIMIT })
    if (result === 'superseded') throw new Error('A benchmark search was superseded: searches must run one at a time')
    hits = result.hits.length
  }
  const durations = await sample(runs, 3, run)
  return { p50: percentile(durations, 50), p95: percentile(durations, 95), hits }
}

export async function measureBaseline(file: string, query: BenchQuery, runs: number): Promise<Latency> {
  const db = new Database(file, { readonly: true })
  try {
    const likes = query.needles.map(() => 'lower(body) LIKE ?').join(' AND ')
    const statement = db.prepare<unknown[], unknown>(
      `SELECT id, conversation, direction, body, timestamp, state, origin_id FROM messages
       WHERE account = ? AND ${likes}${query.where ? ` AND ${query.where}` : ''}
       ORDER BY timestamp DESC, id DESC LIMIT ${LIMIT}`,
    )
    const args = [ACCOUNT, ...query.needles.map((needle) => `%${needle.toLowerCase()}%`)]
    let hits = 0
    const durations = await sample(runs, 1, () => {
      hits = statement.all(...args).length
    })
    return { p50: percentile(durations, 50), p95: percentile(durations, 95), hits }
  } finally {
    db.close()
  }
}
