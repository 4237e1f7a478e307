// XEP-0352 client state indication: only when offered, only changes, and the state said again
// after a new stream (if not the default) and after a resumed one (always).
import { describe, expect, it } from 'vitest'
import type { Element } from '@xmpp/xml'
import { ClientStateIndication, csiElement } from '../../../../electron/core/xmpp/features/csi'
import { NS } from '../../../../electron/core/xmpp/ns'

function link(features: string[] = [NS.csi]) {
  const sent: string[] = []
  const state = { online: false, features: new Set(features) }
  return {
    state,
    sent,
    link: {
      get online() {
        return state.online
      },
      get features() {
        return state.features
      },
      send: async (element: Element) => void sent.push(element.toString()),
    },
  }
}

const ACTIVE = csiElement(true).toString()
const INACTIVE = csiElement(false).toString()

describe('ClientStateIndication', () => {
  it('builds the two nonzas in the csi namespace', () => {
    expect(ACTIVE).toBe(`<active xmlns="${NS.csi}"/>`)
    expect(INACTIVE).toBe(`<inactive xmlns="${NS.csi}"/>`)
  })

  it('sends <inactive/> when hidden and <active/> when shown again', async () => {
    const { state, sent, link: l } = link()
    const csi = new ClientStateIndication(l, true)
    state.online = true
    await csi.streamReady(false)
    await csi.set(false)
    await csi.set(true)
    expect(sent).toEqual([INACTIVE, ACTIVE])
  })

  it('sends nothing for a state the server already has', async () => {
    const { state, sent, link: l } = link()
    const csi = new ClientStateIndication(l, true)
    state.online = true
    await csi.streamReady(false) // a new stream is active on the server's side
    await csi.set(true)
    await csi.set(false)
    await csi.set(false)
    expect(sent).toEqual([INACTIVE])
  })

  it('sends nothing when the server does not offer it', async () => {
    const { state, sent, link: l } = link([NS.sm])
    const csi = new ClientStateIndication(l, true)
    state.online = true
    await csi.streamReady(false)
    await csi.set(false)
    await csi.streamReady(true)
    expect(sent).toEqual([])
  })

  it('offline: remembers, and says it once a new stream is ready', async () => {
    const { state, sent, link: l } = link()
    const csi = new ClientStateIndication(l, true)
    await csi.set(false)
    expect(sent).toEqual([])
    state.online = true
    await csi.streamReady(false)
    expect(sent).toEqual([INACTIVE])
  })

  it('a new stream while visible says nothing (the server assumes active)', async () => {
    const { state, sent, link: l } = link()
    const csi = new ClientStateIndication(l, true)
    state.online = true
    await csi.streamReady(false)
    expect(sent).toEqual([])
  })

  it('a new stream while hidden says inactive again: the old stream’s state is gone', async () => {
    const { state, sent, link: l } = link()
    const csi = new ClientStateIndication(l, false)
    state.online = true
    await csi.streamReady(false)
    state.online = false
    await csi.streamReady(false)
    expect(sent).toEqual([INACTIVE])
    state.online = true
    await csi.streamReady(false)
    expect(sent).toEqual([INACTIVE, INACTIVE])
  })

  it('a resumed stream is told the current state either way', async () => {
    const { state, sent, link: l } = link()
    const csi = new ClientStateIndication(l, true)
    state.online = true
    await csi.streamReady(true)
    await csi.set(false)
    await csi.streamReady(true)
    expect(sent).toEqual([ACTIVE, INACTIVE, INACTIVE])
  })

  it('quick hide-show-hide sends each change once, in order', async () => {
    const { state, sent, link: l } = link()
    const csi = new ClientStateIndication(l, true)
    state.online = true
    await csi.streamReady(false)
    await Promise.all([csi.set(false), csi.set(true), csi.set(false)])
    expect(sent).toEqual([INACTIVE, ACTIVE, INACTIVE])
  })
})
