// Search through the real worker thread: a newer search replaces one that has not reached the
// worker yet (search as you type), which then resolves 'superseded' without running.
import { describe, expect, it } from 'vitest'
import type { SearchRequest } from '../../../electron/core/archive/archive'
import { openArchive } from '../../../electron/core/archive/archive-client'
import { ME, incoming, tempPath } from './helpers'

const request = (text: string, limit = 10): SearchRequest => ({ text, filters: { conversation: null, sender: null, after: null, before: null }, cursor: null, limit })

describe('archive client search', () => {
  it('runs the search in flight and the latest one; the ones in between resolve superseded without running', async () => {
    const archive = await openArchive(tempPath())
    await archive.storeIncoming(ME, [incoming({ body: 'alpha', originId: 'a' }), incoming({ body: 'gamma', originId: 'g' })])
    const settled: string[] = []
    const track = <T>(label: string, promise: Promise<T>): Promise<T> => promise.finally(() => settled.push(label))

    // Keeps the worker busy, so that every search below is issued before it could start.
    const busy = track('busy', archive.storeIncoming(ME, Array.from({ length: 2_000 }, (_, i) => incoming({ body: `filler ${i}`, originId: `f${i}` }))))
    const a = track('a', archive.search(ME, request('alpha')))
    const b = track('b', archive.search(ME, request('beta')))
    const c = track('c', archive.search(ME, request('be')))
    const d = track('d', archive.search(ME, request('gamma')))

    expect(await b).toBe('superseded')
    expect(await c).toBe('superseded')
    // Both were answered before the worker even finished what was ahead of them.
    expect(settled).toEqual(['b', 'c'])
    await busy
    expect(await a).toMatchObject({ hits: [{ message: { body: 'alpha' } }], nextCursor: null })
    expect(await d).toMatchObject({ hits: [{ message: { body: 'gamma' } }], nextCursor: null })
    expect(settled).toEqual(['b', 'c', 'busy', 'a', 'd'])
    await archive.close()
  })

  it('runs searches issued one after another in full', async () => {
    const archive = await openArchive(tempPath())
    await archive.storeIncoming(ME, [incoming({ body: 'one two', originId: '1' })])
    expect(await archive.search(ME, request('one'))).toMatchObject({ hits: [{ message: { body: 'one two' } }] })
    expect(await archive.search(ME, request('two'))).toMatchObject({ hits: [{ message: { body: 'one two' } }] })
    await archive.close()
  })

  it('keeps searching after a failed search', async () => {
    const archive = await openArchive(tempPath())
    const failed = archive.search(ME, request('x', 0))
    const next = archive.search(ME, request('x'))
    await expect(failed).rejects.toMatchObject({ name: 'RangeError' })
    await expect(next).resolves.toEqual({ hits: [], nextCursor: null })
    await archive.close()
  })

  it('rejects a search still waiting when the archive closes, and every search after', async () => {
    const archive = await openArchive(tempPath())
    const running = archive.search(ME, request('x'))
    const waiting = archive.search(ME, request('y'))
    const closed = archive.close()
    await expect(running).resolves.toEqual({ hits: [], nextCursor: null })
    await expect(waiting).rejects.toMatchObject({ name: 'ArchiveClosedError' })
    await closed
    await expect(archive.search(ME, request('z'))).rejects.toMatchObject({ name: 'ArchiveClosedError' })
  })
})
