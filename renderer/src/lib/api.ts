// The renderer's only door to the core: a `CoreApi` (shared/ipc/contract.ts) built from whichever
// host loaded the page.
//   - Electron: the preload exposes `window.xmppDeskBridge` ({ invoke, on }).
//   - Browser host: the page URL carries `?token=…`; commands and events travel as JSON HostFrames
//     over `ws://<same host>/ws?token=…`. The socket reconnects when it drops; invokes in flight are
//     rejected on close, invokes made while it is down wait for the next connection, and
//     `onReconnect` listeners run so stores can reload what they may have missed.
// Errors: an `{ ok: false }` envelope becomes a thrown `CoreError` carrying the human message.
// Layer: renderer (DOM only; imports shared/ and nothing else).
// Types only: the contract's zod schemas must not end up in the bundle (zod probes `new Function`, which the CSP forbids); limits come from shared/types/limits.ts.
import type {
  CommandName,
  CommandRequest,
  CommandResponse,
  CoreApi,
  Envelope,
  EventName,
  EventPayload,
  HostFrame,
} from '../../../shared/ipc/contract'
import { safeHttpUrl } from '../../../shared/util/linkify'

/** What the Electron preload exposes on `window`. */
export interface HostBridge {
  invoke(command: string, request: unknown): Promise<Envelope<unknown>>
  on(event: string, listener: (payload: unknown) => void): () => void
}

declare global {
  interface Window {
    xmppDeskBridge?: HostBridge
  }
}

export interface RendererApi extends CoreApi {
  readonly host: 'electron' | 'browser'
  /** Runs after the host connection was re-established (events may have been missed meanwhile). */
  onReconnect(listener: () => void): () => void
}

/** A command the core refused or failed; `message` is meant for people. */
export class CoreError extends Error {
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.name = 'CoreError'
    this.code = code
  }
}

export function unwrap(envelope: Envelope<unknown>): unknown {
  if (envelope && typeof envelope === 'object' && envelope.ok === true) return envelope.value
  if (envelope && typeof envelope === 'object' && envelope.ok === false) {
    throw new CoreError(String(envelope.error?.code ?? 'error'), String(envelope.error?.message ?? 'Something went wrong.'))
  }
  throw new CoreError('protocol', 'The app sent an unreadable answer.')
}

/** Event listeners by name; a throwing listener never stops the others. */
class Listeners {
  readonly #map = new Map<string, Set<(payload: unknown) => void>>()

  add(event: string, listener: (payload: unknown) => void): () => void {
    let set = this.#map.get(event)
    if (!set) this.#map.set(event, (set = new Set()))
    set.add(listener)
    return () => {
      set.delete(listener)
    }
  }

