// Ingest measurements: the real archive (worker thread, storeIncoming per MAM-sized page, with the
// main thread's event-loop delay recorded meanwhile) against a bare better-sqlite3 insert loop
// into the same schema, same page size, in-process.
import type { Database, Statement } from 'better-sqlite3'
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks'
import type { Archive, IncomingMessage } from '../electron/core/archive/archive'
import { openArchive } from '../electron/core/archive/archive-client'
import { closeDatabase, openDatabase } from '../electron/core/archive/database'
import { ACCOUNT } from './corpus'

export interface IngestResult {
  messages: number
  seconds: number
  perSecond: number
}

export interface LagResult {
  p50: number
  p99: number
  max: number
}

export interface IngestComparison {
  archive: IngestResult
  bare: IngestResult
  /** Main-thread event-loop delay while the archive was storing: the worst round's p99 and max. */
  lag: LagResult
}

class Tally {
  messages = 0
  milliseconds = 0
  async time(messages: number, task: () => unknown): Promise<void> {
    const started = performance.now()
    await task()
    this.milliseconds += performance.now() - started
    this.messages += messages
  }
  get result(): IngestResult {
    const seconds = this.milliseconds / 1000
    return { messages: this.messages, seconds, perSecond: this.messages / seconds }
  }
}

/** One storeIncoming per page, awaited in turn (a sync loop does the same with MAM pages). */
async function storePages(archive: Archive, pages: readonly IncomingMessage[][]): Promise<void> {
  for (const page of pages) await archive.storeIncoming(ACCOUNT, page)
}

/**
 * The floor for the same work: the schema (migrations, triggers, pragmas) of openDatabase, one
 * prepared INSERT per message and one transaction per page; no deduplication, no conversation
 * summaries, no RETURNING, no thread hop.
 */
function insertPages(db: Database, insert: Statement, pages: readonly IncomingMessage[][]): void {
  for (const page of pages) {
    db.transaction(() => {
      for (const m of page) {
        const direction = m.direction ?? 'in'
        const senderBare = m.senderJid.split('/')[0]!
        insert.run(ACCOUNT, m.conversation, direction, m.senderJid, senderBare, m.body, m.timestamp, m.receivedAt, direction === 'out' ? 'sent' : 'received', m.originId)
      }
    })()
  }
}

/**
 * Stores the same pages both ways into two fresh files, alternating in `rounds` slices (archive,
 * bare, archive, bare, …) so that noise from other processes on the machine hits both alike.
 */
export async function compareIngest(archiveFile: string, bareFile: string, pages: readonly IncomingMessage[][], rounds: number): Promise<IngestComparison> {
  const archive = await openArchive(archiveFile)
  const db = openDatabase(bareFile)
  const lags: LagResult[] = []
  const ours = new Tally()
  const bare = new Tally()
  try {
    const insert = db.prepare(
      `INSERT INTO messages (account, conversation, direction, sender, sender_bare, body, timestamp, received_at, state, origin_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const slice = Math.ceil(pages.length / rounds)
    for (let start = 0; start < pages.length; start += slice) {
      const part = pages.slice(start, start + slice)
      const messages = part.reduce((sum, page) => sum + page.length, 0)
      // A fresh histogram per round: a re-enabled one would count the bare loop's blocking as delay.
      const lag = monitorEventLoopDelay({ resolution: 1 })
      lag.enable()
      await ours.time(messages, () => storePages(archive, part))
      lag.disable()
      lags.push(delays(lag))
      await bare.time(messages, () => insertPages(db, insert, part))
    }
  } finally {
    await archive.close()
    closeDatabase(db)
  }
  const worst = (pick: (lag: LagResult) => number): number => Math.max(...lags.map(pick))
  const p50s = lags.map((lag) => lag.p50).sort((a, b) => a - b)
  return { archive: ours.result, bare: bare.result, lag: { p50: p50s[p50s.length >> 1]!, p99: worst((lag) => lag.p99), max: worst((lag) => lag.max) } }
}

/** With 1 ms resolution the histogram records how late each 1 ms timer fired, in ns. */
function delays(lag: IntervalHistogram): LagResult {
  const toMs = (ns: number): number => ns / 1e6
  return { p50: toMs(lag.percentile(50)), p99: toMs(lag.percentile(99)), max: toMs(lag.max) }
}

/** Pages through a fresh archive client into an existing file (growing the corpus). */
export async function ingestMore(file: string, pages: Iterable<IncomingMessage[]>): Promise<IngestResult> {
  const archive = await openArchive(file)
  const tally = new Tally()
  try {
    for (const page of pages) await tally.time(page.length, () => archive.storeIncoming(ACCOUNT, page))
  } finally {
    await archive.close()
  }
  return tally.result
}
