// What the preload exposes to the renderer as `window.xmppDeskBridge`: invoke a contract command,
// listen to contract events. Never ipcRenderer itself, never the IpcRendererEvent (it leaks
// `sender`), and one IPC listener however many UI listeners (checklist #20). ipcRenderer is
// injected so tests need no Electron. Layer: electron/preload (imports only shared/ipc).
import {
  IPC_EVENT_CHANNEL,
  isCommandName,
  isEventName,
  type Envelope,
  type EventName,
} from '../../shared/ipc/contract'

export const BRIDGE_KEY = 'xmppDeskBridge'

/** The shape `window.xmppDeskBridge` has in the renderer: envelopes as the core returns them. */
export interface XmppDeskBridge {
  invoke(command: string, request: unknown): Promise<Envelope<unknown>>
  on(event: string, listener: (payload: unknown) => void): () => void
}

export interface IpcRendererPort {
  invoke(channel: string, request: unknown): Promise<Envelope<unknown>>
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
}

export function createBridge(ipc: IpcRendererPort): XmppDeskBridge {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()

  ipc.on(IPC_EVENT_CHANNEL, (_event, name, payload) => {
    if (!isEventName(name)) return
    for (const listener of listeners.get(name) ?? []) listener(payload)
  })

  return {
    invoke(command, request) {
      if (!isCommandName(command)) return Promise.reject(new Error(`Unknown command: ${String(command)}`))
      return ipc.invoke(command, request)
    },
    on(event, listener) {
      if (!isEventName(event)) throw new Error(`Unknown event: ${String(event)}`)
      if (typeof listener !== 'function') throw new TypeError('listener must be a function')
      let set = listeners.get(event)
      if (set === undefined) {
        set = new Set()
        listeners.set(event, set)
      }
      // A wrapper per subscription, so subscribing the same function twice unsubscribes independently.
      const entry = (payload: unknown): void => listener(payload)
      set.add(entry)
      return () => {
        set.delete(entry)
      }
    },
  }
}