  emit(event: string, payload: unknown): void {
    for (const listener of [...(this.#map.get(event) ?? [])]) {
      try {
        listener(payload)
      } catch (error) {
        console.error(`Listener for ${event} failed`, error)
      }
    }
  }
}

/** Electron: every call goes through the preload bridge. */
export function bridgeApi(bridge: HostBridge): RendererApi {
  return {
    host: 'electron',
    async invoke<C extends CommandName>(command: C, request: CommandRequest<C>): Promise<CommandResponse<C>> {
      return unwrap(await bridge.invoke(command, request)) as CommandResponse<C>
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return bridge.on(event, (payload) => listener(payload as EventPayload<E>))
    },
    onReconnect: () => () => {},
  }
}

/** The WebSocket constructor and timers, injectable for tests. */
export interface SocketDeps {
  createSocket(url: string): WebSocketLike
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  /** Opens an already validated http(s) URL in a new browser tab. */
  openLink(url: string): void
}

/** The part of WebSocket this adapter uses. */
export interface WebSocketLike {
  readonly readyState: number
  send(data: string): void
  close(): void
  onopen: ((ev: unknown) => void) | null
  onclose: ((ev: unknown) => void) | null
  onerror: ((ev: unknown) => void) | null
  onmessage: ((ev: { data: unknown }) => void) | null
}

const OPEN = 1

interface Waiting {
  command: string
  request: unknown
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}

/** Browser host: JSON HostFrames over one WebSocket, reconnected with backoff. */
export class SocketApi implements RendererApi {
  readonly host = 'browser' as const
  readonly #url: string
  readonly #deps: SocketDeps
  readonly #listeners = new Listeners()
  readonly #reconnectListeners = new Set<() => void>()
  readonly #inFlight = new Map<number, Waiting>()
  #queue: Waiting[] = []
  #socket: WebSocketLike | null = null
  #seq = 0
  #failures = 0
  #everOpened = false
  #closed = false
  #timer: unknown = null

  constructor(url: string, deps: SocketDeps) {
    this.#url = url
    this.#deps = deps
    this.#connect()
  }

  invoke<C extends CommandName>(command: C, request: CommandRequest<C>): Promise<CommandResponse<C>> {
    if (command === 'link:open') return this.#openLinkLocally(request) as Promise<CommandResponse<C>>
    return new Promise<unknown>((resolve, reject) => {
      const waiting: Waiting = { command, request, resolve, reject }
      if (this.#socket?.readyState === OPEN) this.#send(waiting)
      else this.#queue.push(waiting)
    }) as Promise<CommandResponse<C>>
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.#listeners.add(event, (payload) => listener(payload as EventPayload<E>))
  }

  onReconnect(listener: () => void): () => void {
    this.#reconnectListeners.add(listener)
    return () => {
      this.#reconnectListeners.delete(listener)
    }
  }

  /** Stops reconnecting and rejects everything outstanding. */
  close(): void {
    this.#closed = true
    if (this.#timer !== null) this.#deps.clearTimeout(this.#timer)
    this.#socket?.close()
    this.#failAll(new CoreError('closed', 'The connection to the app was closed.'), true)
  }

  async #openLinkLocally(request: unknown): Promise<null> {
    const raw = (request as { url?: unknown } | null)?.url
    const url = typeof raw === 'string' ? safeHttpUrl(raw) : null
    if (url === null) throw new CoreError('invalid-url', 'Only http and https links can be opened.')
    this.#deps.openLink(url)
    return null
  }

  #connect(): void {
    this.#timer = null
    let socket: WebSocketLike
    try {
      socket = this.#deps.createSocket(this.#url)
    } catch (error) {
      console.error('Cannot open the host socket', error)
      this.#scheduleReconnect()
      return
    }
    this.#socket = socket
    socket.onopen = () => {
      this.#failures = 0
      const queued = this.#queue
      this.#queue = []
      for (const waiting of queued) this.#send(waiting)
      if (this.#everOpened) {
        for (const listener of [...this.#reconnectListeners]) {
          try {
            listener()
          } catch (error) {
            console.error('Reconnect listener failed', error)
          }
        }
      }
      this.#everOpened = true
    }
    socket.onmessage = (ev) => this.#receive(ev.data)
    socket.onerror = () => {
      // A close event always follows; reconnecting happens there.
    }
    socket.onclose = () => {
      if (this.#socket !== socket) return
      this.#socket = null
      this.#failAll(new CoreError('disconnected', 'The connection to the app was lost. Try again.'), false)
      if (!this.#closed) this.#scheduleReconnect()
    }
  }

  #scheduleReconnect(): void {
    const delay = Math.min(5000, 250 * 2 ** this.#failures)
    this.#failures++
    this.#timer = this.#deps.setTimeout(() => this.#connect(), delay)
  }

  #send(waiting: Waiting): void {
    const seq = ++this.#seq
    const frame: HostFrame = { kind: 'invoke', seq, command: waiting.command, request: waiting.request }
    this.#inFlight.set(seq, waiting)
    try {
      this.#socket!.send(JSON.stringify(frame))
    } catch (error) {
      this.#inFlight.delete(seq)
      waiting.reject(error instanceof Error ? error : new Error(String(error)))
    }
  }

  #receive(data: unknown): void {
    if (typeof data !== 'string') return
    let frame: HostFrame
    try {
      frame = JSON.parse(data) as HostFrame
    } catch {
      console.error('Unreadable frame from the host')
      return
    }
    if (frame?.kind === 'result') {
      const waiting = this.#inFlight.get(frame.seq)
      if (!waiting) return
      this.#inFlight.delete(frame.seq)
      try {
        waiting.resolve(unwrap(frame.envelope))
      } catch (error) {
        waiting.reject(error as Error)
      }
    } else if (frame?.kind === 'event' && typeof frame.event === 'string') {
      // Only contract event names ever have listeners (`on` is typed by EventName).
      this.#listeners.emit(frame.event, frame.payload)
    }
  }

  #failAll(error: Error, includeQueued: boolean): void {
    const inFlight = [...this.#inFlight.values()]
    this.#inFlight.clear()
    for (const waiting of inFlight) waiting.reject(error)
    if (includeQueued) {
      const queued = this.#queue
      this.#queue = []
      for (const waiting of queued) waiting.reject(error)
    }
  }
}

export type HostInfo =
  | { kind: 'electron'; bridge: HostBridge }
  | { kind: 'browser'; socketUrl: string }
  | { kind: 'none' }

/** Which host loaded the page: the Electron bridge wins; else an http(s) page with `?token=`. */
export function detectHost(win: { xmppDeskBridge?: HostBridge | undefined; location: { href: string } }): HostInfo {
  const bridge = win.xmppDeskBridge
  if (bridge && typeof bridge.invoke === 'function' && typeof bridge.on === 'function') return { kind: 'electron', bridge }
  let page: URL
  try {
    page = new URL(win.location.href)
  } catch {
    return { kind: 'none' }
  }
  const token = page.searchParams.get('token')
  if ((page.protocol === 'http:' || page.protocol === 'https:') && token) {
    const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:'
    return { kind: 'browser', socketUrl: `${scheme}//${page.host}/ws?token=${encodeURIComponent(token)}` }
  }
  return { kind: 'none' }
}

/** Builds the API for this page, or null when no host is present (the page was opened directly). */
export function createApi(win: Window = window): RendererApi | null {
  const host = detectHost(win)
  if (host.kind === 'electron') return bridgeApi(host.bridge)
  if (host.kind === 'browser') {
    return new SocketApi(host.socketUrl, {
      createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      setTimeout: (fn, ms) => win.setTimeout(fn, ms),
      clearTimeout: (handle) => win.clearTimeout(handle as number),
      openLink: (url) => {
        win.open(url, '_blank', 'noopener,noreferrer')
      },
    })
  }
  return null
}
