// The two clients the catch-up benchmark compares, both timed from connecting until the last of the
// server's N pre-loaded messages is in:
// - ours: the product as it is, createCore signing in on a data dir whose cursor is at the seed
//   (XmppSession → inbound pipeline → ArchiveSync → archive worker), finished when its session
//   reports online (after the catch-up), checked against its archive file; with the main thread's
//   event-loop delay meanwhile;
// - the bare loop: the same xmpp.js stack (createXmppClient: STARTTLS, SCRAM, stream management)
//   paging forward from the seed with one query in flight, only counting results; TCP_NODELAY on
//   its socket either way (Nagle on is Node's default socket and the baseline).
import { randomUUID } from 'node:crypto'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Element } from '@xmpp/xml'
import type { ConnectionState } from '../shared/types/domain'
import { createCore } from '../electron/core/app-core'
import { MemorySecretStore } from '../electron/core/secrets/secret-store'
import { createXmppClient } from '../electron/core/xmpp/client-factory'
import { mamQuery, parseFin } from '../electron/core/xmpp/features/mam'
import { NS } from '../electron/core/xmpp/ns'
import { PASSWORD, USER, type ArchiveServer } from './catchup-server'
import { count, recordLag, type Lag } from './stats'

/** What archive-sync.ts asks for per page; servers clamp it to their cap. */
export const ASKED_PAGE = 250
const QUERY_TIMEOUT_MS = 60_000
const CORE_TIMEOUT_MS = 15 * 60_000
const ARCHIVE_FILE = 'archive.sqlite3'

export interface CatchUpRun {
  messages: number
  /** From connecting (or signing in) until the last message was stored (or counted). */
  ms: number
  /** Connecting, authenticating and binding, before the first query. */
  connectMs: number
}

export const perSecond = (run: CatchUpRun): number => run.messages / (run.ms / 1000)

/** Signs a core in on `dataDir`, waits until its session is online (after the catch-up) and shuts it down. */
async function signIn(server: ArchiveServer, dataDir: string): Promise<CatchUpRun & { lag: Lag }> {
  const core = await createCore({
    dataDir,
    secrets: new MemorySecretStore(),
    ports: { openExternal: async () => {} },
    trustedCa: [server.server.caCert],
    log: () => {},
  })
  let stored = 0
  let lastStored = 0
  let online = (): void => {}
  const caughtUp = new Promise<void>((resolve) => (online = resolve))
  core.subscribe((event, payload) => {
    if (event === 'messages:archived' || event === 'messages:added') {
      stored += (payload as unknown[]).length
      lastStored = performance.now()
    }
    if (event === 'connection:state' && (payload as ConnectionState).status === 'online') online()
  })
  let timer: NodeJS.Timeout | undefined
  const stopLag = recordLag()
  const started = performance.now()
  try {
    const reply = await core.handle('account:sign-in', {
      jid: server.jid,
      password: PASSWORD,
      rememberPassword: false,
      host: server.server.host,
      port: server.server.c2sPort,
      directTls: false,
    })
    if (!reply.ok || !(reply.value as { ok: boolean }).ok) throw new Error(`sign-in failed: ${JSON.stringify(reply)}`)
    const connectMs = performance.now() - started
    await Promise.race([caughtUp, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('catch-up timed out')), CORE_TIMEOUT_MS)))])
    return { messages: stored, ms: (lastStored || performance.now()) - started, connectMs, lag: stopLag() }
  } finally {
    clearTimeout(timer)
    stopLag()
    await core.shutdown()
  }
}

function storedMessages(dataDir: string): number {
  const db = new Database(join(dataDir, ARCHIVE_FILE), { readonly: true })
  try {
    return db.prepare<[], { n: number }>('SELECT count(*) AS n FROM messages').get()?.n ?? 0
  } finally {
    db.close()
  }
}

/**
 * A data dir whose cursor is at the seed: a first sign-in on a fresh install stores the newest
 * message and the cursor after it. Call before the pre-load; the caller removes the dir.
 */
export async function seedDataDir(server: ArchiveServer): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'catchup-template-'))
  await signIn(server, dir)
  if (storedMessages(dir) !== 1) throw new Error('the first sign-in did not store the seed message')
  return dir
}

/** Ours on a copy of the seeded data dir; fails unless its archive file then holds every message. */
export async function oursCatchUp(server: ArchiveServer, seeded: string): Promise<CatchUpRun & { lag: Lag }> {
  const dir = mkdtempSync(join(tmpdir(), 'catchup-core-'))
  try {
    cpSync(seeded, dir, { recursive: true })
    const run = await signIn(server, dir)
    const inFile = storedMessages(dir) - 1 // the seed
    if (run.messages !== server.loaded || inFile !== server.loaded)
      throw new Error(`our catch-up stored ${count(run.messages)} (file: ${count(inFile)}) of ${count(server.loaded)} messages`)
    return run
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The bare loop; fails unless it counted every message in pages of the server's cap. */
export async function bareCatchUp(server: ArchiveServer, noDelay: boolean, cap: number): Promise<CatchUpRun> {
  const started = performance.now()
  const client = createXmppClient({
    local: USER,
    domain: server.server.domain,
    resource: `bare-${randomUUID().slice(0, 8)}`,
    endpoint: { host: server.server.host, port: server.server.c2sPort, directTls: false },
    password: () => PASSWORD,
    ca: [server.server.caCert],
  })
  // Registered after client-factory's own 'connect' listener (which turns Nagle off), so this one decides.
  client.entity.on('connect', () => {
    const socket = client.entity.socket as { setNoDelay?: (on: boolean) => void; socket?: { setNoDelay?: (on: boolean) => void } } | null
    ;(socket?.setNoDelay ? socket : socket?.socket)?.setNoDelay?.(noDelay)
  })
  let open = { id: '', results: 0 }
  client.entity.on('stanza', (stanza: Element) => {
    if (stanza.name === 'message' && stanza.getChild('result', NS.mam)?.attrs.queryid === open.id) open.results++
  })
  let messages = 0
  let largestPage = 0
  try {
    await client.entity.start()
    const connectMs = performance.now() - started
    let after = server.seedId
    for (;;) {
      open = { id: randomUUID(), results: 0 }
      const fin = parseFin(await client.iqCaller.request(mamQuery({ queryId: open.id, max: ASKED_PAGE, after }), QUERY_TIMEOUT_MS))
      if (!fin) throw new Error('archive query answered without <fin/>')
      messages += open.results
      largestPage = Math.max(largestPage, open.results)
      if (fin.complete || fin.last === null) break
      after = fin.last
    }
    if (messages !== server.loaded) throw new Error(`the bare loop counted ${count(messages)} of ${count(server.loaded)} messages`)
    if (largestPage !== Math.min(cap, ASKED_PAGE, messages)) throw new Error(`pages of up to ${largestPage}, not the cap of ${cap}`)
    return { messages, ms: performance.now() - started, connectMs }
  } finally {
    await client.entity.stop().catch(() => {})
  }
}
