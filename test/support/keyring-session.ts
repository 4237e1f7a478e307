// A KeyringSecretStore living in a private Secret Service, for keychain tests that run from a
// plain `npx vitest run`: starts `scripts/with-keyring.sh node keyring-store-server.ts` and proxies
// the SecretStore calls to it. Why a child process: a Secret Service needs a D-Bus session, and
// running our own (instead of whatever session the developer's desktop has) guarantees a test never
// reads or writes a real keyring.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'
import type { SecretStore } from '../../electron/core/secrets/secret-store'
import type { KeyringReply, KeyringRequest } from './keyring-store-server'

const REPO = fileURLToPath(new URL('../..', import.meta.url))
const SCRIPT = fileURLToPath(new URL('../../scripts/with-keyring.sh', import.meta.url))
const SERVER = fileURLToPath(new URL('./keyring-store-server.ts', import.meta.url))
const READY_TIMEOUT_MS = 20_000
const REQUEST_TIMEOUT_MS = 10_000

export interface KeyringSession {
  /** A KeyringSecretStore (with the given service name) inside the private Secret Service. */
  store: SecretStore
  /** What libsecret's secret-tool finds for the account in that Secret Service, or null. */
  lookup(account: string): Promise<string | null>
  close(): Promise<void>
}

type Payload = { op: 'get' | 'delete' | 'lookup'; account: string } | { op: 'set'; account: string; secret: string }

export async function startKeyringSession(service: string): Promise<KeyringSession> {
  // Its own process group, so a session that hangs can be ended whole (shell, D-Bus, node).
  const child = spawn(SCRIPT, [process.execPath, '--import', 'tsx', SERVER, service], {
    cwd: REPO,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const killGroup = (): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000)
  })
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()))
  const describeExit = (): string => `keyring session ended (exit ${child.exitCode ?? child.signalCode}): ${stderr.trim()}`

  const pending = new Map<number, { resolve: (value: string | null) => void; reject: (error: Error) => void }>()
  let ready: (() => void) | undefined
  const readyOrExit = new Promise<void>((resolve, reject) => {
    ready = resolve
    void exited.then(() => reject(new Error(describeExit())))
  })
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as KeyringReply | { ready: true }
    if ('ready' in message) return ready?.()
    const waiter = pending.get(message.id)
    pending.delete(message.id)
    if (message.ok) waiter?.resolve(message.value)
    else waiter?.reject(Object.assign(new Error(message.error.message), { name: message.error.name }))
  })
  void exited.then(() => {
    for (const waiter of pending.values()) waiter.reject(new Error(describeExit()))
    pending.clear()
  })

  await withTimeout(readyOrExit, READY_TIMEOUT_MS, () => `keyring session not ready: ${stderr.trim()}`).catch((error: unknown) => {
    killGroup()
    throw error
  })

  let nextId = 1
  const call = (payload: Payload): Promise<string | null> => {
    const request = { id: nextId++, ...payload } as KeyringRequest
    const answer = new Promise<string | null>((resolve, reject) => pending.set(request.id, { resolve, reject }))
    child.stdin.write(`${JSON.stringify(request)}\n`)
    return withTimeout(answer, REQUEST_TIMEOUT_MS, () => `keyring ${payload.op} timed out: ${stderr.trim()}`)
  }

  return {
    store: {
      get: (account) => call({ op: 'get', account }),
      set: async (account, secret) => void (await call({ op: 'set', account, secret })),
      delete: async (account) => void (await call({ op: 'delete', account })),
    },
    lookup: (account) => call({ op: 'lookup', account }),
    async close() {
      // The normal way out: the server ends on EOF and with-keyring.sh removes its temp dir.
      child.stdin.end()
      await withTimeout(exited, READY_TIMEOUT_MS, () => 'keyring session did not exit').catch(killGroup)
    },
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
