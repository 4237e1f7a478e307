import { afterEach, describe, expect, it, vi } from 'vitest'
import { HistoryGaps } from '../../../renderer/src/lib/logic/history-gaps'
import type { HistoryGap } from '../../../shared/types/domain'

const gap = (beforeId: number): HistoryGap => ({ beforeId, from: beforeId * 10, to: beforeId * 10 + 5 })

function setup() {
  const calls: { conversation: string; resolve: (g: HistoryGap[]) => void; reject: (e: Error) => void }[] = []
  const shown: (readonly HistoryGap[])[] = []
  const gaps = new HistoryGaps(
    (conversation) => new Promise((resolve, reject) => calls.push({ conversation, resolve, reject })),
    (list) => shown.push(list),
  )
  return { calls, shown, gaps }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('history gaps of the open conversation', () => {
  afterEach(() => vi.restoreAllMocks())

  it('loads on open and drops answers for a conversation no longer shown', async () => {
    const { calls, shown, gaps } = setup()
    gaps.show('bob@x')
    gaps.show('carol@x')
    expect(calls.map((c) => c.conversation)).toEqual(['bob@x', 'carol@x'])
    calls[0]!.resolve([gap(1)])
    calls[1]!.resolve([gap(7)])
    await settle()
    expect(gaps.gaps).toEqual([gap(7)])
    expect(shown).toEqual([[gap(7)]])
    gaps.show(null)
    expect(gaps.gaps).toEqual([])
    expect(calls).toHaveLength(2)
  })

  it('collapses refreshes asked for while one runs into one more', async () => {
    const { calls, shown, gaps } = setup()
    gaps.show('bob@x')
    gaps.refresh()
    gaps.refresh()
    gaps.refresh()
    expect(calls).toHaveLength(1)
    calls[0]!.resolve([gap(1)])
    await settle()
    expect(calls).toHaveLength(2)
    calls[1]!.resolve([gap(1)])
    await settle()
    expect(calls).toHaveLength(2)
    // An unchanged answer is not reported again.
    expect(shown).toEqual([[gap(1)]])
    gaps.refresh()
    expect(calls).toHaveLength(3)
  })

  it('keeps the markers it has when a refresh fails', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const { calls, gaps } = setup()
    gaps.show('bob@x')
    calls[0]!.resolve([gap(1)])
    await settle()
    gaps.refresh()
    calls[1]!.reject(new Error('archive busy'))
    await settle()
    expect(gaps.gaps).toEqual([gap(1)])
    expect(error).toHaveBeenCalledOnce()
  })
})
