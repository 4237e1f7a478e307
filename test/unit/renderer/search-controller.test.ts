import { describe, expect, it } from 'vitest'
import type { CommandRequest, CommandResponse } from '../../../shared/ipc/contract'
import type { ChatMessage, SearchHit } from '../../../shared/types/domain'
import { RequestSequence, SearchController, type SearchState } from '../../../renderer/src/lib/logic/search-controller'

type Request = CommandRequest<'search:messages'>
type Response = CommandResponse<'search:messages'>

const hit = (id: number, text = `m${id}`): SearchHit => ({
  message: {
    id,
    conversation: 'bob@localhost',
    direction: 'in',
    body: text,
    timestamp: id * 1000,
    state: 'received',
    originId: `o${id}`,
    edited: false,
    retracted: false,
  } satisfies ChatMessage,
  snippet: [{ text, hit: true }],
})
const ids = (state: SearchState) => state.hits.map((h) => h.message.id)
const flushPromises = () => new Promise((r) => setTimeout(r, 0))

/** A controller whose searches resolve only when the test says so, with a manual debounce timer. */
function setup() {
  const calls: { request: Request; resolve: (r: Response) => void; reject: (e: Error) => void }[] = []
  let timer: (() => void) | null = null
  const states: SearchState[] = []
  const controller = new SearchController(
    {
      search: (request) => new Promise<Response>((resolve, reject) => calls.push({ request, resolve, reject })),
      setTimer: (fn) => {
        timer = fn
        return fn
      },
      clearTimer: (handle) => {
        if (timer === handle) timer = null
      },
      pageSize: 2,
    },
    (state) => states.push(state),
  )
  const tick = () => {
    const fn = timer
    timer = null
    fn?.()
  }
  const answer = async (i: number, hits: SearchHit[], nextCursor: string | null = null, superseded = false) => {
    calls[i]!.resolve({ hits, nextCursor, superseded })
    await flushPromises()
  }
  return { controller, calls, states, tick, answer, hasTimer: () => timer !== null }
}

describe('request sequence', () => {
  it('accepts only the newest, unsuperseded answer', () => {
    const seq = new RequestSequence()
    const a = seq.next()
    const b = seq.next()
    expect(seq.accepts(a, { superseded: false })).toBe(false)
    expect(seq.accepts(b, { superseded: true })).toBe(false)
    expect(seq.accepts(b, { superseded: false })).toBe(true)
    seq.invalidate()
    expect(seq.isCurrent(b)).toBe(false)
  })
})

