// XEP-0363 HTTP File Upload, the XMPP half: find the upload service (disco#items of our server,
// then disco#info of each item), ask it for a slot, and read the slot strictly. Everything here is
// stanza building and parsing; the HTTP transfer is electron/core/file-upload.ts.
//
// What a slot may make us do is bounded: the PUT and GET URLs must be https (plain http only on a
// loopback host, and only when the caller asks for it: developer servers and tests), and of the
// headers the service asks us to send only Authorization, Cookie and Expires pass (XEP-0363 §4),
// never with a control character in them (header injection). Layer: electron/core (pure).
import xml, { type Element } from '@xmpp/xml'
import { NS } from '../ns'
import { onlyChild } from '../xml-helpers'

export interface UploadService {
  jid: string
  /** The service's advertised limit in bytes; null when it states none (or none we can trust). */
  maxFileSize: number | null
}

export interface UploadSlot {
  putUrl: string
  getUrl: string
  /** Headers for the PUT, already filtered: canonical name → value. */
  putHeaders: Record<string, string>
}

export interface SlotRequest {
  filename: string
  size: number
  contentType?: string | undefined
}

export interface UrlPolicy {
  /** Also accept http:// URLs on 127.0.0.1, [::1] or localhost (developer servers, tests). */
  allowInsecureLoopback?: boolean
}

export type SlotVerdict = { ok: true; slot: UploadSlot } | { ok: false; reason: string }

/** The most disco#items we look at: a server lists a handful of components, not hundreds. */
export const MAX_DISCO_ITEMS = 32
const MAX_URL_LENGTH = 8 * 1024
const MAX_HEADER_LENGTH = 8 * 1024
const MAX_FILENAME_BYTES = 255
/** XEP-0363 §4: the only headers a client passes on from the slot to its PUT request. */
const ALLOWED_HEADERS: ReadonlyMap<string, string> = new Map([
  ['authorization', 'Authorization'],
  ['cookie', 'Cookie'],
  ['expires', 'Expires'],
])
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost'])
// Characters that have no place in an HTTP header value or a URL we act on: C0 controls (CR, LF,
// NUL…) and DEL. Tab is a legal header character but gains nothing here, so it goes too.
const CONTROL = /[\u0000-\u001f\u007f]/u

export function discoItemsQuery(to: string): Element {
  return xml('iq', { type: 'get', to }, xml('query', { xmlns: NS.discoItems }))
}

/**
 * The entity JIDs a disco#items answer lists (items with a `node` are pages of one entity, not
 * other entities), without duplicates, at most MAX_DISCO_ITEMS, in the order given.
 */
export function parseDiscoItems(reply: Element): string[] {
  const query = onlyChild(reply, 'query', NS.discoItems)
  if (!query) return []
  const jids: string[] = []
  for (const item of query.getChildren('item', NS.discoItems)) {
    const jid = item.attrs.jid
    if (typeof jid !== 'string' || item.attrs.node !== undefined || !plausibleJid(jid) || jids.includes(jid)) continue
    jids.push(jid)
    if (jids.length === MAX_DISCO_ITEMS) break
  }
  return jids
}

/** Whether this disco#info answer (from `jid`) is an XEP-0363 upload service, and its limit. */
export function parseUploadService(jid: string, reply: Element): UploadService | null {
  const query = onlyChild(reply, 'query', NS.discoInfo)
  if (!query) return null
  const features = query.getChildren('feature', NS.discoInfo).map((f) => f.attrs.var)
  if (!features.includes(NS.httpUpload)) return null
  return { jid, maxFileSize: readMaxFileSize(query) }
}

/**
 * max-file-size from the XEP-0128 form whose FORM_TYPE is the upload namespace. Anything unclear
 * gives null ("no stated limit"; the service still refuses what is too big): two such forms, two
 * such fields or values, a value that is not a plain positive decimal integer, or one past
 * Number.MAX_SAFE_INTEGER (a "limit" that no longer compares exactly is none).
 */
