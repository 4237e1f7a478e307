// Minimal type declarations for the parts of xmpp.js 0.14 (which ships no types) that the core uses.
// Only what we call is declared, so a change in use shows up as a type error here first.

declare module '@xmpp/xml' {
  export class Element {
    constructor(name: string, attrs?: Record<string, string | undefined>)
    name: string
    attrs: Record<string, string | undefined>
    children: (Element | string)[]
    parent: Element | null
    is(name: string, xmlns?: string): boolean
    getNS(): string | undefined
    getChild(name: string, xmlns?: string): Element | undefined
    getChildren(name: string, xmlns?: string): Element[]
    getChildElements(): Element[]
    getText(): string
    text(): string
    getChildText(name: string, xmlns?: string): string | null
    append(...children: (Element | string)[]): this
    c(name: string, attrs?: Record<string, string | undefined>): Element
    t(text: string): this
    up(): Element
    toString(): string
  }
  export class Parser {
    write(data: string): void
    end(data?: string): void
    on(event: 'element', listener: (el: Element) => void): this
    on(event: 'error', listener: (err: Error) => void): this
    on(event: string, listener: (...args: unknown[]) => void): this
  }
  type Child = Element | string | null | undefined | false | Child[]
  function xml(name: string, attrs?: Record<string, string | number | undefined> | null, ...children: Child[]): Element
  export default xml
}

declare module '@xmpp/client-core' {
  import type { Element } from '@xmpp/xml'
  import type { EventEmitter } from 'node:events'
  export interface XmppJid {
    local: string
    domain: string
    resource: string
    bare(): XmppJid
    toString(): string
  }
  export class Client extends EventEmitter {
    constructor(options: { service: string; domain: string; timeout?: number; lang?: string })
    jid: XmppJid | null
    status: string
    options: { service: string; domain: string; lang?: string }
    socket: { secure?: boolean } | null
    transports: unknown[]
    start(): Promise<XmppJid>
    stop(): Promise<unknown>
    disconnect(): Promise<unknown>
    connect(service: string): Promise<void>
    open(options: { domain: string; lang?: string }): Promise<void>
    send(element: Element): Promise<void>
    write(data: string): Promise<void>
    isSecure(): boolean
    _onData(data: Buffer | string): void
    _streamError(condition: string): Promise<unknown>
    _detachParser(): void
    _attachSocket(socket: unknown): void
    restart(): Promise<void>
    sendReceive(element: Element, timeout?: number): Promise<Element>
    parser: { write(data: string): void } | null
  }
  export function jid(local: string, domain?: string, resource?: string): XmppJid
}

declare module '@xmpp/middleware' {
  import type { Client } from '@xmpp/client-core'
  import type { Element } from '@xmpp/xml'
  export interface MiddlewareContext {
    stanza: Element
    entity: Client
    from: unknown
    id: string
    name: string
    type: string
  }
  export type Middleware = (ctx: MiddlewareContext, next: () => Promise<unknown>) => unknown
  export interface MiddlewareApi {
    use(fn: Middleware): void
    filter(fn: Middleware): void
  }
  export default function middleware(args: { entity: Client }): MiddlewareApi
}

declare module '@xmpp/stream-features' {
  import type { MiddlewareApi, MiddlewareContext } from '@xmpp/middleware'
  export interface StreamFeatures {
    use(name: string, xmlns: string, handler: (ctx: MiddlewareContext, next: () => Promise<unknown>, feature: unknown) => unknown): void
  }
  export default function streamFeatures(args: { middleware: MiddlewareApi }): StreamFeatures
}

declare module '@xmpp/iq/caller.js' {
  import type { Client } from '@xmpp/client-core'
  import type { MiddlewareApi } from '@xmpp/middleware'
  import type { Element } from '@xmpp/xml'
  export interface IqCaller {
    request(stanza: Element, timeout?: number): Promise<Element>
    /** Waiting requests by IQ id (internal; see client-factory.ts for why we reach it). */
    handlers: Map<string, { promise: Promise<Element> }>
  }
  export default function iqCaller(args: { entity: Client; middleware: MiddlewareApi }): IqCaller
}

declare module '@xmpp/iq/callee.js' {
  import type { Client } from '@xmpp/client-core'
  import type { MiddlewareApi, MiddlewareContext } from '@xmpp/middleware'
  import type { Element } from '@xmpp/xml'
  export type IqHandler = (ctx: MiddlewareContext) => Element | object | undefined | Promise<Element | object | undefined>
  export interface IqCallee {
    get(ns: string, name: string, handler: IqHandler): void
    set(ns: string, name: string, handler: IqHandler): void
  }
  export default function iqCallee(args: { entity: Client; middleware: MiddlewareApi }): IqCallee
}

declare module '@xmpp/tcp' {
  import type { Client } from '@xmpp/client-core'
  export default function tcp(args: { entity: Client }): void
}

declare module '@xmpp/tls/lib/Connection.js' {
  export default class ConnectionTLS {
    socketParameters(service: string): { port: number; host: string } | undefined
  }
}

declare module '@xmpp/tls/lib/Socket.js' {
  import type { EventEmitter } from 'node:events'
  export default class Socket extends EventEmitter {
    secure: boolean
    connect(options: object): void
  }
}

declare module '@xmpp/sasl' {
  import type { StreamFeatures } from '@xmpp/stream-features'
  export type Authenticate = (credentials: { username: string; password: string }, mechanism: string) => Promise<void>
  export type OnAuthenticate = (authenticate: Authenticate, mechanisms: string[]) => Promise<void>
  export default function sasl(args: { streamFeatures: StreamFeatures; saslFactory: unknown }, onAuthenticate: OnAuthenticate): void
}

declare module '@xmpp/sasl-scram-sha-1' {
  export default function scramsha1(factory: unknown): void
}

declare module '@xmpp/sasl-plain' {
  export default function plain(factory: unknown): void
}

declare module 'saslmechanisms' {
  export default class SASLFactory {}
}

declare module '@xmpp/resource-binding' {
  import type { IqCaller } from '@xmpp/iq/caller.js'
  import type { StreamFeatures } from '@xmpp/stream-features'
  export default function resourceBinding(args: { streamFeatures: StreamFeatures; iqCaller: IqCaller }, resource?: string): void
}

declare module '@xmpp/stream-management' {
  import type { Client } from '@xmpp/client-core'
  import type { MiddlewareApi } from '@xmpp/middleware'
  import type { StreamFeatures } from '@xmpp/stream-features'
  import type { Element } from '@xmpp/xml'
  import type { EventEmitter } from 'node:events'
  export interface StreamManagement extends EventEmitter {
    enabled: boolean
    id: string
    /** Silence (ms) before xmpp.js sends its own <r/>; 0 turns that off. */
    requestAckInterval: number
    /** How long (ms) xmpp.js waits for anything after an <r/> before closing; 0 turns that off. */
    timeout: number
    on(event: 'ack' | 'fail', listener: (stanza: Element) => void): this
    on(event: 'resumed', listener: () => void): this
  }
  export default function streamManagement(args: {
    streamFeatures: StreamFeatures
    entity: Client
    middleware: MiddlewareApi
  }): StreamManagement
}

declare module 'sasl-scram-sha-1/lib/bitops.js' {
  /** SCRAM Hi(): the salted password. Replaceable: the mechanism looks it up on every use. */
  const bitops: { Hi: (password: string, salt: Uint8Array, iterations: number) => Promise<Uint8Array> }
  export default bitops
}
