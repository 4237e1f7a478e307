// Service discovery, entity capabilities and software version against a real Prosody. Our core
// (bob) answers disco#info and version and advertises a ver that hashes from its own answer; it
// asks a contact about an unknown ver once, caches it only after recomputing the hash, never asks
// again for the same ver, and does not cache a contact whose answer hashes differently.
import Database from 'better-sqlite3'
import xml, { type Element } from '@xmpp/xml'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { capsHash, capsQuery, parseCapsAdvert, parseDiscoInfo, type DiscoInfo } from '../../electron/core/xmpp/features/caps'
import { discoInfoQuery } from '../../electron/core/xmpp/features/disco'
import { CAPS_NODE, OWN_CAPS_VER } from '../../electron/core/xmpp/features/own-features'
import { APP_VERSION } from '../../electron/core/xmpp/features/software-version'
import { NS } from '../../electron/core/xmpp/ns'
import { CoreHarness } from '../support/core-harness'
import { startProsody, type ProsodyServer } from '../support/prosody'
import { RawSession } from '../support/raw-session'
import { describeWithService } from '../support/services'

const USERS = { alice: 'alice-pw', bob: 'bob-pw', dave: 'dave-pw', erin: 'erin-pw', frank: 'frank-pw' }
const BOB = 'bob@localhost'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const BOT: DiscoInfo = {
  identities: [{ category: 'client', type: 'bot', lang: '', name: 'Test bot' }],
  features: [NS.discoInfo, NS.caps, NS.receipts, 'urn:example:bot-only'],
  forms: [{ formType: 'urn:xmpp:dataforms:softwareinfo', fields: [{ var: 'software', values: ['Test bot'] }] }],
}
const BOT_NODE = 'https://bot.example'
const BOT_VER = capsHash(BOT)

function discoQuery(info: DiscoInfo, node: string | undefined): Element {
  return xml(
    'query',
    { xmlns: NS.discoInfo, ...(node ? { node } : {}) },
    ...info.identities.map((i) => xml('identity', { category: i.category, type: i.type, name: i.name })),
    ...info.features.map((f) => xml('feature', { var: f })),
    ...info.forms.map((form) =>
      xml(
        'x',
        { xmlns: NS.dataForms, type: 'result' },
        xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, form.formType)),
        ...form.fields.map((f) => xml('field', { var: f.var }, ...f.values.map((v) => xml('value', {}, v)))),
      ),
    ),
  )
}

/**
 * A contact played by a bare session: advertises `ver` in its presence, answers disco#info with
 * `answers`, records what bob asked (its own server asks too, for PEP; that is not counted).
 */
async function contact(server: ProsodyServer, user: keyof typeof USERS, ver: string, answers: DiscoInfo) {
  const queries: { from: string; node: string | undefined }[] = []
  const session = await RawSession.start(server, user, {
    password: USERS[user],
    install: (client) =>
      client.iqCallee.get(NS.discoInfo, 'query', (ctx) => {
        const node = ctx.stanza.getChild('query', NS.discoInfo)?.attrs.node
        const from = String(ctx.stanza.attrs.from)
        if (from.startsWith(`${BOB}/`)) queries.push({ from, node })
        return discoQuery(answers, node)
      }),
  })
  await session.send(xml('presence', {}, xml('c', { xmlns: NS.caps, hash: 'sha-1', node: BOT_NODE, ver })))
  return { session, queries }
}

/** Bob adds the contact; the contact approves, so its presence (with caps) reaches bob. */
async function befriend(bob: CoreHarness, user: string, session: RawSession): Promise<void> {
  const jid = `${user}@localhost`
  await bob.invoke('roster:add', { jid, name: user, groups: [] })
  await session.waitForStanza((s) => s.name === 'presence' && s.attrs.type === 'subscribe' && s.attrs.from === BOB)
  await session.send(xml('presence', { to: BOB, type: 'subscribed' }))
  await bob.waitForContact(jid, (c) => c.presence.show === 'available')
}

