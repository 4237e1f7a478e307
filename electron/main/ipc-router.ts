// Carries the IPC contract over Electron IPC: one `ipcMain.handle` per contract command, each
// checking that the call comes from our window's top frame on app:// before the core sees it
// (checklist #17), and all core events pushed to the window on one channel. The core validates
// requests and shapes the reply envelopes. Layer: electron/main (ipcMain injected).
import {
  IPC_EVENT_CHANNEL,
  commands,
  isCommandName,
  type CommandName,
  type Envelope,
  type EventName,
  type EventPayload,
} from '../../shared/ipc/contract'
import type { CoreService } from '../core/core-service'
import { APP_ORIGIN } from './app-protocol'

export interface SenderFrame {
  readonly url: string
  readonly parent: unknown
  /** Unique per frame, unlike wrapper objects, which Electron does not promise to reuse. */
  readonly frameToken: string
}

export interface InvokeEvent {
  /** Null once the frame has navigated away or been destroyed. */
  readonly senderFrame: SenderFrame | null
}

export interface IpcMainPort {
  handle(channel: string, listener: (event: InvokeEvent, request: unknown) => Promise<Envelope<unknown>>): void
  removeHandler(channel: string): void
}

/** The window's webContents, as the router sees it. */
export interface RendererPort {
  readonly mainFrame: { readonly frameToken: string }
  isDestroyed(): boolean
  send(channel: string, eventName: EventName, payload: unknown): void
}

export type RendererEmitter = <E extends EventName>(event: E, payload: EventPayload<E>) => void

export const COMMAND_NAMES: readonly CommandName[] = Object.keys(commands).filter(isCommandName)

const FORBIDDEN: Envelope<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'This caller may not use the app interface' },
}

/** True only for the top frame of our own window showing our own origin. */
export function isTrustedSender(frame: SenderFrame | null, renderer: RendererPort): boolean {
  if (frame === null || renderer.isDestroyed()) return false
  try {
    if (frame.parent !== null || frame.frameToken !== renderer.mainFrame.frameToken) return false
    const url = new URL(frame.url)
    // Compared through the parser: a prefix test would let "app://xmpp-desk.evil/" through. Node
    // gives custom schemes an opaque `origin`, hence protocol and host.
    return `${url.protocol}//${url.host}` === APP_ORIGIN
  } catch {
    // A frame disposed by a cross-site navigation throws on property access; so does a bad URL.
    return false
  }
}

/** Sends one event to the renderer; dropped once the window is gone (during quit). */
export function createRendererEmitter(renderer: RendererPort): RendererEmitter {
  return (event, payload) => {
    if (!renderer.isDestroyed()) renderer.send(IPC_EVENT_CHANNEL, event, payload)
  }
}

export interface IpcRouterOptions {
  ipcMain: IpcMainPort
  core: Pick<CoreService, 'handle' | 'subscribe'>
  renderer: RendererPort
}

/** Registers every handler and the event forwarding; the returned function undoes both. */
export function registerIpcRouter(options: IpcRouterOptions): () => void {
  const { ipcMain, core, renderer } = options
  for (const command of COMMAND_NAMES) {
    ipcMain.handle(command, async (event, request) => {
      if (!isTrustedSender(event.senderFrame, renderer)) return FORBIDDEN
      return core.handle(command, request)
    })
  }
  const emit = createRendererEmitter(renderer)
  const unsubscribe = core.subscribe(emit)
  return () => {
    unsubscribe()
    for (const command of COMMAND_NAMES) ipcMain.removeHandler(command)
  }
}
