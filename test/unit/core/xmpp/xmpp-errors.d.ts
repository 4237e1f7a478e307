// Types for the xmpp.js 0.14 error classes the tests build from real wire elements.
declare module '@xmpp/sasl/lib/SASLError.js' {
  import type { Element } from '@xmpp/xml'
  export default class SASLError extends Error {
    constructor(condition: string, text?: string)
    condition: string
    static fromElement(element: Element): SASLError
  }
}

declare module '@xmpp/connection/lib/StreamError.js' {
  import type { Element } from '@xmpp/xml'
  export default class StreamError extends Error {
    constructor(condition: string, text?: string)
    condition: string
    static fromElement(element: Element): StreamError
  }
}

declare module '@xmpp/middleware/lib/StanzaError.js' {
  import type { Element } from '@xmpp/xml'
  export default class StanzaError extends Error {
    constructor(condition: string, text?: string, application?: Element, type?: string)
    condition: string
    type?: string
    static fromElement(element: Element): StanzaError
  }
}
