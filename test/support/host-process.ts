// The browser host (`node out/web-host/index.js`) as a separate process, driven over its WebSocket
// with the IPC contract, for tests that must kill the process running the core (kill -9) and
// start it again on the same data directory. Needs `npm run build:node` first (`npm test` builds).
//
//   const alice = await startHostProcess({ dataDir, caPath: server.caPath })
//   await alice.invoke('account:sign-in', {...})
//   await alice.waitFor('connection:state', (s) => s.status === 'online')
//   await alice.kill('SIGKILL')
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import WebSocket from 'ws'
import type { EventName, EventPayload, HostFrame } from '../../shared/ipc/contract'
import type { RecordedEvent } from './core-harness'

export const HOST_ENTRY = resolve('out/web-host/index.js')

export interface HostProcessOptions {
  dataDir: string
  /** PEM file of a CA to trust (the throwaway server's). */
  caPath?: string
  extraArgs?: string[]
  startTimeoutMs?: number
}

export interface HostProcess {
  readonly url: string
  readonly port: number
  readonly dataDir: string
  readonly pid: number
  readonly events: RecordedEvent[]
  /** Everything the process printed so far (stdout and stderr), for assertion messages. */
  output(): string
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read fields of any command's value
  invoke(command: string, request?: unknown): Promise<any>
  waitFor<E extends EventName>(event: E, match?: (payload: EventPayload<E>) => boolean, timeoutMs?: number): Promise<EventPayload<E>>
  clearEvents(): void
  /** Sends the signal and resolves once the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>
  /** Graceful stop (SIGTERM: the host closes the core), SIGKILL after a grace period. */
  stop(): Promise<void>
}

const running = new Set<ChildProcess>()
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

export async function startHostProcess(options: HostProcessOptions): Promise<HostProcess> {
  if (!existsSync(HOST_ENTRY)) throw new Error(`${HOST_ENTRY} is missing: run \`npm run build:node\` first (\`npm test\` builds)`)
  const args = [HOST_ENTRY, `--data-dir=${options.dataDir}`, ...(options.caPath ? [`--trust-ca=${options.caPath}`] : []), ...(options.extraArgs ?? [])]
  // No D-Bus: the host falls back to the in-memory secret store. A fresh token per run.
  const env: NodeJS.ProcessEnv = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'disabled:' }
  delete env.XMPP_DESK_TOKEN
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  running.add(child)
  let output = ''
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000)
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once('exit', (code, signal) => {
      running.delete(child)
      exitInfo = { code, signal }
      done(exitInfo)
    })
  })

  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`browser host did not print its URL in time:\n${output}`)), options.startTimeoutMs ?? 20_000)
    const look = (): void => {
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/u.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        done(match[1])
      }
    }
    child.stdout?.on('data', look)
    child.stderr?.on('data', look)
    void exited.then((e) => {
      clearTimeout(timer)
      fail(new Error(`browser host exited (${e.signal ?? e.code}) before printing its URL:\n${output}`))
    })
  })
  const parsed = new URL(url)
  const port = Number(parsed.port)
  const token = parsed.searchParams.get('token') ?? ''

  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${encodeURIComponent(token)}`, { origin: `http://127.0.0.1:${port}` })
  await new Promise<void>((done, fail) => {
    ws.once('open', () => done())
    ws.once('error', fail)
  })
  ws.on('error', () => {}) // a killed host: pending invokes are rejected on close below

  const events: RecordedEvent[] = []
  const pending = new Map<number, { done: (value: unknown) => void; fail: (error: Error) => void; command: string }>()
  const watchers = new Set<(event: EventName, payload: unknown) => void>()
  let seq = 0
  ws.on('message', (data) => {
    let frame: HostFrame
    try {
      frame = JSON.parse(String(data)) as HostFrame
    } catch {
      return
    }
    if (frame.kind === 'event') {
      const event = frame.event as EventName
      events.push({ event, payload: frame.payload })
      for (const watcher of [...watchers]) watcher(event, frame.payload)
    } else if (frame.kind === 'result') {
      const call = pending.get(frame.seq)
      if (!call) return
      pending.delete(frame.seq)
      if (frame.envelope.ok) call.done(frame.envelope.value)
      else call.fail(new Error(`${call.command}: ${frame.envelope.error.message}`))
    }
  })
  ws.on('close', () => {
    for (const [, call] of pending) call.fail(new Error(`${call.command}: the host's WebSocket closed${exitInfo ? ` (process ${exitInfo.signal ?? exitInfo.code})` : ''}`))
    pending.clear()
  })

  const host: HostProcess = {
    url,
    port,
    dataDir: options.dataDir,
    pid: child.pid ?? -1,
    events,
    exited,
    output: () => output,
    invoke(command, request = null) {
      if (ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error(`${command}: the host's WebSocket is not open`))
      seq += 1
      const frame: HostFrame = { kind: 'invoke', seq, command, request }
      return new Promise((done, fail) => {
        pending.set(frame.seq, { done, fail, command })
        ws.send(JSON.stringify(frame))
      })
    },
    waitFor<E extends EventName>(event: E, match: (payload: EventPayload<E>) => boolean = () => true, timeoutMs = 20_000): Promise<EventPayload<E>> {
      const found = events.find((e) => e.event === event && match(e.payload as EventPayload<E>))
      if (found) return Promise.resolve(found.payload as EventPayload<E>)
      return new Promise((done, fail) => {
        const watcher = (name: EventName, payload: unknown): void => {
          if (name === event && match(payload as EventPayload<E>)) {
            clearTimeout(timer)
            watchers.delete(watcher)
            done(payload as EventPayload<E>)
          }
        }
        const timer = setTimeout(() => {
          watchers.delete(watcher)
          const recent = events.slice(-8).map((e) => `${e.event} ${JSON.stringify(e.payload).slice(0, 200)}`)
          fail(new Error(`timed out waiting for ${event}; recent events:\n${recent.join('\n')}\n--- host output ---\n${output.slice(-2_000)}`))
        }, timeoutMs)
        watchers.add(watcher)
      })
    },
    clearEvents() {
      events.length = 0
    },
    async kill(signal = 'SIGKILL') {
      if (exitInfo) return
      child.kill(signal)
      await exited
      ws.terminate()
    },
    async stop() {
      if (exitInfo) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
      ws.terminate()
    },
  }
  return host
}