export function readMaxFileSize(query: Element): number | null {
  const forms = query.getChildren('x', NS.dataForms).filter((form) => formType(form) === NS.httpUpload)
  if (forms.length !== 1 || !forms[0]) return null
  const fields = forms[0].getChildren('field', NS.dataForms).filter((f) => f.attrs.var === 'max-file-size')
  if (fields.length !== 1 || !fields[0]) return null
  const values = fields[0].getChildren('value', NS.dataForms)
  if (values.length !== 1 || !values[0]) return null
  return parseByteCount(values[0].text().trim())
}

/** A positive decimal byte count within Number.MAX_SAFE_INTEGER; null otherwise. */
export function parseByteCount(text: string): number | null {
  if (!/^[0-9]{1,16}$/u.test(text)) return null
  const n = Number(text)
  return Number.isSafeInteger(n) && n > 0 ? n : null
}

function formType(form: Element): string | null {
  const fields = form.getChildren('field', NS.dataForms).filter((f) => f.attrs.var === 'FORM_TYPE')
  if (fields.length !== 1 || !fields[0]) return null
  const values = fields[0].getChildren('value', NS.dataForms)
  return values.length === 1 && values[0] ? values[0].text() : null
}

/**
 * The slot request (XEP-0363 §4). Throws on what no service should be asked for: an empty name or
 * one with a path separator or control character, a name longer than 255 UTF-8 bytes, a size
 * that is not a non-negative safe integer. A content type that is not a plain `type/subtype` is
 * left out (the service then assumes application/octet-stream).
 */
export function slotRequest(service: string, request: SlotRequest): Element {
  const { filename, size } = request
  if (!isSafeFilename(filename)) throw new Error('The file name cannot be used for an upload')
  if (!Number.isSafeInteger(size) || size < 0) throw new Error('The file size is not a valid byte count')
  const contentType = request.contentType !== undefined && isPlainContentType(request.contentType) ? request.contentType : undefined
  return xml(
    'iq',
    { type: 'get', to: service },
    xml('request', { xmlns: NS.httpUpload, filename, size: String(size), ...(contentType ? { 'content-type': contentType } : {}) }),
  )
}

export function isSafeFilename(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\]/u.test(name) && !CONTROL.test(name) && Buffer.byteLength(name, 'utf8') <= MAX_FILENAME_BYTES
}

export function isPlainContentType(type: string): boolean {
  return type.length <= 255 && /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/iu.test(type)
}

/**
 * Reads the slot from the service's result. Refused as a whole: a result not from `service`, no
 * or several <slot/>, <put/> or <get/>, a missing URL, or a URL the policy does not allow (see
 * checkTransferUrl). Headers outside Authorization/Cookie/Expires, with control characters, too
 * long, or named twice are dropped (not the slot: the service decides whether it still accepts).
 */
export function parseSlot(reply: Element, service: string, policy: UrlPolicy = {}): SlotVerdict {
  const fail = (reason: string): SlotVerdict => ({ ok: false, reason })
  if (reply.attrs.type !== 'result') return fail('not-a-result')
  if (reply.attrs.from !== service) return fail('wrong-sender')
  const slot = onlyChild(reply, 'slot', NS.httpUpload)
  if (!slot) return fail('no-single-slot')
  const put = onlyChild(slot, 'put', NS.httpUpload)
  const get = onlyChild(slot, 'get', NS.httpUpload)
  if (!put || !get) return fail('no-single-put-and-get')
  const putUrl = checkTransferUrl(put.attrs.url, policy)
  const getUrl = checkTransferUrl(get.attrs.url, policy)
  if (!putUrl) return fail('bad-put-url')
  if (!getUrl) return fail('bad-get-url')
  return { ok: true, slot: { putUrl, getUrl, putHeaders: allowedHeaders(put) } }
}

