// Whether an xmpp: link's body may prefill the composer (XEP-0147 `?message;body=`). It is
// plain text from a link someone else wrote, so it only ever fills an empty draft of a
// conversation that is not open: it never replaces what the user typed, and an open composer
// would not show it. Layer: renderer (pure logic).
export function mayPrefillDraft(body: string, jid: string, openJid: string | null, draft: string): boolean {
  return body.trim() !== '' && jid !== openJid && draft === ''
}
