import { describe, expect, it } from 'vitest'
import { UserFacingError, dispatchCommand, type CommandHandlers } from '../../../../electron/core/ipc/command-dispatch'
import { commands, type CommandName } from '../../../../shared/ipc/contract'
import type { ChatMessage } from '../../../../shared/types/domain'

/** Handlers that fail loudly unless the test provides the one it exercises. */
function handlers(overrides: Partial<CommandHandlers>): CommandHandlers & { calls: unknown[] } {
  const calls: unknown[] = []
  const all = Object.fromEntries(
    (Object.keys(commands) as CommandName[]).map((name) => [
      name,
      async (request: unknown) => {
        calls.push(request)
        const handler = overrides[name] as ((r: unknown) => Promise<unknown>) | undefined
        if (!handler) throw new Error(`unexpected call to ${name}`)
        return handler(request)
      },
    ]),
  ) as unknown as CommandHandlers
  return Object.assign(all, { calls })
}

const SENT: ChatMessage = { id: 1, conversation: 'alice@example.org', direction: 'out', body: 'hi', timestamp: 1, state: 'pending', originId: 'o-1', edited: false, retracted: false }

describe('dispatchCommand', () => {
  it('returns the handler value in an ok envelope', async () => {
    const h = handlers({ 'messages:send': async () => SENT })
    expect(await dispatchCommand(h, 'messages:send', { conversation: 'alice@example.org', body: 'hi' })).toEqual({ ok: true, value: SENT })
  })

  it('passes the validated request, without unknown keys, to the handler', async () => {
    const h = handlers({ 'messages:send': async () => SENT })
    await dispatchCommand(h, 'messages:send', { conversation: 'alice@example.org', body: 'hi', isAdmin: true })
    expect(h.calls).toEqual([{ conversation: 'alice@example.org', body: 'hi' }])
  })

  it.each(['shell:exec', '', '__proto__', 'constructor', 'toString', 'hasOwnProperty'])('refuses the unknown command %j', async (command) => {
    const h = handlers({})
    expect(await dispatchCommand(h, command, null)).toEqual({ ok: false, error: { code: 'unknown-command', message: 'Unknown command' } })
    expect(h.calls).toEqual([])
  })

  it.each([
    ['an over-long body', 'messages:send', { conversation: 'alice@example.org', body: 'x'.repeat(64 * 1024 + 1) }],
    ['an empty body', 'messages:send', { conversation: 'alice@example.org', body: '' }],
    ['a body of the wrong type', 'messages:send', { conversation: 'alice@example.org', body: 42 }],
    ['a missing field', 'messages:send', { body: 'hi' }],
    ['a string instead of an object', 'messages:send', 'alice@example.org'],
    ['an object where null is expected', 'app:state', { admin: true }],
    ['a page limit above the maximum', 'messages:page', { conversation: 'alice@example.org', beforeId: null, limit: 100_000 }],
    ['a fractional port', 'account:sign-in', { jid: 'me@example.org', password: 'pw', rememberPassword: false, host: null, port: 5222.5, directTls: false }],
  ])('refuses %s without calling the handler', async (_name, command, request) => {
    const h = handlers({})
    expect(await dispatchCommand(h, command, request)).toEqual({ ok: false, error: { code: 'invalid-request', message: `Invalid request for ${command}` } })
    expect(h.calls).toEqual([])
  })

  it('passes a UserFacingError message and code to the user', async () => {
    const h = handlers({
      'roster:add': async () => {
        throw new UserFacingError('That address is already in your contacts.', 'duplicate')
      },
    })
    expect(await dispatchCommand(h, 'roster:add', { jid: 'alice@example.org', name: 'Alice', groups: [] })).toEqual({
      ok: false,
      error: { code: 'duplicate', message: 'That address is already in your contacts.' },
    })
  })

  it('uses the code "failed" for a UserFacingError without one', async () => {
    const h = handlers({
      'roster:remove': async () => {
        throw new UserFacingError('Not signed in.')
      },
    })
    expect(await dispatchCommand(h, 'roster:remove', { jid: 'alice@example.org' })).toEqual({ ok: false, error: { code: 'failed', message: 'Not signed in.' } })
  })

  it('hides other errors behind a generic message and logs the real one', async () => {
    const log: string[] = []
    const h = handlers({
      'conversations:list': async () => {
        throw new Error('SQLITE_CORRUPT: /home/me/.config/xmpp-desk/archive.db')
      },
    })
    const envelope = await dispatchCommand(h, 'conversations:list', null, (m) => log.push(m))
    expect(envelope).toEqual({ ok: false, error: { code: 'internal', message: 'Something went wrong; the details are in the log.' } })
    expect(log).toEqual(['command conversations:list failed: SQLITE_CORRUPT: /home/me/.config/xmpp-desk/archive.db'])
  })

  it('logs a thrown non-Error value too', async () => {
    const log: string[] = []
    const h = handlers({
      'roster:list': async () => {
        throw 'plain string'
      },
    })
    expect((await dispatchCommand(h, 'roster:list', null, (m) => log.push(m))).ok).toBe(false)
    expect(log).toEqual(['command roster:list failed: plain string'])
  })
})
