// Props shared by ConversationView and the ConversationHeader it renders. Layer: renderer.
import type { JoinPrefill } from '../../logic/rooms-view'

export interface ConversationProps {
  /** The open conversation (bare JID). */
  jid: string
  /** Opens "Add contact" prefilled with this address. */
  onaddcontact: (jid: string) => void
  /** Opens "Join a room" filled in (a room that failed: another nick, a password). */
  onjoinroom: (prefill: JoinPrefill) => void
}
