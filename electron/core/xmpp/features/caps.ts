// XEP-0115 entity capabilities: the verification string and its hash (with XEP-0128 extended
// info), reading a disco#info answer strictly enough that a hash over it means something, and the
// <c/> element of a presence. A `ver` is only worth caching once we recomputed it over the answer
// ourselves: anything else lets one contact poison what we believe about everyone advertising it.
// Layer: electron/core (pure).
import { createHash } from 'node:crypto'
import xml, { type Element } from '@xmpp/xml'
import { NS } from '../ns'
import { onlyChild } from '../xml-helpers'

export interface DiscoIdentity {
  category: string
  type: string
  lang: string
  name: string
}

export interface DiscoForm {
  formType: string
  fields: { var: string; values: string[] }[]
}

export interface DiscoInfo {
  identities: DiscoIdentity[]
  features: string[]
  /** XEP-0128 extended info with a hidden FORM_TYPE (the only forms that count for the hash). */
  forms: DiscoForm[]
}

/** What a presence advertises. `hash` is the algorithm's IANA name, as sent. */
export interface CapsAdvert {
  node: string
  ver: string
  hash: string
}

/** The hash algorithms we can recompute (SHA-1 is mandatory to implement, XEP-0115 Security Considerations). */
const SUPPORTED_HASHES: Readonly<Record<string, string>> = { 'sha-1': 'sha1' }

export function isSupportedHash(hash: string): boolean {
  return Object.hasOwn(SUPPORTED_HASHES, hash)
}

/**
 * Bounds on an answer we are willing to hash and remember. Real clients stay far below them
 * (dozens of features, one or two identities); a bigger answer is hostile or broken.
 */
export const DISCO_LIMITS = { identities: 32, features: 512, forms: 16, fields: 64, values: 64, text: 1024 } as const

