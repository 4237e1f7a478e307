// A throwaway Prosody for a test file: its own temp dir (config, certificates, data, log), free
// loopback ports, accounts registered with prosodyctl, and start/stop/restart/kill on the same ports
// for reconnect tests. Owns making sure no server outlives the test process, however that ends.
//
//   const server = await startProsody({ users: { alice: 'alice-pw' } })
//   // sign in to `${user}@${server.domain}` at server.host:server.c2sPort, trusting [server.caCert]
//   await server.stop()
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, rmSync, statSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { makeCertificates, type CertificateKind } from './certificates'

export type { CertificateKind } from './certificates'

export interface StartProsodyOptions {
  /**
   * Default true: STARTTLS offered and required on the c2s port. False: no mod_tls and no
   * c2s_require_encryption, the "server offers no TLS" case (the direct-TLS port still listens).
   */
  tls?: boolean
  /** The server certificate, signed by the harness CA: default 'valid'. */
  certificate?: CertificateKind
  /** Accounts to register before the server starts: user name → password. */
  users?: Record<string, string>
  /**
   * Default 'internal' (Prosody's own files). 'sqlite': mod_storage_sql on one SQLite file
   * (`sqlitePath`) for everything, archives included; needs the lua-dbi-sqlite3 package.
   */
  storage?: 'internal' | 'sqlite'
  /** mod_mam's `max_archive_query_results`, the most results per archive page; default Prosody's (50). */
  maxArchiveQueryResults?: number
  /**
   * XEP-0363 HTTP File Upload: Prosody's mod_http_file_share as the component `upload.localhost`
   * (listed in the server's disco#items), served over HTTPS on its own free loopback port with the
   * run's certificate; slot URLs are `https://localhost:<port>/file_share/...`. Off by default.
   */
  httpFileShare?: HttpFileShareOptions
  /**
   * Without mod_bookmarks (XEP-0402): bookmarks then live only in private storage (XEP-0048 over
   * XEP-0049), as on servers that never offered PEP bookmarks.
   */
  legacyBookmarks?: boolean
}

export interface HttpFileShareOptions {
  /** `http_file_share_size_limit` in bytes (Prosody's default: 10 MiB). */
  sizeLimit?: number
  /** `http_file_share_daily_quota` in bytes per user (Prosody's default: ten times the size limit). */
  dailyQuota?: number
}

/** Where the upload component is, when `httpFileShare` was asked for. */
export interface HttpFileShareInfo {
  /** The component's JID, which answers slot requests. */
  readonly jid: string
  readonly httpsPort: number
  /** Prefix of every slot URL. */
  readonly baseUrl: string
  readonly sizeLimit: number
}

export interface ProsodyServer {
  readonly domain: string
  /** Where to connect: the server listens on this address only. */
  readonly host: string
  /** Plain c2s port (STARTTLS). */
  readonly c2sPort: number
  /** XEP-0368 direct TLS port. */
  readonly directTlsPort: number
  /** PEM of the CA that signed the server certificate: the one certificate a client should trust. */
  readonly caCert: string
  /** The same CA as a file, e.g. for NODE_EXTRA_CA_CERTS of a child process. */
  readonly caPath: string
  /** The server's own certificate. */
  readonly certPath: string
  readonly dir: string
  readonly logPath: string
  /** The SQLite database with storage 'sqlite' (tables appear once Prosody first uses it); null otherwise. */
  readonly sqlitePath: string | null
  /** The HTTP upload component with `httpFileShare`; null otherwise. */
  readonly httpFileShare: HttpFileShareInfo | null
  readonly running: boolean
  /** Creates the account or sets its password; works whether or not the server runs. */
  register(user: string, password: string): Promise<void>
  /** Starts the server again (after stop({ keepData: true }) or kill()) on the same ports. */
  start(): Promise<void>
  /** Graceful stop (SIGTERM, then SIGKILL after a grace period). Removes the temp dir unless keepData. */
  stop(options?: { keepData?: boolean }): Promise<void>
  /** stop({ keepData: true }) then start(): same ports, same accounts and archives. */
  restart(): Promise<void>
  /** SIGKILL, like a crash: clients see the TCP connection drop without a stream close. */
  kill(): Promise<void>
  /** The last lines of Prosody's log, for assertion messages. */
  logTail(lines?: number): string
}

const DOMAIN = 'localhost'
const HOST = '127.0.0.1'
const START_TIMEOUT_MS = 20_000
const STOP_GRACE_MS = 10_000

