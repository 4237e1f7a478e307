import { describe, expect, it } from 'vitest'
import { OlderHistory, type OlderHistoryStatus } from '../../../renderer/src/lib/logic/older-history'

type Answer = { added: number; complete: boolean }

/** A fake `messages:fetch-older`: each call waits until the test answers or fails it. */
function fakeServer() {
  const calls: { conversation: string; resolve: (a: Answer) => void; reject: (e: Error) => void }[] = []
  const fetchOlder = (conversation: string) => new Promise<Answer>((resolve, reject) => calls.push({ conversation, resolve, reject }))
  return { calls, fetchOlder }
}

function setup() {
  const server = fakeServer()
  const changes: [string, OlderHistoryStatus][] = []
  const history = new OlderHistory(server.fetchOlder, (conversation, status) => changes.push([conversation, status]))
  const shown: string[] = []
  const show = (conversation: string) => async () => {
    // The loading row must still be there while the rows are put on screen.
    shown.push(`${conversation}:${history.status(conversation)}`)
  }
  /** One fetch for Bob, answered (or failed) by the fake server. */
  const answered = async (answer: Answer | Error, byUser = false) => {
    const done = history.fetch('bob@x', show('bob@x'), byUser)
    const call = server.calls.at(-1)!
    if (answer instanceof Error) call.reject(answer)
    else call.resolve(answer)
    await done
  }
  return { server, changes, history, shown, show, answered }
}

describe('scroll-back past the local archive', () => {
  it('asks once at a time per conversation and shows what was stored before leaving loading', async () => {
    const { server, history, shown, show } = setup()
    const first = history.fetch('bob@x', show('bob@x'))
    void history.fetch('bob@x', show('bob@x'))
    void history.fetch('bob@x', show('bob@x'), true)
    expect(server.calls).toHaveLength(1)
    expect(history.status('bob@x')).toBe('loading')
    // Another conversation is independent.
    void history.fetch('carol@x', show('carol@x'))
    expect(server.calls).toHaveLength(2)
    server.calls[0]!.resolve({ added: 50, complete: false })
    await first
    expect(shown).toEqual(['bob@x:loading'])
    expect(history.status('bob@x')).toBe('idle')
    void history.fetch('bob@x', show('bob@x'))
    expect(server.calls).toHaveLength(3)
  })

  it('stops asking once the server has nothing older', async () => {
    const { server, history, shown, show, answered } = setup()
    await answered({ added: 0, complete: true })
    expect(shown).toEqual([])
    expect(history.status('bob@x')).toBe('complete')
    await history.fetch('bob@x', show('bob@x'))
    await history.fetch('bob@x', show('bob@x'), true)
    expect(server.calls).toHaveLength(1)
  })

  it('shows the last page and then knows the start', async () => {
    const { history, shown, answered } = setup()
    await answered({ added: 20, complete: true })
    expect(shown).toEqual(['bob@x:loading'])
    expect(history.status('bob@x')).toBe('complete')
  })

  it('never retries a failure by itself; the user can', async () => {
    const { server, history, show, answered } = setup()
    await answered(new Error('You are offline.'))
    expect(history.status('bob@x')).toBe('failed')
    await history.fetch('bob@x', show('bob@x'))
    expect(server.calls).toHaveLength(1)
    await answered({ added: 3, complete: false }, true)
    expect(server.calls).toHaveLength(2)
    expect(history.status('bob@x')).toBe('idle')
  })

  it('waits for the user after an answer that added nothing (asking again could loop)', async () => {
    const { server, history, shown, show, answered } = setup()
    await answered({ added: 0, complete: false })
    expect(shown).toEqual([])
    expect(history.status('bob@x')).toBe('stalled')
    await history.fetch('bob@x', show('bob@x'))
    expect(server.calls).toHaveLength(1)
    void history.fetch('bob@x', show('bob@x'), true)
    expect(server.calls).toHaveLength(2)
  })

  it('forgets everything on reset and drops answers from before it', async () => {
    const { server, changes, history, shown, show } = setup()
    const done = history.fetch('bob@x', show('bob@x'))
    history.reset()
    expect(changes.at(-1)).toEqual(['bob@x', 'idle'])
    server.calls[0]!.resolve({ added: 5, complete: true })
    await done
    expect(shown).toEqual([])
    expect(history.status('bob@x')).toBe('idle')
    void history.fetch('bob@x', show('bob@x'))
    expect(server.calls).toHaveLength(2)
  })
})