describe('search controller', () => {
  it('debounces typing, then searches once with the latest text', () => {
    const { controller, calls, tick, hasTimer } = setup()
    controller.update({ text: 'k' })
    controller.update({ text: 'ku' })
    controller.update({ text: 'kum' })
    expect(calls).toHaveLength(0)
    expect(controller.state.status).toBe('waiting')
    expect(hasTimer()).toBe(true)
    tick()
    expect(calls).toHaveLength(1)
    expect(calls[0]!.request).toMatchObject({ text: 'kum', cursor: null, limit: 2 })
  })

  it('sends every settled change at once, without waiting for the previous answer', () => {
    const { controller, calls, tick } = setup()
    controller.update({ text: 'a' })
    tick()
    controller.update({ text: 'ab' })
    tick()
    expect(calls.map((c) => c.request.text)).toEqual(['a', 'ab'])
  })

  it('never lets an older answer overwrite a newer one, whatever the arrival order', async () => {
    const { controller, tick, answer } = setup()
    controller.update({ text: 'a' })
    tick()
    controller.update({ text: 'ab' })
    tick()
    await answer(1, [hit(2)])
    expect(ids(controller.state)).toEqual([2])
    await answer(0, [hit(1)])
    expect(ids(controller.state)).toEqual([2])
    expect(controller.state.query.text).toBe('ab')
  })

  it('ignores answers to an older query that arrive while the newer one is debounced', async () => {
    const { controller, tick, answer } = setup()
    controller.update({ text: 'a' })
    tick()
    controller.update({ text: 'ab' })
    await answer(0, [hit(1)])
    expect(controller.state.status).toBe('waiting')
    expect(ids(controller.state)).toEqual([])
  })

  it('drops superseded answers', async () => {
    const { controller, tick, answer } = setup()
    controller.update({ text: 'a' })
    tick()
    controller.update({ text: 'ab' })
    tick()
    await answer(0, [], null, true)
    expect(controller.state.status).toBe('waiting')
    await answer(1, [hit(5)])
    expect(controller.state.status).toBe('done')
  })

  it('asks again (bounded) when the newest request was superseded by someone else', async () => {
    const { controller, calls, tick, answer } = setup()
    controller.update({ text: 'a' })
    tick()
    await answer(0, [], null, true)
    expect(calls).toHaveLength(2)
    await answer(1, [], null, true)
    await answer(2, [], null, true)
    expect(calls).toHaveLength(3)
    expect(controller.state.status).toBe('error')
  })

  it('shows the previous hits while a new query runs, then replaces them and activates the first', async () => {
    const { controller, tick, answer } = setup()
    controller.update({ text: 'a' })
    tick()
    await answer(0, [hit(9), hit(8)])
    expect(controller.state).toMatchObject({ status: 'done', active: 0 })
    expect(controller.activeHit?.message.id).toBe(9)
    controller.update({ text: 'ab' })
    expect(controller.state.status).toBe('waiting')
    expect(ids(controller.state)).toEqual([9, 8])
    expect(controller.activeHit).toBeNull()
    tick()
    await answer(1, [])
    expect(controller.state).toMatchObject({ status: 'done', active: -1, hits: [] })
  })

  it('clears at once for blank text and drops what is in flight', async () => {
    const { controller, calls, tick, answer, hasTimer } = setup()
    controller.update({ text: 'a' })
    tick()
    controller.update({ text: '  ' })
    expect(controller.state.status).toBe('idle')
    expect(hasTimer()).toBe(false)
    await answer(0, [hit(1)])
    expect(controller.state).toMatchObject({ status: 'idle', hits: [] })
    expect(calls).toHaveLength(1)
  })

  it('searches again when only a filter changes, with the filter', () => {
    const { controller, calls, tick } = setup()
    controller.update({ text: 'a' })
    tick()
    controller.update({ sender: 'me', after: '2024-05-01' })
    tick()
    expect(calls[1]!.request.filters).toMatchObject({ sender: 'me', after: new Date(2024, 4, 1).getTime() })
    controller.update({ sender: 'me' })
    expect(calls).toHaveLength(2)
  })

  it('loads more with the cursor, appending without duplicates', async () => {
    const { controller, calls, tick, answer } = setup()
    controller.update({ text: 'a' })
    tick()
    await answer(0, [hit(9), hit(8)], 'c1')
    void controller.loadMore()
    void controller.loadMore()
    expect(calls).toHaveLength(2)
    expect(calls[1]!.request.cursor).toBe('c1')
    expect(controller.state.loadingMore).toBe(true)
    await answer(1, [hit(8), hit(7)], null)
    expect(ids(controller.state)).toEqual([9, 8, 7])
    expect(controller.state).toMatchObject({ nextCursor: null, loadingMore: false })
    void controller.loadMore()
    expect(calls).toHaveLength(2)
  })

  it('drops a "load more" answer once the query changed', async () => {
    const { controller, tick, answer } = setup()
    controller.update({ text: 'a' })
    tick()
    await answer(0, [hit(9)], 'c1')
    void controller.loadMore()
    controller.update({ text: 'b' })
    await answer(1, [hit(1)], null)
    expect(ids(controller.state)).toEqual([9])
    expect(controller.state.loadingMore).toBe(false)
  })

  it('reports failures of the newest request only', async () => {
    const { controller, calls, tick } = setup()
    controller.update({ text: 'a' })
    tick()
    controller.update({ text: 'ab' })
    tick()
    calls[0]!.reject(new Error('old failure'))
    await flushPromises()
    expect(controller.state.error).toBeNull()
    calls[1]!.reject(new Error('The archive is locked.'))
    await flushPromises()
    expect(controller.state).toMatchObject({ status: 'error', error: 'The archive is locked.' })
  })

  it('moves the active hit with the keys and fetches more past the end', async () => {
    const { controller, calls, tick, answer } = setup()
    controller.update({ text: 'a' })
    tick()
    await answer(0, [hit(9), hit(8)], 'c1')
    expect(controller.key('ArrowDown')).toBe(true)
    expect(controller.state.active).toBe(1)
    expect(controller.key('ArrowDown')).toBe(true)
    expect(calls).toHaveLength(2)
    expect(controller.key('ArrowUp')).toBe(true)
    expect(controller.activeHit?.message.id).toBe(9)
    expect(controller.key('Home')).toBe(false)
    controller.select(1)
    expect(controller.state.active).toBe(1)
    controller.select(5)
    expect(controller.state.active).toBe(1)
  })

  it('sends a pending search at once on flush, and refreshes the current one', () => {
    const { controller, calls, tick, hasTimer } = setup()
    controller.flush()
    expect(calls).toHaveLength(0)
    controller.update({ text: 'a' })
    expect(controller.pending).toBe(true)
    controller.flush()
    expect(controller.pending).toBe(false)
    expect(hasTimer()).toBe(false)
    expect(calls).toHaveLength(1)
    tick()
    expect(calls).toHaveLength(1)
    controller.refresh()
    expect(calls).toHaveLength(2)
  })

  it('forgets everything on reset', async () => {
    const { controller, tick, answer } = setup()
    controller.update({ text: 'a', conversation: 'bob@localhost' })
    tick()
    controller.reset()
    await answer(0, [hit(1)])
    expect(controller.state).toMatchObject({ status: 'idle', hits: [], query: { text: '', conversation: '' } })
  })
})
