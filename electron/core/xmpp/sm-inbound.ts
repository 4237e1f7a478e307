// The XEP-0198 inbound counter ('h') for xmpp.js 0.14's stream management, counted where it is
// exact. xmpp.js counts in a middleware of its own, which sees a stanza only if every middleware
// before it calls next(): the IQ caller swallows replies to our own requests, so those went
// uncounted (<a/> and <resume/> under-reported: the server resent them after a resumption, and
// after enough of them refused to resume). And it zeroes the counter only when its
// <enable/> procedure resumes, some microtasks after <enabled/> was parsed: stanzas parsed from the
// same socket read as <enabled/> are counted first and then wiped, and an <r/> in that read is
// answered before the reset, with stanzas from before <enabled/> still counted (Prosody then closes
// the stream: "Client acknowledged more stanzas than sent by server").
//
// Here the count is kept by a middleware placed first in the inbound chain: it sees every element
// synchronously, in stream order, zeroes on <enabled/> itself, and counts each stanza after it.
// xmpp.js's own middleware (acks of our stanzas, answers to <r/>) runs from there, and reads the
// count through `sm.inbound`, which becomes a view of this one. Layer: electron/core (Node).
import type { Client } from '@xmpp/client-core'
import type { Middleware, MiddlewareApi } from '@xmpp/middleware'
import type { StreamManagement } from '@xmpp/stream-management'
import { NS } from './ns'

const STANZAS = new Set(['iq', 'message', 'presence'])
/** XEP-0198 §5: h wraps to zero after 2^32 - 1. */
const H_MODULO = 2 ** 32

export interface InboundCount {
  /** For streamManagementFactory: its inbound middleware is kept here, its outbound filter installed as is. */
  readonly middleware: MiddlewareApi
  /** Makes `sm.inbound` (read for <a h/> and <resume h/>) this count; xmpp.js's writes to it are ignored. */
  adopt(sm: StreamManagement): StreamManagement
  /** Stanzas received since <enabled/> on this XEP-0198 session. */
  readonly value: number
}

/**
 * Call right after creating the middleware, before anything else registers an inbound middleware
 * (the IQ caller above all), so this one runs first for every element.
 */
export function countInbound({ entity, middleware }: { entity: Client; middleware: MiddlewareApi }): InboundCount {
  let count = 0
  let smMiddleware: Middleware | null = null

  middleware.use((context, next) => {
    const { stanza } = context
    if (STANZAS.has(stanza.name)) count = (count + 1) % H_MODULO
    // > The counter for the received stanzas ('h') is set to zero and started after receiving <enabled/>.
    else if (stanza.is('enabled', NS.sm)) count = 0
    return smMiddleware ? smMiddleware(context, next) : next()
  })
  // The session ended for good (as xmpp.js does on 'offline'). A mere 'disconnect' keeps the count
  // for <resume h/>; after a refused resumption the next <enabled/> zeroes it.
  entity.on('offline', () => {
    count = 0
  })

  return {
    middleware: {
      use(fn) {
        if (smMiddleware) throw new Error('stream management registered a second inbound middleware: check the xmpp.js version')
        smMiddleware = fn
      },
      filter(fn) {
        middleware.filter(fn)
      },
    },
    adopt(sm) {
      Object.defineProperty(sm, 'inbound', {
        configurable: true,
        enumerable: true,
        get: () => count,
        set: () => {}, // its `+= 1` (now ours) and its late zeroing after <enabled/> (done on time here)
      })
      return sm
    },
    get value() {
      return count
    },
  }
}
