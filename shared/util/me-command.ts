// XEP-0245 /me: a body that starts with exactly "/me " is an action by its sender, shown as
// "* Alice waves". Only the presentation changes: the body on the wire and in the archive keeps
// the "/me " prefix. Layer: shared (pure).

const PREFIX = '/me '

/**
 * The action of a /me body ("waves" for "/me waves"), or null for an ordinary body. The match is
 * on the first four characters exactly, as XEP-0245 §2 says (no leading space, lower case); a
 * prefix with nothing after it is ordinary text.
 */
export function meAction(body: string): string | null {
  if (!body.startsWith(PREFIX)) return null
  const action = body.slice(PREFIX.length)
  return action.trim() === '' ? null : action
}

/** The body as one line of plain text (chat list, notification): "* Alice waves" for a /me body. */
export function bodyAsText(body: string, sender: string): string {
  const action = meAction(body)
  return action === null ? body : `* ${sender} ${action}`
}