describeWithService('prosody', 'service discovery and entity capabilities against a real Prosody', () => {
  let server: ProsodyServer
  let bob: CoreHarness
  const cached = (ver: string): string[] | null => {
    const db = new Database(join(bob.dataDir, 'archive.sqlite3'), { readonly: true })
    try {
      const row = db.prepare<[string], { features: string }>("SELECT features FROM caps_cache WHERE hash = 'sha-1' AND ver = ?").get(ver)
      return row ? (JSON.parse(row.features) as string[]) : null
    } finally {
      db.close()
    }
  }

  beforeAll(async () => {
    server = await startProsody({ users: USERS })
    bob = await CoreHarness.start({ trustedCa: [server.caCert] })
    const signIn = { jid: BOB, password: USERS.bob, rememberPassword: false, host: server.host, port: server.c2sPort, directTls: false }
    expect(await bob.invoke('account:sign-in', signIn)).toEqual({ ok: true })
  })
  afterAll(async () => {
    await bob?.stop()
    await server?.stop()
  })

  it('our core advertises a ver that hashes from its own disco#info, and answers version without the OS', async () => {
    const alice = await RawSession.start(server, 'alice')
    try {
      await alice.send(xml('presence', {}))
      await alice.send(xml('presence', { to: BOB, type: 'subscribe' }))
      await bob.waitFor('subscription:requests', (r) => r.some((q) => q.jid === 'alice@localhost'))
      await bob.invoke('subscription:answer', { jid: 'alice@localhost', accept: true })
      const presence = await alice.waitForStanza((s) => s.name === 'presence' && s.attrs.type === undefined && String(s.attrs.from).startsWith(`${BOB}/`))
      const bobFull = String(presence.attrs.from)
      const advert = parseCapsAdvert(presence)
      expect(advert).toEqual({ node: CAPS_NODE, ver: OWN_CAPS_VER, hash: 'sha-1' })
      if (!advert) return

      // What a contact does before believing the ver: ask for node#ver and recompute the hash.
      const reply = await alice.session.iq(capsQuery(bobFull, advert))
      const query = reply.getChild('query', NS.discoInfo) as Element
      expect(query.attrs.node).toBe(`${CAPS_NODE}#${OWN_CAPS_VER}`)
      const verdict = parseDiscoInfo(query)
      expect(verdict.ok && capsHash(verdict.info)).toBe(OWN_CAPS_VER)

      const plain = await alice.session.iq(discoInfoQuery(bobFull))
      const features = plain.getChild('query', NS.discoInfo)?.getChildren('feature', NS.discoInfo).map((f) => f.attrs.var)
      expect(features).toEqual(expect.arrayContaining([NS.discoInfo, NS.caps, NS.ping, NS.version, NS.receipts]))

      await expect(alice.session.iq(xml('iq', { type: 'get', to: bobFull }, xml('query', { xmlns: NS.discoInfo, node: `${CAPS_NODE}#not-ours` })))).rejects.toMatchObject({
        condition: 'item-not-found',
      })

      const version = (await alice.session.iq(xml('iq', { type: 'get', to: bobFull }, xml('query', { xmlns: NS.version })))).getChild('query', NS.version)
      expect(version?.getChildText('name', NS.version)).toBe('XMPP Desk')
      expect(version?.getChildText('version', NS.version)).toBe(APP_VERSION)
      expect(version?.getChild('os', NS.version)).toBeUndefined()
    } finally {
      await alice.stop()
    }
  })

  it('verifies an unknown ver by asking its advertiser once, caches it, and asks nobody else with that ver', async () => {
    const dave = await contact(server, 'dave', BOT_VER, BOT)
    const frank = await contact(server, 'frank', BOT_VER, BOT)
    try {
      await befriend(bob, 'dave', dave.session)
      const deadline = Date.now() + 10_000
      while (cached(BOT_VER) === null && Date.now() < deadline) await sleep(100)
      expect(cached(BOT_VER)).toEqual(BOT.features)
      expect(dave.queries).toEqual([{ from: expect.stringMatching(/^bob@localhost\//u), node: `${BOT_NODE}#${BOT_VER}` }])

      await befriend(bob, 'frank', frank.session)
      await sleep(1_000)
      expect(frank.queries).toEqual([])
    } finally {
      await dave.session.stop()
      await frank.session.stop()
    }
  })

  it('does not cache a ver whose answer hashes differently (caps poisoning)', async () => {
    const claimed: DiscoInfo = { ...BOT, features: [...BOT.features, 'urn:example:claimed'] }
    const claimedVer = capsHash(claimed)
    const erin = await contact(server, 'erin', claimedVer, BOT) // answers with less than it claims
    try {
      await befriend(bob, 'erin', erin.session)
      const deadline = Date.now() + 10_000
      while (erin.queries.length === 0 && Date.now() < deadline) await sleep(100)
      expect(erin.queries).toHaveLength(1)
      await sleep(1_000)
      expect(cached(claimedVer)).toBeNull()
    } finally {
      await erin.session.stop()
    }
  })
})
