// Handing a file to the core: refused early when empty or over the server's limit, staged in order
// in chunks whose base64 fits the contract, then uploaded by the core (never by the page).
import { describe, expect, it } from 'vitest'
import { commands } from '../../../shared/ipc/contract'
import { FILE_LIMITS } from '../../../shared/util/attachment'
import type { RendererApi } from '../../../renderer/src/lib/api'
import { base64Of, pastedName, refusal, stageFile, type FileLike } from '../../../renderer/src/lib/logic/file-transfer'

function fileOf(bytes: Uint8Array, name = 'a.bin', type = 'application/octet-stream'): FileLike {
  return { name, type, size: bytes.length, slice: (start, end) => ({ arrayBuffer: async () => bytes.slice(start, end).buffer }) }
}

describe('file transfer (renderer side)', () => {
  it('base64 of large chunks matches Node and fits the contract', () => {
    const bytes = Uint8Array.from({ length: FILE_LIMITS.chunkBytes }, (_, i) => (i * 31) % 256)
    const encoded = base64Of(bytes)
    expect(encoded).toBe(Buffer.from(bytes).toString('base64'))
    const upload = crypto.randomUUID()
    expect(commands['files:stage-chunk'].request.safeParse({ upload, offset: 0, data: encoded }).success).toBe(true)
    expect(commands['files:stage-chunk'].request.safeParse({ upload, offset: 0, data: `${encoded}AAAA` }).success).toBe(false)
  })

  it('refuses empty and too large files before asking the core', () => {
    expect(refusal(fileOf(new Uint8Array(0)), null)).toBe('The file is empty.')
    expect(refusal(fileOf(new Uint8Array(2000)), 1000)).toBe('The file is 2 KB; files up to 1 KB can be sent.')
    expect(refusal(fileOf(new Uint8Array(10)), null)).toBeNull()
  })

  it('stages every byte in order, then the core uploads', async () => {
    const bytes = Uint8Array.from({ length: FILE_LIMITS.chunkBytes * 2 + 5 }, (_, i) => i % 251)
    const calls: { command: string; request: Record<string, unknown> }[] = []
    const api = {
      invoke: async (command: string, request: Record<string, unknown>) => {
        calls.push({ command, request })
        return command === 'files:stage' ? { upload: 'u1' } : null
      },
    } as unknown as RendererApi
    expect(await stageFile(api, 'alice@example.org', fileOf(bytes, 'shot.png', 'image/png'), 'renamed.png')).toBe('u1')
    expect(calls[0]).toEqual({ command: 'files:stage', request: { conversation: 'alice@example.org', name: 'renamed.png', mediaType: 'image/png', size: bytes.length } })
    const chunks = calls.slice(1)
    expect(chunks.map((c) => c.request.offset)).toEqual([0, FILE_LIMITS.chunkBytes, FILE_LIMITS.chunkBytes * 2])
    const joined = Buffer.concat(chunks.map((c) => Buffer.from(String(c.request.data), 'base64')))
    expect(joined.equals(Buffer.from(bytes))).toBe(true)
  })

  it('names a pasted picture by when it was pasted', () => {
    expect(pastedName(fileOf(new Uint8Array(1), 'image.png', 'image/png'), new Date('2026-12-06T01:02:03Z'))).toBe('pasted-2026-12-06-01-02-03.png')
    expect(pastedName(fileOf(new Uint8Array(1), '', 'image/jpeg'), new Date('2026-12-06T01:02:03Z'))).toBe('pasted-2026-12-06-01-02-03.jpg')
  })
})
