// The notification policy's context for tests: nothing suppresses, names from a table.
import type { NotificationContext } from '../../../../electron/core/notifications/notification-policy'

export function notificationContext(names: Record<string, string>, over: Partial<NotificationContext> = {}): NotificationContext {
  return {
    windowFocused: false,
    viewing: null,
    privacy: 'sender-and-text',
    ownShow: 'available',
    markupBody: false,
    displayName: (jid) => names[jid] ?? jid,
    alreadyAnnounced: () => 0,
    isBlocked: () => false,
    roomRule: () => null,
    ...over,
  }
}
