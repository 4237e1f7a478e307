import { describe, expect, it } from 'vitest'
import { TaskLimit } from '../../../../electron/core/rooms/task-limit'

describe('TaskLimit', () => {
  it('runs at most the limit at once, the rest in arrival order, and passes results and failures through', async () => {
    const limit = new TaskLimit(2)
    let running = 0
    let peak = 0
    const started: number[] = []
    const releases: (() => void)[] = []
    const task = (n: number) => () =>
      new Promise<number>((resolve) => {
        started.push(n)
        peak = Math.max(peak, ++running)
        releases.push(() => {
          running--
          resolve(n)
        })
      })
    const results = [1, 2, 3, 4].map((n) => limit.run(task(n)))
    const failed = expect(
      limit.run(async () => {
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    await new Promise((r) => setTimeout(r, 0))
    expect(started).toEqual([1, 2])
    while (releases.length > 0) {
      releases.shift()?.()
      await new Promise((r) => setTimeout(r, 0))
    }
    expect(await Promise.all(results)).toEqual([1, 2, 3, 4])
    await failed
    expect(started).toEqual([1, 2, 3, 4])
    expect(peak).toBe(2)
  })
})