/** The PUT headers we pass on (see parseSlot). */
export function allowedHeaders(put: Element): Record<string, string> {
  const seen = new Map<string, string | null>()
  for (const header of put.getChildren('header', NS.httpUpload)) {
    const canonical = ALLOWED_HEADERS.get(String(header.attrs.name ?? '').toLowerCase())
    if (!canonical) continue
    const value = header.text().trim()
    const usable = value !== '' && value.length <= MAX_HEADER_LENGTH && !CONTROL.test(value)
    // Named twice: we cannot tell which one the service meant, so neither is sent.
    seen.set(canonical, seen.has(canonical) || !usable ? null : value)
  }
  const headers: Record<string, string> = {}
  for (const [name, value] of seen) if (value !== null) headers[name] = value
  return headers
}

/**
 * The URL, normalised, when we may transfer to or from it: https with a host, no credentials in
 * it, no control characters, not absurdly long; http only for a loopback host and only with
 * `allowInsecureLoopback`. Null otherwise.
 */
export function checkTransferUrl(raw: string | undefined, policy: UrlPolicy = {}): string | null {
  if (typeof raw !== 'string' || raw.length > MAX_URL_LENGTH || CONTROL.test(raw)) return null
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return null
  }
  if (url.username !== '' || url.password !== '' || url.hostname === '') return null
  if (url.protocol === 'https:') return url.href
  if (url.protocol === 'http:' && policy.allowInsecureLoopback === true && LOOPBACK_HOSTS.has(url.hostname)) return url.href
  return null
}

/** What an upload error means for the user; `maxFileSize` when the service says the file is too large. */
export function describeUploadError(error: unknown): { condition: string; maxFileSize: number | null } {
  const e = error as { condition?: unknown; application?: Element } | null
  const condition = typeof e?.condition === 'string' ? e.condition : 'unknown'
  const app = e?.application
  if (app && typeof app.is === 'function' && app.is('file-too-large', NS.httpUpload)) {
    const max = onlyChild(app, 'max-file-size', NS.httpUpload)
    return { condition: 'file-too-large', maxFileSize: max ? parseByteCount(max.text().trim()) : null }
  }
  return { condition, maxFileSize: null }
}

/** A bare or full JID shape worth querying: non-empty, bounded, no whitespace or control characters. */
function plausibleJid(jid: string): boolean {
  return jid.length > 0 && jid.length <= 3071 && !/[\s<>'"]/u.test(jid) && !CONTROL.test(jid)
}

type Iq = (stanza: Element) => Promise<Element>

/**
 * Finds the upload service: our server itself when it advertises the feature, otherwise the first
 * item of its disco#items that does (asked in parallel; an item that fails to answer is skipped).
 * `iq` must enforce the reply origin (XmppSession.iq does); the answer's `from` is checked again.
 */
export async function discoverUploadService(iq: Iq, domain: string): Promise<UploadService | null> {
  const info = async (jid: string): Promise<UploadService | null> => {
    const reply = await iq(xml('iq', { type: 'get', to: jid }, xml('query', { xmlns: NS.discoInfo })))
    return reply.attrs.from === jid ? parseUploadService(jid, reply) : null
  }
  const own = await info(domain).catch(() => null)
  if (own) return own
  const itemsReply = await iq(discoItemsQuery(domain))
  if (itemsReply.attrs.from !== domain) return null
  const items = parseDiscoItems(itemsReply).filter((jid) => jid !== domain)
  const answers = await Promise.allSettled(items.map(info))
  for (const answer of answers) if (answer.status === 'fulfilled' && answer.value) return answer.value
  return null
}

/** Asks `service` for a slot; rejects with the service's error, or when the slot is unusable. */
export async function requestSlot(iq: Iq, service: string, request: SlotRequest, policy: UrlPolicy = {}): Promise<UploadSlot> {
  const reply = await iq(slotRequest(service, request))
  const verdict = parseSlot(reply, service, policy)
  if (!verdict.ok) throw new Error(`The upload service returned an unusable slot (${verdict.reason})`)
  return verdict.slot
}
