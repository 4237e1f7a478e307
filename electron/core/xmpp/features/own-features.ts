// What this client implements, said once: the disco#info we answer (XEP-0030) and the caps `ver`
// we put in our presence (XEP-0115) both come from this list, so they cannot disagree. A feature
// belongs here only when the code behind it exists; advertising more makes peers send us what we
// would drop. Layer: electron/core (pure).
import xml, { type Element } from '@xmpp/xml'
import { NS } from '../ns'
import { AVATAR_NS } from './avatar'
import { capsHash, type DiscoInfo } from './caps'
import { APP_NAME } from './software-version'

/** Names this application in caps (XEP-0115 §4); there is no project web page to point at yet. */
export const CAPS_NODE = 'urn:xmpp-desk'

export const OWN_DISCO_INFO: DiscoInfo = {
  identities: [{ category: 'client', type: 'pc', lang: '', name: APP_NAME }],
  features: [
    NS.discoInfo, // this responder
    NS.caps, // <c/> in our presence
    NS.ping, // answered in client-factory.ts
    NS.version, // software-version.ts
    NS.receipts, // we answer receipt requests and read receipts (messaging.ts)
    NS.markers, // displayed markers both ways (messaging.ts)
    NS.chatStates, // we send <active/> with every message
    NS.correct, // corrections from the original sender are applied
    NS.retract, // retractions, current version...
    NS.retractLegacy, // ...and the older one inside <apply-to/>
    NS.carbons, // we enable carbons and read them (client side)
    `${AVATAR_NS.metadata}+notify`, // contacts' avatars arrive as PEP notifications (avatar-sync.ts)
    NS.muc, // we join rooms (rooms/rooms.ts)
    NS.conference, // direct invitations to rooms (XEP-0249)
    `${NS.bookmarks}+notify`, // our other devices' bookmark changes (rooms/bookmark-sync.ts)
  ],
  forms: [],
}

/** Our caps `ver`: the SHA-1 verification string over OWN_DISCO_INFO. */
export const OWN_CAPS_VER = capsHash(OWN_DISCO_INFO)

const stanzaError = (condition: string): Element => xml('error', { type: 'cancel' }, xml(condition, { xmlns: NS.stanzas }))

/**
 * The answer to a disco#info query for `node`. Without a node, or for our own caps node
 * (`node#ver`), it lists OWN_DISCO_INFO; any other node does not exist here.
 */
export function discoInfoAnswer(node: string | undefined): Element {
  if (node !== undefined && node !== `${CAPS_NODE}#${OWN_CAPS_VER}`) return stanzaError('item-not-found')
  return xml(
    'query',
    { xmlns: NS.discoInfo, ...(node !== undefined ? { node } : {}) },
    ...OWN_DISCO_INFO.identities.map((i) => xml('identity', { category: i.category, type: i.type, name: i.name })),
    ...OWN_DISCO_INFO.features.map((f) => xml('feature', { var: f })),
  )
}
