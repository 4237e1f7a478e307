// Ingest measurements: the real archive (worker thread, storeIncoming per MAM-sized page, with the
// main thread's event-loop delay recorded meanwhile) against a bare better-sqlite3 insert loop
// into the same schema, same page size, in-process.
import type { Database, Statement } from 'better-sqlite3'
import type { Archive, IncomingMessage } from '../electron/core/archive/archive'
import { openArchive } from '../electron/core/archive/archive-client'
import { closeDatabase, openDatabase } from '../electron/core/archive/database'
import { ACCOUNT } from './corpus'
import { recordLag, worstLag, type Lag } from './stats'

export interface IngestResult {
  messages: number
  seconds: number
  perSecond: number
}

export interface IngestComparison {
  archive: IngestResult
  bare: IngestResult
  /** Main-thread event-loop delay while the archive was storing: the worst round's p99 and max. */
  lag: Lag
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
  const lags: Lag[] = []
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
      const stopLag = recordLag()
      await ours.time(messages, () => storePages(archive, part))
      lags.push(stopLag())
      await bare.time(messages, () => insertPages(db, insert, part))
    }
  } finally {
    await archive.close()
    closeDatabase(db)
  }
  return { archive: ours.result, bare: bare.result, lag: worstLag(lags) }
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
