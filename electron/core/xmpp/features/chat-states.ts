// XEP-0085 Chat State Notifications: read the one chat state a message carries, build our
// standalone notifications. Layer: electron/core (pure).
import xml, { type Element } from '@xmpp/xml'
import type { OutgoingChatState } from '../../../../shared/types/domain'
import { NS } from '../ns'

export type ChatState = 'active' | 'composing' | 'paused' | 'inactive' | 'gone'

const STATES: readonly ChatState[] = ['active', 'composing', 'paused', 'inactive', 'gone']

/** The chat state of a message; null when it has none, or more than one (ambiguous). */
export function parseChatState(message: Element): ChatState | null {
  const found = message.getChildElements().filter((child) => child.getNS() === NS.chatStates && (STATES as readonly string[]).includes(child.name))
  return found.length === 1 ? (found[0]?.name as ChatState) : null
}

/**
 * A standalone notification (no body, XEP-0085 §5.6) to the contact's bare JID. `no-store` keeps
 * it out of archives and offline storage (XEP-0334): it means nothing later.
 */
export function chatStateStanza(to: string, state: OutgoingChatState, id: string): Element {
  return xml('message', { to, type: 'chat', id }, xml(state, { xmlns: NS.chatStates }), xml('no-store', { xmlns: NS.hints }))
}