/** i;octet collation (RFC 4790), which XEP-0115 requires for every sort: UTF-8 bytes, not UTF-16 units. */
function octets(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

function byIdentity(a: DiscoIdentity, b: DiscoIdentity): number {
  return octets(a.category, b.category) || octets(a.type, b.type) || octets(a.lang, b.lang) || octets(a.name, b.name)
}

/** The string S of XEP-0115 §5.1, before hashing. */
export function capsVerificationString(info: DiscoInfo): string {
  const identities = [...info.identities].sort(byIdentity).map((i) => `${i.category}/${i.type}/${i.lang}/${i.name}<`)
  const features = [...info.features].sort(octets).map((f) => `${f}<`)
  const forms = [...info.forms]
    .sort((a, b) => octets(a.formType, b.formType))
    .map((form) => {
      const fields = [...form.fields].sort((a, b) => octets(a.var, b.var))
      return `${form.formType}<${fields.map((f) => `${f.var}<${[...f.values].sort(octets).map((v) => `${v}<`).join('')}`).join('')}`
    })
  return identities.join('') + features.join('') + forms.join('')
}

/** The `ver` for this disco#info under a supported algorithm (base64 of the binary digest). */
export function capsHash(info: DiscoInfo, hash = 'sha-1'): string {
  const algorithm = SUPPORTED_HASHES[hash]
  if (!algorithm) throw new Error(`Unsupported caps hash ${hash}`)
  return createHash(algorithm).update(capsVerificationString(info), 'utf8').digest('base64')
}

export type DiscoInfoVerdict = { ok: true; info: DiscoInfo } | { ok: false; reason: string }

/**
 * Reads a disco#info <query/> the way XEP-0115 §5.4 asks before hashing it: duplicate identities,
 * features or FORM_TYPEs make the whole answer ill-formed; a form without a hidden FORM_TYPE is
 * left out. Also refused: answers past DISCO_LIMITS, and any text containing '<', the separator
 * of the verification string (it would let two different answers hash the same).
 */
export function parseDiscoInfo(query: Element): DiscoInfoVerdict {
  const fail = (reason: string): DiscoInfoVerdict => ({ ok: false, reason })
  const identityElements = query.getChildren('identity', NS.discoInfo)
  const featureElements = query.getChildren('feature', NS.discoInfo)
  const formElements = query.getChildren('x', NS.dataForms)
  if (identityElements.length > DISCO_LIMITS.identities || featureElements.length > DISCO_LIMITS.features || formElements.length > DISCO_LIMITS.forms)
    return fail('too-large')
  const texts: string[] = []

  const identities: DiscoIdentity[] = []
  for (const element of identityElements) {
    const { category, type } = element.attrs
    if (!category || !type) return fail('incomplete-identity')
    identities.push({ category, type, lang: element.attrs['xml:lang'] ?? '', name: element.attrs.name ?? '' })
  }
  const identityKeys = identities.map((i) => [i.category, i.type, i.lang, i.name].join('\u0000'))
  if (new Set(identityKeys).size !== identityKeys.length) return fail('duplicate-identity')
  texts.push(...identities.flatMap((i) => [i.category, i.type, i.lang, i.name]))

  const features = featureElements.map((f) => f.attrs.var ?? '')
  if (features.includes('')) return fail('feature-without-var')
  if (new Set(features).size !== features.length) return fail('duplicate-feature')
  texts.push(...features)

  const forms: DiscoForm[] = []
  for (const element of formElements) {
    const fieldElements = element.getChildren('field', NS.dataForms)
    if (fieldElements.length > DISCO_LIMITS.fields) return fail('too-large')
    const formTypeFields = fieldElements.filter((f) => f.attrs.var === 'FORM_TYPE')
    const formTypeField = formTypeFields.length === 1 ? formTypeFields[0] : undefined
    // §5.4 step 3.6: a form without a (hidden) FORM_TYPE is ignored, not fatal.
    if (!formTypeField || formTypeField.attrs.type !== 'hidden') continue
    const formTypeValues = new Set(formTypeField.getChildren('value', NS.dataForms).map((v) => v.text()))
    const [formType] = formTypeValues
    if (formTypeValues.size !== 1 || formType === undefined) return fail('ambiguous-form-type')
    const fields: DiscoForm['fields'] = []
    for (const field of fieldElements) {
      if (field === formTypeField) continue
      if (!field.attrs.var) return fail('field-without-var')
      const values = field.getChildren('value', NS.dataForms).map((v) => v.text())
      if (values.length > DISCO_LIMITS.values) return fail('too-large')
      fields.push({ var: field.attrs.var, values })
      texts.push(field.attrs.var, ...values)
    }
    forms.push({ formType, fields })
    texts.push(formType)
  }
  if (new Set(forms.map((f) => f.formType)).size !== forms.length) return fail('duplicate-form-type')

  if (texts.some((t) => t.length > DISCO_LIMITS.text)) return fail('too-large')
  if (texts.some((t) => t.includes('<'))) return fail('separator-in-text')
  return { ok: true, info: { identities, features, forms } }
}

/** The <c/> of a presence; null without one, or without the `hash` the current format requires (legacy caps are ignored). */
export function parseCapsAdvert(presence: Element): CapsAdvert | null {
  const c = onlyChild(presence, 'c', NS.caps)
  const { node, ver, hash } = c?.attrs ?? {}
  if (!node || !ver || !hash) return null
  if (node.length > DISCO_LIMITS.text || ver.length > 256 || hash.length > 32) return null
  return { node, ver, hash }
}

/** Our own <c/>, for every available presence we send (XEP-0115 §6.1). */
export function capsElement(node: string, ver: string): Element {
  return xml('c', { xmlns: NS.caps, hash: 'sha-1', node, ver })
}

/** The disco#info request for an advertised `ver`, to the exact (full) JID that advertised it. */
export function capsQuery(to: string, advert: CapsAdvert): Element {
  return xml('iq', { type: 'get', to }, xml('query', { xmlns: NS.discoInfo, node: `${advert.node}#${advert.ver}` }))
}
