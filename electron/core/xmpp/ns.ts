// Every XML namespace the protocol layer uses, in one place. Layer: electron/core.
export const NS = {
  client: 'jabber:client',
  roster: 'jabber:iq:roster',
  last: 'jabber:iq:last',
  carbons: 'urn:xmpp:carbons:2',
  forward: 'urn:xmpp:forward:0',
  mam: 'urn:xmpp:mam:2',
  sid: 'urn:xmpp:sid:0',
  delay: 'urn:xmpp:delay',
  idle: 'urn:xmpp:idle:1',
  nick: 'http://jabber.org/protocol/nick',
  receipts: 'urn:xmpp:receipts',
  chatStates: 'http://jabber.org/protocol/chatstates',
  tls: 'urn:ietf:params:xml:ns:xmpp-tls',
  stanzas: 'urn:ietf:params:xml:ns:xmpp-stanzas',
  ping: 'urn:xmpp:ping',
  discoInfo: 'http://jabber.org/protocol/disco#info',
} as const