const MODULES = [
  'roster', 'saslauth', 'tls', 'disco', 'carbons', 'pep', 'private', 'blocklist', 'vcard4', 'vcard_legacy',
  'version', 'ping', 'mam', 'smacks', 'offline', 'csi_simple', 'lastactivity', 'bookmarks',
]

const runFile = promisify(execFile)

export async function startProsody(options: StartProsodyOptions = {}): Promise<ProsodyServer> {
  const dir = await mkdtemp(join(tmpdir(), 'xmpp-desk-prosody-'))
  let untrack: (() => void) | undefined
  try {
    const certDir = join(dir, 'certs')
    await mkdir(certDir)
    await mkdir(join(dir, 'data'))
    const certs = await makeCertificates(certDir, DOMAIN, options.certificate ?? 'valid')
    const [c2sPort, directTlsPort, httpsPort] = await freePorts(options.httpFileShare ? 3 : 2)
    if (c2sPort === undefined || directTlsPort === undefined) throw new Error('no free ports')
    const fileShare = options.httpFileShare && httpsPort !== undefined ? fileShareInfo(options.httpFileShare, httpsPort) : null
    const configPath = join(dir, 'prosody.cfg.lua')
    const logPath = join(dir, 'prosody.log')
    const sqlitePath = options.storage === 'sqlite' ? join(dir, 'data', 'prosody.sqlite') : null
    await writeFile(
      configPath,
      prosodyConfig({ dir, certDir, logPath, c2sPort, directTlsPort, tls: options.tls ?? true, sqlitePath, maxArchiveQueryResults: options.maxArchiveQueryResults, legacyBookmarks: options.legacyBookmarks ?? false, fileShare, dailyQuota: options.httpFileShare?.dailyQuota, ...certs }),
    )

    let current: RunningProsody | undefined
    let removed = false
    const alive = (): boolean => current !== undefined && current.exitDescription() === undefined
    untrack = trackForExit(() => {
      current?.signal('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    })

    const server: ProsodyServer = {
      domain: DOMAIN,
      host: HOST,
      c2sPort,
      directTlsPort,
      caCert: certs.caCert,
      caPath: certs.caPath,
      certPath: certs.certPath,
      dir,
      logPath,
      sqlitePath,
      httpFileShare: fileShare,
      get running() {
        return alive()
      },
      async register(user, password) {
        try {
          await runFile('prosodyctl', ['--config', configPath, 'register', user, DOMAIN, password])
        } catch (error) {
          // Not execFile's own message: that one repeats the command line, password included.
          const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
          throw new Error(`prosodyctl register ${user}@${DOMAIN} failed: ${`${stdout}${stderr}`.trim()}`)
        }
      },
      async start() {
        if (removed) throw new Error(`this Prosody was stopped and ${dir} removed; start a new one`)
        if (alive()) return
        const logOffset = fileSize(logPath)
        const started = launch(configPath, dir)
        current = started
        try {
          await waitUntilListening(started, { logPath, logOffset, configPath, c2sPort, directTlsPort, httpsPort: fileShare?.httpsPort })
        } catch (error) {
          await started.stop('SIGKILL')
          current = undefined
          throw error
        }
      },
      async stop({ keepData = false } = {}) {
        await current?.stop('SIGTERM')
        current = undefined
        if (!keepData && !removed) {
          removed = true
          untrack?.()
          await rm(dir, { recursive: true, force: true })
        }
      },
      async restart() {
        await server.stop({ keepData: true })
        await server.start()
      },
      async kill() {
        await current?.stop('SIGKILL')
        current = undefined
      },
      logTail(lines = 40) {
        return tail(readLog(logPath, 0), lines)
      },
    }

    for (const [user, password] of Object.entries(options.users ?? {})) await server.register(user, password)
    await server.start()
    return server
  } catch (error) {
    untrack?.()
    await rm(dir, { recursive: true, force: true })
    throw error
  }
}

interface ConfigInput {
  dir: string
  certDir: string
  logPath: string
  c2sPort: number
  directTlsPort: number
  tls: boolean
  sqlitePath: string | null
  maxArchiveQueryResults: number | undefined
  legacyBookmarks: boolean
  fileShare: HttpFileShareInfo | null
  dailyQuota: number | undefined
  certPath: string
  keyPath: string
}

function prosodyConfig(c: ConfigInput): string {
  const lua = (value: string): string => JSON.stringify(value)
  const list = (values: (string | number)[]): string => `{ ${values.map((v) => (typeof v === 'number' ? String(v) : lua(v))).join(', ')} }`
  const ssl = `{ certificate = ${lua(c.certPath)}; key = ${lua(c.keyPath)}; }`
  const modules = MODULES.filter((m) => (c.tls || m !== 'tls') && (!c.legacyBookmarks || m !== 'bookmarks'))
  const extra = [
    c.sqlitePath === null ? '' : `storage = "sql"\nsql = { driver = "SQLite3", database = ${lua(c.sqlitePath)} }\n`,
    c.maxArchiveQueryResults === undefined ? '' : `max_archive_query_results = ${Math.floor(c.maxArchiveQueryResults)}\n`,
  ].join('')
  return `-- Generated by test/support/prosody.ts for one test run.
-- The test runs as root: allowed explicitly. mod_posix (always loaded on POSIX) then only writes the
-- pidfile and turns SIGTERM into a clean shutdown; -F on the command line keeps it in the foreground.
run_as_root = true
pidfile = ${lua(join(c.dir, 'prosody.pid'))}
data_path = ${lua(join(c.dir, 'data'))}
admin_socket = ${lua(join(c.dir, 'admin.sock'))}
certificates = ${lua(c.certDir)}
log = { { levels = { min = "debug" }, to = "file", filename = ${lua(c.logPath)} } }

interfaces = ${list([HOST])}
c2s_ports = ${list([c.c2sPort])}
c2s_direct_tls_ports = ${list([c.directTlsPort])}
s2s_ports = {}
s2s_direct_tls_ports = {}
http_ports = {}
https_ports = ${list(c.fileShare ? [c.fileShare.httpsPort] : [])}
${c.fileShare ? `https_ssl = ${ssl}\n` : ''}
authentication = "internal_hashed"
c2s_require_encryption = ${c.tls ? 'true' : 'false'}
archive_expires_after = "never"
${extra}modules_enabled = ${list(modules)}
ssl = ${ssl}

VirtualHost ${lua(DOMAIN)}
  ssl = ${ssl}
${c.fileShare ? fileShareComponent(c.fileShare, c.dailyQuota) : ''}
-- Multi-user chat (XEP-0045) with room archives (XEP-0313); every room keeps one unless configured otherwise.
Component ${lua(MUC_SERVICE)} "muc"
  modules_enabled = { "muc_mam", "muc_moderation" }
  muc_log_by_default = true
`
}

/** The test server's multi-user chat service. */
export const MUC_SERVICE = `conference.${DOMAIN}`

// --- HTTP File Upload (option httpFileShare) -------------------------------------------------
// Prosody 0.12 (Debian 12): mod_http_file_share is loaded as a Component on a subdomain; mod_disco
// lists subdomain components in the parent host's disco#items. Its HTTP paths are mounted under
// `http_host` (the certificate's name, which resolves to 127.0.0.1 here), on the global https port
// (`https_ssl` = the run's certificate). Local users of the parent host may upload (no `_access`).

const UPLOAD_COMPONENT = `upload.${DOMAIN}`
const DEFAULT_FILE_SHARE_LIMIT = 10 * 1024 * 1024

function fileShareInfo(options: HttpFileShareOptions, httpsPort: number): HttpFileShareInfo {
  return { jid: UPLOAD_COMPONENT, httpsPort, baseUrl: `https://${DOMAIN}:${httpsPort}/file_share/`, sizeLimit: Math.floor(options.sizeLimit ?? DEFAULT_FILE_SHARE_LIMIT) }
}

function fileShareComponent(f: HttpFileShareInfo, dailyQuota: number | undefined): string {
  const lua = (value: string): string => JSON.stringify(value)
  return `
Component ${lua(f.jid)} "http_file_share"
  http_host = ${lua(DOMAIN)}
  http_file_share_size_limit = ${f.sizeLimit}
${dailyQuota === undefined ? '' : `  http_file_share_daily_quota = ${Math.floor(dailyQuota)}\n`}`
}

interface RunningProsody {
  /** stdout and stderr so far: where Prosody reports config errors before its log is set up. */
  output(): string
  exitDescription(): string | undefined
  signal(signal: NodeJS.Signals): void
  stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>
}

function launch(configPath: string, dir: string): RunningProsody {
  // Own process group (setsid): one signal reaches Prosody and anything it spawns, and a Ctrl-C
  // meant for the runner does not hit it mid-test (the watchdog ends it once the runner is gone).
  const child = spawn('prosody', ['--config', configPath, '-F'], { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-8_000)
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  let exit: string | undefined
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = signal ? `killed by ${signal}` : `exited with code ${code}`
      resolve()
    })
    child.once('error', (error) => {
      exit = `could not be started: ${error.message}`
      resolve()
    })
  })
  const watchdog = child.pid === undefined ? undefined : startWatchdog(child.pid, dir)
  void exited.then(() => watchdog?.kill('SIGKILL'))
  // A server a test forgot to stop must not keep the test process alive; the exit hook ends it.
  child.unref()
  for (const stream of [child.stdout, child.stderr]) (stream as Socket | null)?.unref()

  const signal = (sig: NodeJS.Signals): void => {
    if (child.pid === undefined || exit !== undefined) return
    try {
      process.kill(-child.pid, sig)
    } catch {
      // Already gone (ESRCH): nothing to signal.
    }
  }
  return {
    output: () => output,
    exitDescription: () => exit,
    signal,
    async stop(sig) {
      signal(sig)
      const graceful = await Promise.race([exited.then(() => true), delay(STOP_GRACE_MS).then(() => false)])
      if (!graceful) {
        signal('SIGKILL')
        await exited
      }
    },
  }
}

