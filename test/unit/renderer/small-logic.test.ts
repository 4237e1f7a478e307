import { describe, expect, it } from 'vitest'
import { isSendKey, messageToSend, type KeyLike } from '../../../renderer/src/lib/logic/composer-keys'
import { chatLabel, sortConversations, unreadTotal, upsertConversations, windowTitle } from '../../../renderer/src/lib/logic/conversation-list'
import { connectionBanner } from '../../../renderer/src/lib/logic/connection-text'
import { hasInvisibleCharacters, initialOf, previewText, visibleText } from '../../../renderer/src/lib/logic/display-text'
import { SnapshotSync } from '../../../renderer/src/lib/logic/snapshot-sync'
import { buildSignInRequest, canUseSavedPassword } from '../../../renderer/src/lib/logic/sign-in-form'
import type { ConversationSummary } from '../../../shared/types/domain'

describe('composer keys', () => {
  const key = (over: Partial<KeyLike>): KeyLike => ({
    key: 'Enter',
    shiftKey: false,
    ctrlKey: false,
    altKey: false,
    metaKey: false,
    isComposing: false,
    ...over,
  })
  it('sends on plain Enter only, never while composing', () => {
    expect(isSendKey(key({}))).toBe(true)
    expect(isSendKey(key({ shiftKey: true }))).toBe(false)
    expect(isSendKey(key({ ctrlKey: true }))).toBe(false)
    expect(isSendKey(key({ isComposing: true }))).toBe(false)
    expect(isSendKey(key({ keyCode: 229 }))).toBe(false)
    expect(isSendKey(key({ key: 'a' }))).toBe(false)
  })
  it('trims what it sends', () => {
    expect(messageToSend('  \n ')).toBeNull()
    expect(messageToSend('\nhello\n  world  \n')).toBe('hello\n  world')
    expect(messageToSend('  indented')).toBe('  indented')
  })
})

describe('conversation list', () => {
  const s = (jid: string, lastActivity: number, unread = 0): ConversationSummary => ({
    jid,
    lastActivity,
    unread,
    lastBody: '',
    lastDirection: 'in',
  })
  it('orders by last activity and totals unread', () => {
    const map = upsertConversations(new Map(), [s('a@x', 1, 2), s('b@x', 3), s('c@x', 3, 1)])
    const next = upsertConversations(map, [s('a@x', 5, 4)])
    expect(sortConversations(next.values()).map((c) => c.jid)).toEqual(['a@x', 'b@x', 'c@x'])
    expect(unreadTotal(next.values())).toBe(5)
    expect(map.get('a@x')!.unread).toBe(2)
  })
  it('labels rows and the window', () => {
    expect(chatLabel('Bob', 0)).toBe('Bob')
    expect(chatLabel('Bob', 3)).toBe('Bob, 3 unread')
    expect(chatLabel('team', 9, 2)).toBe('team, 9 unread, 2 mention you')
    expect(chatLabel('team', 9, 1)).toBe('team, 9 unread, 1 mentions you')
    expect(windowTitle('XMPP Desk', 0)).toBe('XMPP Desk')
    expect(windowTitle('XMPP Desk', 4)).toBe('(4) XMPP Desk')
    expect(windowTitle('XMPP Desk', 5000)).toBe('(999+) XMPP Desk')
  })
})

describe('connection banner', () => {
  it('says what the connection is doing', () => {
    expect(connectionBanner({ status: 'online', jid: 'a@x/r' }, 0).text).toBe('')
    expect(connectionBanner({ status: 'connecting' }, 0).text).toBe('Connecting…')
    expect(connectionBanner({ status: 'reconnecting', retryAt: 10_500, attempt: 2, reason: 'x' }, 5_000).text).toBe('Reconnecting in 6 s')
    expect(connectionBanner({ status: 'reconnecting', retryAt: 1_000, attempt: 2, reason: 'x' }, 5_000).text).toBe('Reconnecting…')
    expect(connectionBanner({ status: 'offline', reason: 'Server unreachable', kind: 'unreachable' }, 0)).toEqual({
      text: 'Offline: Server unreachable',
      tone: 'error',
    })
  })
})

describe('display text', () => {
  it('makes bidi and invisible characters visible', () => {
    expect(visibleText('a\u202Eb\u200Bc\u2066d')).toBe('a\uFFFDb\uFFFDc\uFFFDd')
    expect(hasInvisibleCharacters('plain')).toBe(false)
    expect(hasInvisibleCharacters('pl\u200Fain')).toBe(true)
    expect(initialOf(' émile')).toBe('É')
    expect(initialOf('')).toBe('?')
    expect(previewText('a\n\nb   c')).toBe('a b c')
    expect(previewText('x'.repeat(200), 10)).toBe('xxxxxxxxx…')
  })
})

describe('SnapshotSync', () => {
  const sync = () => new SnapshotSync<number[], number>((state, n) => [...state, n])
  it('replays events that arrived during the load', () => {
    const s = sync()
    const token = s.begin()
    let state = s.apply([], 1)
    state = s.apply(state, 2)
    expect(state).toEqual([1, 2])
    expect(s.finish(token, [0])).toEqual([0, 1, 2])
    expect(s.apply([], 3)).toEqual([3])
  })
  it('drops a stale snapshot', () => {
    const s = sync()
    const first = s.begin()
    const second = s.begin()
    expect(s.finish(first, [9])).toBeNull()
    expect(s.finish(second, [1])).toEqual([1])
    s.begin()
    s.cancel()
  })
})

describe('sign-in form', () => {
  const fields = { address: ' alice@example.org ', password: 'pw', rememberPassword: true, host: '', port: '', directTls: false }
  it('builds the request', () => {
    expect(buildSignInRequest(fields, null)).toEqual({
      ok: true,
      request: { jid: 'alice@example.org', password: 'pw', rememberPassword: true, host: null, port: null, directTls: false },
    })
    const custom = buildSignInRequest({ ...fields, host: ' xmpp.example.org ', port: '5223', directTls: true }, null)
    expect(custom.ok && custom.request).toMatchObject({ host: 'xmpp.example.org', port: 5223, directTls: true })
  })
  it('rejects bad input with a message and the field', () => {
    expect(buildSignInRequest({ ...fields, address: 'alice' }, null)).toMatchObject({ ok: false, field: 'address' })
    expect(buildSignInRequest({ ...fields, address: 'a@b/res' }, null)).toMatchObject({ ok: false, field: 'address' })
    expect(buildSignInRequest({ ...fields, port: '70000' }, null)).toMatchObject({ ok: false, field: 'port' })
    expect(buildSignInRequest({ ...fields, port: '12a' }, null)).toMatchObject({ ok: false, field: 'port' })
    expect(buildSignInRequest({ ...fields, host: 'a b' }, null)).toMatchObject({ ok: false, field: 'host' })
    expect(buildSignInRequest({ ...fields, password: '' }, null)).toMatchObject({ ok: false, field: 'password' })
  })
  it('allows an empty password only for the saved account with a saved password', () => {
    const saved = { jid: 'alice@example.org', hasSavedPassword: true }
    expect(canUseSavedPassword('Alice@Example.org', saved)).toBe(true)
    expect(canUseSavedPassword('bob@example.org', saved)).toBe(false)
    expect(canUseSavedPassword('alice@example.org', { ...saved, hasSavedPassword: false })).toBe(false)
    expect(buildSignInRequest({ ...fields, password: '' }, saved)).toMatchObject({ ok: true, request: { password: '' } })
  })
})
