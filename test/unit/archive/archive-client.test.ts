// The main-thread proxy against the real worker thread (started from the .ts sources through tsx),
// and its behaviour when the worker dies.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { Archive } from '../../../electron/core/archive/archive'
import { openArchive } from '../../../electron/core/archive/archive-client'
import { ArchiveClosedError } from '../../../electron/core/archive/errors'
import { ALICE, ME, draft, incoming, tempPath } from './helpers'

const dyingWorker = fileURLToPath(new URL('./fixtures/dying-worker.ts', import.meta.url))

describe('openArchive (real worker)', () => {
  it('serves calls from the worker and keeps the data across reopening', async () => {
    const file = tempPath()
    const archive = await openArchive(file)
    const stored = await archive.storeIncoming(ME, [incoming({ originId: 'a', body: 'first' })])
    expect(stored.added).toMatchObject([{ id: 1, body: 'first' }])
    const sent = await archive.storeOutgoing(ME, draft({ body: 'second' }))
    expect(await archive.outbox(ME)).toMatchObject([{ messageId: sent.added[0]!.id, body: 'second' }])
    await archive.setSetting('k', { a: 1 })
    expect(await archive.getSetting<{ a: number }>('k')).toEqual({ a: 1 })
    await archive.close()

    const again = await openArchive(file)
    expect((await again.page(ME, ALICE, null, 10)).messages.map((m) => m.body)).toEqual(['first', 'second'])
    expect(await again.conversations(ME)).toMatchObject([{ jid: ALICE, unread: 1, lastBody: 'second' }])
    await again.close()
  })

  it('rejects with the error raised in the worker and keeps serving', async () => {
    const archive = await openArchive(tempPath())
    const error: unknown = await archive.page(ME, ALICE, null, 0).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({ name: 'RangeError', message: 'Page limit must be a positive integer, got 0' })
    await expect(archive.storeOutgoing(ME, { ...draft(), body: undefined as unknown as string })).rejects.toThrow(/NOT NULL constraint failed: messages.body/)
    await expect(archive.markRead(ME, ALICE)).resolves.toBeNull()
    await archive.close()
  })

  it('finishes calls made before close(), refuses calls after it, and closes once', async () => {
    const archive = await openArchive(tempPath())
    const [before, closed, after] = await Promise.allSettled([
      archive.storeIncoming(ME, [incoming()]),
      archive.close(),
      archive.conversations(ME),
    ])
    expect(before).toMatchObject({ status: 'fulfilled', value: { added: [{ id: 1 }] } })
    expect(closed.status).toBe('fulfilled')
    expect(after).toMatchObject({ status: 'rejected', reason: { name: 'ArchiveClosedError', message: 'Archive is closed' } })
    expect(after.status === 'rejected' && after.reason).toBeInstanceOf(ArchiveClosedError)
    await expect(archive.close()).resolves.toBeUndefined()
    await expect(archive.loadRoster(ME)).rejects.toThrow(ArchiveClosedError)
  })

  it('rejects a call whose arguments cannot be sent, without a hanging request', async () => {
    const archive = await openArchive(tempPath())
    await expect(archive.setSetting('f', () => 1)).rejects.toThrow(/could not be cloned/)
    await archive.close()
  })
})

describe('when the worker dies', () => {
  async function dying(how: 'throw' | 'exit'): Promise<Archive> {
    // The fixture reads "how" from workerData.file.
    return openArchive(how, { worker: dyingWorker })
  }

  it('rejects every pending call when the worker crashes, and every later one', async () => {
    const archive = await dying('throw')
    const results = await Promise.allSettled([archive.conversations(ME), archive.outbox(ME)])
    for (const result of results) {
      expect(result).toMatchObject({ status: 'rejected', reason: { name: 'ArchiveClosedError', message: 'Archive worker crashed: boom' } })
    }
    await expect(archive.markRead(ME, ALICE)).rejects.toThrow('Archive worker crashed: boom')
    await expect(archive.close()).resolves.toBeUndefined()
  })

  it('rejects pending calls when the worker exits', async () => {
    const archive = await dying('exit')
    const results = await Promise.allSettled([archive.conversations(ME), archive.conversations(ME)])
    expect(results.map((result) => result.status === 'rejected' && (result.reason as Error).message)).toEqual([
      'Archive worker exited (code 3)',
      'Archive worker exited (code 3)',
    ])
  })

  it('fails to open when the worker script does not exist', async () => {
    await expect(openArchive(tempPath(), { worker: '/nonexistent/archive-worker.js' })).rejects.toThrow(/Archive worker crashed: .*Cannot find module/)
  })
})
