// Files shared as links (XEP-0066 Out of Band Data, as XEP-0363 uploads are shared): which message
// is a file message, and the OOB element we send. One function for every kind of message (chats
// now, room messages later), so they all follow the same rule (security notes A18):
//  - a file message carries `<x xmlns='jabber:x:oob'><url>U</url></x>` with its body exactly U
//    (the Conversations convention), or is a body that is nothing but one link to a file-like
//    path (senders that add no OOB); only the first kind may ever be fetched without a click;
//  - only https links qualify (never smb:, file:, http: …: those stay plain text);
//  - the name comes from the link's path, and like everything else the sender says it is a claim.
// Nothing here fetches anything. Layer: electron/core (pure).
import xml, { type Element } from '@xmpp/xml'
import type { Attachment } from '../../../../shared/types/domain'
import { fileNameFromUrl, looksLikeFile } from '../../../../shared/util/attachment'
import { NS } from '../ns'
import { onlyChild } from '../xml-helpers'
import { checkTransferUrl } from './http-upload'

const MAX_NAME = 1024

/** The file a message shares, or null when it is an ordinary message. */
export function parseAttachment(stanza: Element, body: string): Attachment | null {
  const text = body.trim()
  if (text === '' || /\s/u.test(text)) return null
  const url = checkTransferUrl(text)
  if (!url) return null
  const declared = onlyChild(stanza, 'x', NS.oob)
  const oobUrl = declared ? onlyChild(declared, 'url', NS.oob)?.text().trim() : undefined
  const oob = oobUrl === text
  const name = fileNameFromUrl(url).slice(0, MAX_NAME)
  if (!oob && !looksLikeFile(name)) return null
  return { url, name, size: null, mediaType: null, oob }
}

/** The OOB element that marks an outgoing message as the file at `url` (its body must be `url`). */
export function oobElement(url: string): Element {
  return xml('x', { xmlns: NS.oob }, xml('url', {}, url))
}
