// Desktop notifications for incoming messages: applies core/notifications/notification-policy.ts
// to the core's `messages:added` events and shows the result with Electron's Notification
// (injected). One notification per conversation: a newer one replaces it and counts on. A click
// brings the window up and asks the UI to open the conversation. Layer: electron/main.
import type { ChatMessage } from '../../shared/types/domain'
import type { NotificationSettings } from '../../shared/types/notification-settings'
import type { CoreService } from '../core/core-service'
import { planNotifications, type PlannedNotification } from '../core/notifications/notification-policy'
import { AvatarIcons } from './avatar-icons'
import { ContactNames } from './contact-names'
import { isEvent } from './core-events'
import type { RendererEmitter } from './ipc-router'
import { revealWindow, type WindowPort } from './window'

export interface NotificationPort {
  on(event: 'click' | 'close', listener: () => void): unknown
  show(): void
  close(): void
}

export interface NotificationWindowPort extends WindowPort {
  isFocused(): boolean
  on(event: 'focus', listener: () => void): unknown
}

export interface NotificationCenterOptions {
  /** `icon`: a picture file (the contact's avatar), where the platform shows one. */
  createNotification(options: { title: string; body: string; silent: boolean; icon?: string }): NotificationPort
  /** Electron's Notification.isSupported(): false on Linux without a notification server. */
  isSupported(): boolean
  core: Pick<CoreService, 'subscribe' | 'ownPresence' | 'handle' | 'isBlocked' | 'roomNotificationRule' | 'viewingConversation' | 'avatarFile'>
  /** The user's privacy level and sound choice, read for each batch so a change applies at once. */
  settings(): NotificationSettings
  window: NotificationWindowPort
  emit: RendererEmitter
  /** True on Linux, whose notification servers parse the body as markup. */
  markupBody: boolean
}

export class NotificationCenter {
  readonly #options: NotificationCenterOptions
  readonly #names = new ContactNames()
  readonly #icons: AvatarIcons
  /**
   * The notification on screen for each conversation. Holding the reference also keeps Electron
   * from garbage-collecting it, which would silently drop its click handler.
   */
  readonly #shown = new Map<string, { notification: NotificationPort; count: number }>()
  readonly #unsubscribe: () => void

  constructor(options: NotificationCenterOptions) {
    this.#options = options
    this.#icons = new AvatarIcons(options.core)
    this.#unsubscribe = options.core.subscribe((event, payload) => {
      if (isEvent('messages:added', event, payload)) this.#notify(payload)
      else if (isEvent('roster:changed', event, payload)) {
        this.#names.apply(payload)
        for (const contact of payload.upserted) void this.#icons.refresh(contact.jid)
      } else if (isEvent('avatar:changed', event, payload)) void this.#icons.refresh(payload.jid)
    })
    options.window.on('focus', () => this.clear())
    // One roster fetch seeds both the names and the icons.
    void this.#names.load(options.core).then((jids) => this.#icons.load(jids))
  }

  dispose(): void {
    this.#unsubscribe()
    this.clear()
  }

  /** Withdraws every notification: the user is now looking at the app. */
  clear(): void {
    const shown = [...this.#shown.values()]
    this.#shown.clear()
    for (const { notification } of shown) notification.close()
  }

  #notify(added: readonly ChatMessage[]): void {
    const { window, core, markupBody } = this.#options
    const planned = planNotifications(added, {
      windowFocused: window.isFocused(),
      viewing: core.viewingConversation(),
      privacy: this.#options.settings().privacy,
      ownShow: core.ownPresence().show,
      markupBody,
      displayName: (jid) => this.#names.nameOf(jid),
      alreadyAnnounced: (jid) => this.#shown.get(jid)?.count ?? 0,
      isBlocked: (jid) => core.isBlocked(jid),
      roomRule: (jid) => core.roomNotificationRule(jid),
    })
    if (planned.length > 0 && this.#options.isSupported()) for (const notification of planned) this.#show(notification)
  }

  #show(planned: PlannedNotification): void {
    const previous = this.#shown.get(planned.conversation)
    const { privacy, sound } = this.#options.settings()
    // The picture says who wrote: not at the "nothing" level.
    const icon = privacy === 'nothing' ? undefined : this.#icons.pathOf(planned.conversation)
    const notification = this.#options.createNotification({ title: planned.title, body: planned.body, silent: !sound, ...(icon ? { icon } : {}) })
    const entry = { notification, count: planned.count }
    this.#shown.set(planned.conversation, entry)
    // Only forget the entry if it is still this notification: closing a replaced one fires 'close' too.
    const forget = (): void => {
      if (this.#shown.get(planned.conversation) === entry) this.#shown.delete(planned.conversation)
    }
    notification.on('close', forget)
    notification.on('click', () => {
      forget()
      revealWindow(this.#options.window)
      this.#options.emit('ui:open-conversation', { jid: planned.conversation })
    })
    previous?.notification.close()
    notification.show()
  }
}