/**
 * A tiny shell that waits on a pipe from this process and, when the pipe closes because this
 * process died without running its exit hook (SIGKILL, a runner killing its worker), kills
 * Prosody's process group and removes the temp dir. Killed itself as soon as Prosody exits.
 */
function startWatchdog(pgid: number, dir: string): ChildProcess {
  // It ignores the signals a terminal or runner sends its group, so it outlives its parent by design.
  const script = 'trap "" INT TERM HUP; read -r _; kill -9 -"$1" 2>/dev/null; rm -rf "$2"'
  const watchdog = spawn('sh', ['-c', script, 'prosody-watchdog', String(pgid), dir], {
    stdio: ['pipe', 'ignore', 'ignore'],
  })
  watchdog.on('error', () => {
    // No sh: only the exit hook protects against leftovers then.
  })
  watchdog.unref()
  ;(watchdog.stdin as Socket | null)?.unref()
  return watchdog
}

async function waitUntilListening(
  prosody: RunningProsody,
  w: { logPath: string; logOffset: number; configPath: string; c2sPort: number; directTlsPort: number; httpsPort?: number | undefined },
): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS
  const fail = (why: string, log: string): Error =>
    new Error(
      `Prosody did not start: ${why} (config ${w.configPath}).\n--- log tail ---\n${tail(log, 40)}\n--- output ---\n${prosody.output().trim()}`,
    )
  // The log, not only the port: a port that another process grabbed in the meantime would accept
  // connections too, while Prosody merely logs that it could not listen there.
  const listening = [`c2s to [${HOST}]:${w.c2sPort}`, `c2s_direct_tls to [${HOST}]:${w.directTlsPort}`]
  if (w.httpsPort !== undefined) listening.push(`https to [${HOST}]:${w.httpsPort}`)
  for (;;) {
    const log = readLog(w.logPath, w.logOffset)
    const exit = prosody.exitDescription()
    if (exit) throw fail(`it ${exit}`, log)
    const bindError = /Failed to open server port.*|Error binding encrypted port.*/u.exec(log)
    if (bindError) throw fail(bindError[0], log)
    if (listening.every((service) => log.includes(`Added listening service ${service}`)) && (await accepts(HOST, w.c2sPort))) return
    if (Date.now() > deadline) throw fail(`not listening on ${HOST}:${w.c2sPort} after ${START_TIMEOUT_MS} ms`, log)
    await delay(100)
  }
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    socket.setTimeout(1_000)
    const done = (ok: boolean): void => {
      socket.destroy()
      resolve(ok)
    }
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
    socket.once('timeout', () => done(false))
  })
}

/** Ports the kernel hands out for port 0, all held open together so they are distinct. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<Server>((resolve, reject) => {
      const server = createServer()
      server.once('error', reject)
      server.listen(0, HOST, () => resolve(server))
    })),
  )
  const ports = servers.map((s) => (s.address() as AddressInfo).port)
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))))
  return ports
}

const exitCleanups = new Set<() => void>()
process.on('exit', () => {
  for (const cleanup of exitCleanups) cleanup()
})

/** Runs `cleanup` (synchronously) when the test process exits; returns the way to cancel that. */
function trackForExit(cleanup: () => void): () => void {
  exitCleanups.add(cleanup)
  return () => exitCleanups.delete(cleanup)
}

/** The log from byte `offset` on: what the current run wrote, the file being shared by all runs. */
function readLog(path: string, offset: number): string {
  try {
    return readFileSync(path).subarray(offset).toString('utf8')
  } catch {
    return ''
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n')
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
