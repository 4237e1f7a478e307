// The IQ get routes any entity may ask of us: disco#info (XEP-0030, including our caps node,
// XEP-0115) and software version (XEP-0092). They reveal nothing beyond what our presence's caps
// already say, plus the application's version. Installed on every new client by the core.
// Layer: electron/core (pure routes).
import type { IqCallee } from '@xmpp/iq/callee.js'
import { discoInfoAnswer } from './features/own-features'
import { softwareVersionAnswer } from './features/software-version'
import { NS } from './ns'

export function installResponders(iqCallee: IqCallee): void {
  iqCallee.get(NS.discoInfo, 'query', (ctx) => discoInfoAnswer(ctx.stanza.getChild('query', NS.discoInfo)?.attrs.node))
  iqCallee.get(NS.version, 'query', () => softwareVersionAnswer())
}
