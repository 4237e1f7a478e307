// Publishing to a private PEP node of our own account (XEP-0223): every item kept, none sent to
// new subscribers by itself, and the node readable only by our account (whitelist). Bookmarks
// (XEP-0402) and displayed-message sync (XEP-0490) are such nodes. Layer: electron/core (pure).
import xml, { type Element } from '@xmpp/xml'
import { NS } from '../ns'
import { submitFields } from './data-forms'

const PUBLISH_OPTIONS = 'http://jabber.org/protocol/pubsub#publish-options'

/** Publishes `item` (an <item id=…/> with its payload) to our own private `node`. */
export function privatePublish(node: string, item: Element): Element {
  return xml(
    'iq',
    { type: 'set' },
    xml(
      'pubsub',
      { xmlns: NS.pubsub },
      xml('publish', { node }, item),
      xml(
        'publish-options',
        {},
        submitFields(PUBLISH_OPTIONS, {
          'pubsub#persist_items': 'true',
          'pubsub#max_items': 'max',
          'pubsub#send_last_published_item': 'never',
          'pubsub#access_model': 'whitelist',
        }),
      ),
    ),
  )
}
