import { describe, expect, it } from 'vitest'
import { XmppLinkRouter, registerXmppScheme } from '../../../electron/main/xmpp-links'
import type { WindowPort } from '../../../electron/main/window'

function fakeWindow(minimized = false) {
  const calls: string[] = []
  const window: WindowPort = {
    show: () => void calls.push('show'),
    hide: () => void calls.push('hide'),
    focus: () => void calls.push('focus'),
    restore: () => void calls.push('restore'),
    isVisible: () => false,
    isMinimized: () => minimized,
  }
  return { window, calls }
}

function attached(minimized = false) {
  const router = new XmppLinkRouter()
  const { window, calls } = fakeWindow(minimized)
  const emitted: unknown[][] = []
  router.attach(window, (event, payload) => void emitted.push([event, payload]))
  return { router, calls, emitted }
}

describe('XmppLinkRouter', () => {
  it('brings the window up and opens the conversation of an xmpp: link', () => {
    const { router, calls, emitted } = attached(true)
    expect(router.open('xmpp:alice@example.org?message')).toBe(true)
    expect(calls).toEqual(['restore', 'show', 'focus'])
    expect(emitted).toEqual([['ui:open-conversation', { jid: 'alice@example.org' }]])
  })

  it('passes a body on as plain text, and none for the roster action', () => {
    const { router, emitted } = attached()
    router.open('xmpp:alice@example.org?message;body=%3Cb%3Ehi%3C%2Fb%3E')
    router.open('xmpp:bob@example.org?roster')
    expect(emitted).toEqual([
      ['ui:open-conversation', { jid: 'alice@example.org', body: '<b>hi</b>' }],
      ['ui:open-conversation', { jid: 'bob@example.org' }],
    ])
  })

  it('ignores a link it does not act on: no window, no event', () => {
    const { router, calls, emitted } = attached()
    expect(router.open('xmpp:room@muc.example.org?join')).toBe(false)
    expect(router.open('javascript:alert(1)')).toBe(false)
    expect(calls).toEqual([])
    expect(emitted).toEqual([])
  })

  it('keeps the latest link that comes before the UI has loaded, and delivers it on attach', () => {
    const router = new XmppLinkRouter()
    router.open('xmpp:old@example.org')
    router.open('xmpp:alice@example.org')
    const { window, calls } = fakeWindow()
    const emitted: unknown[][] = []
    router.attach(window, (event, payload) => void emitted.push([event, payload]))
    expect(calls).toEqual(['show', 'focus'])
    expect(emitted).toEqual([['ui:open-conversation', { jid: 'alice@example.org' }]])
  })

  it('finds the link in the command line of a launch (Windows, Linux)', () => {
    const { router, emitted } = attached()
    expect(router.openFromArgv(['/opt/xmpp-desk/xmpp-desk', '--no-sandbox', 'xmpp:alice@example.org?message'])).toBe(true)
    expect(router.openFromArgv(['/opt/xmpp-desk/xmpp-desk'])).toBe(false)
    expect(emitted).toEqual([['ui:open-conversation', { jid: 'alice@example.org' }]])
  })
})

describe('registerXmppScheme', () => {
  it('registers the packaged app as the xmpp: handler, never an unpackaged run', () => {
    const registered: string[] = []
    const app = (isPackaged: boolean) => ({ isPackaged, setAsDefaultProtocolClient: (scheme: string) => (registered.push(scheme), true) })
    expect(registerXmppScheme(app(false))).toBe(false)
    expect(registered).toEqual([])
    expect(registerXmppScheme(app(true))).toBe(true)
    expect(registered).toEqual(['xmpp'])
  })
})
