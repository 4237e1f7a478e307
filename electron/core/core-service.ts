// What a host (the Electron main process or the browser host) sees of the application core.
// Layer: electron/core (Node, never imports electron).
import type { Envelope, EventName, EventPayload } from '../../shared/ipc/contract'
import type { OwnPresence } from '../../shared/types/domain'
import type { HostSettingsPort } from './host-settings'
import type { RoomNotificationRule } from './notifications/notification-policy'

export type CoreEventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void

/** Host-provided capabilities the core cannot have itself. */
export interface HostPorts {
  /** Opens a validated http(s) URL in the system browser. */
  openExternal(url: string): Promise<void>
  /** Keeps `settings:get`/`settings:set`; without it they live in memory until the core stops. */
  settings?: HostSettingsPort
  /**
   * Asks where to save a downloaded file (OS save dialog, `suggestedName` proposed) and copies
   * `sourcePath` there; false when the user cancelled. Without it, `files:save` is refused.
   */
  saveFile?(sourcePath: string, suggestedName: string): Promise<boolean>
  /** Opens a downloaded file with the OS's default application. Without it, `files:open` is refused. */
  openFile?(path: string): Promise<void>
}

export interface CoreService {
  /** Validates `rawRequest` against the contract, runs the command, and never throws. */
  handle(command: string, rawRequest: unknown): Promise<Envelope<unknown>>
  subscribe(listener: CoreEventListener): () => void
  /** For the tray: own presence as chosen by the user. */
  ownPresence(): OwnPresence
  setOwnPresence(presence: OwnPresence): Promise<void>
  /** Total unread messages across conversations (tray badge). */
  unreadTotal(): number
  /** The cached, verified picture of a contact as a file (notification icons); null when none. */
  avatarFile(jid: string): Promise<string | null>
  /** The conversation the renderer shows (`conversation:viewing`), or null: focused, it needs no notification. */
  viewingConversation(): string | null
  /** For notifications: whether this sender is on our blocklist (XEP-0191), as this session knows it. */
  isBlocked(jid: string): boolean
  /** For notifications: a room's notification setting and our nick there; null for other conversations. */
  roomNotificationRule(jid: string): RoomNotificationRule | null
  /** After a wake from sleep: retries a dropped connection now instead of after the backoff wait. */
  reconnectNow(): void
  /** The window was shown (true) or hidden/minimised (false): tells the server (XEP-0352). Never throws. */
  setClientActive(active: boolean): Promise<void>
  /** Signs in with the remembered account, if there is one with a saved password. */
  resume(): Promise<void>
  shutdown(): Promise<void>
}
