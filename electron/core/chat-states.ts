// Typing notifications for a session (XEP-0085), both ways: ours go out only to contacts who may
// know we are online (the renderer decides when the state changes), theirs become `typing:changed`
// events. Layer: electron/core (Node).
import { randomUUID } from 'node:crypto'
import type { EventName, EventPayload } from '../../shared/ipc/contract'
import type { OutgoingChatState } from '../../shared/types/domain'
import { PeerTyping } from './peer-typing'
import { chatStateStanza, type ChatState } from './xmpp/features/chat-states'
import type { PresenceEvent } from './xmpp/features/presence'
import type { XmppSession } from './xmpp/session'

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void

export class ChatStates {
  readonly #peers: PeerTyping

  constructor(
    private readonly session: Pick<XmppSession, 'online' | 'send'>,
    /**
     * Whether a contact may learn what we are doing: typing reveals that we are online, so only
     * those allowed to see our presence (and not blocked) are told (XEP-0085 §9).
     */
    private readonly mayTell: (jid: string) => boolean,
    emit: Emit,
  ) {
    this.#peers = new PeerTyping((jid, typing) => emit('typing:changed', { jid, typing }))
  }

  async send(conversation: string, state: OutgoingChatState): Promise<void> {
    if (!this.session.online || !this.mayTell(conversation)) return
    // A lost typing notification costs nothing; the next state change replaces it.
    await this.session.send(chatStateStanza(conversation, state, randomUUID())).catch(() => {})
  }

  received(peer: string, resource: string, state: ChatState): void {
    this.#peers.chatState(peer, resource, state)
  }

  messageFrom(peer: string): void {
    this.#peers.messageFrom(peer)
  }

  presence(event: PresenceEvent): void {
    if (event.kind === 'unavailable') this.#peers.offline(event.jid, event.resource)
  }

  /** A new session or none: states from before mean nothing now. */
  reset(): void {
    this.#peers.clear()
  }
}
