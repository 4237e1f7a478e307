// Props shared by ConversationView and the ConversationHeader it renders. Layer: renderer.

export interface ConversationProps {
  /** The open conversation (bare JID). */
  jid: string
  /** Opens "Add contact" prefilled with this address. */
  onaddcontact: (jid: string) => void
}
