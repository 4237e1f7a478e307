// The server side of the catch-up benchmark: a throwaway Prosody (test/support/prosody.ts) on
// SQLite storage, a page cap of our choosing, and alice's archive filled directly in its database.
//
// Why not over c2s: every message a client sends costs Prosody three synchronous SQLite
// transactions (sender's archive, recipient's archive, offline store; journal_mode=DELETE,
// synchronous=FULL), ~185 messages/s on the 2-core box, so 100k would take ~9 minutes. The rows
// written here are the ones Prosody 0.12's mod_mam + mod_storage_sql write for a chat message
// (same columns, a v4 UUID as archive id, `with` = the peer's bare JID, type 'xml', the stanza as
// Prosody serialises it, without the stanza-id it adds on delivery), into alice's archive only,
// with Prosody stopped. Peers and bodies come from the benchmark corpus (500 conversations, Zipf
// sized, a third of them our own sent messages).
import { randomUUID } from 'node:crypto'
import Database from 'better-sqlite3'
import { startProsody, type ProsodyServer } from '../test/support/prosody'
import { checkProsodySql } from '../test/support/services'
import { ACCOUNT as CORPUS_ACCOUNT, generateCorpus, type Corpus } from './corpus'

export const USER = 'alice'
export const PASSWORD = 'alice-pw'
const DAY_S = 86_400

/** Why the catch-up benchmark cannot run here (no Prosody, or no SQLite driver for it), or null. */
export function catchupUnavailable(): string | null {
  const check = checkProsodySql()
  return check.available ? null : check.reason
}

export interface ArchiveServer {
  server: ProsodyServer
  jid: string
  /** Messages in alice's archive after the seed (the catch-up target). */
  loaded: number
  /** Archive id of the seed message: where a cursor from before the pre-load points. */
  seedId: string
  /** Writes `messages` messages after the seed (once); returns the ms it took, server restart included. */
  preload(messages: number): Promise<number>
  stop(): Promise<void>
}

const escapeXml = (text: string): string =>
  text.replace(/[&<>'"]/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&apos;', '"': '&quot;' })[c]!)

/** The stanza as Prosody's st.serialize writes it for a c2s message (attribute order included). */
function stanza(from: string, to: string, id: string, body: string, originId: string): string {
  return `<message from='${escapeXml(from)}' id='${id}' type='chat' xml:lang='en' to='${escapeXml(to)}'><body>${escapeXml(body)}</body><origin-id id='${originId}' xmlns='urn:xmpp:sid:0'/></message>`
}

/**
 * Starts Prosody on SQLite with `max_archive_query_results = cap` (50: Prosody's default, left
 * unset) and one seed message in alice's archive, ten days old.
 */
export async function startArchiveServer(cap: number): Promise<ArchiveServer> {
  const server = await startProsody({ users: { [USER]: PASSWORD }, storage: 'sqlite', ...(cap === 50 ? {} : { maxArchiveQueryResults: cap }) })
  const jid = `${USER}@${server.domain}`
  const now = Math.floor(Date.now() / 1000)
  const seedId = randomUUID()
  let loaded = 0
  try {
    await server.stop({ keepData: true })
    withDatabase(server, (db) => insert(db, server.domain)([{ key: seedId, when: now - 10 * DAY_S, with: `seed@${server.domain}`, value: stanza(`seed@${server.domain}/x`, jid, 'seed', 'The last message before going away.', 'seed') }]))
    await server.start()
  } catch (error) {
    await server.stop()
    throw error
  }
  return {
    server,
    jid,
    seedId,
    get loaded() {
      return loaded
    },
    async preload(messages) {
      if (loaded > 0) throw new Error('the archive is already pre-loaded')
      const started = performance.now()
      await server.stop({ keepData: true })
      // The last nine days up to an hour ago, evenly, in archive order.
      withDatabase(server, (db) => insert(db, server.domain)(rows(generateCorpus(messages), jid, messages, { start: now - 9 * DAY_S, end: now - 3600 })))
      await server.start()
      loaded = messages
      return performance.now() - started
    },
    stop: () => server.stop(),
  }
}

interface Row {
  key: string
  when: number
  with: string
  value: string
}

function* rows(corpus: Corpus, jid: string, messages: number, range: { start: number; end: number }): Generator<Row> {
  const step = (range.end - range.start) / messages
  for (let i = 0; i < messages; i++) {
    const m = corpus.message(i)
    const peer = m.conversation
    const ours = m.senderJid.startsWith(`${CORPUS_ACCOUNT}/`)
    const value = ours ? stanza(`${jid}/desktop`, peer, `m${i}`, m.body, `o${i}`) : stanza(m.senderJid, jid, `m${i}`, m.body, `o${i}`)
    yield { key: randomUUID(), when: Math.floor(range.start + i * step), with: peer, value }
  }
}

function withDatabase(server: ProsodyServer, task: (db: Database.Database) => void): void {
  if (!server.sqlitePath) throw new Error('the catch-up benchmark needs Prosody on SQLite storage')
  const db = new Database(server.sqlitePath)
  try {
    db.pragma('busy_timeout = 5000')
    task(db)
  } finally {
    db.close()
  }
}

function insert(db: Database.Database, host: string): (rows: Iterable<Row>) => void {
  const statement = db.prepare(`INSERT INTO prosodyarchive (host, user, store, "when", "with", key, type, value) VALUES (?, ?, 'archive', ?, ?, ?, 'xml', ?)`)
  return db.transaction((rows: Iterable<Row>) => {
    for (const row of rows) statement.run(host, USER, row.when, row.with, row.key, row.value)
  })
}
