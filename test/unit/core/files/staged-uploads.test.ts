// Files handed over for upload: written in order, never past the announced size, complete only
// when every byte arrived, gone when discarded, and nothing left over from an earlier run.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { StagedUploads } from '../../../../electron/core/files/staged-uploads'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'staged-'))
  dirs.push(dir)
  return dir
}
const FILE = { conversation: 'alice@example.org', name: 'a.bin', mediaType: 'application/octet-stream', size: 6 }

describe('StagedUploads', () => {
  it('writes chunks in order into a private file and completes when all bytes arrived', async () => {
    const staged = new StagedUploads(dataDir())
    const id = await staged.begin(FILE)
    await staged.append(id, 0, Buffer.from('abc'))
    await expect(staged.complete(id)).rejects.toThrow(/not fully arrived/u)
    await staged.append(id, 3, Buffer.from('def'))
    const file = await staged.complete(id)
    expect(readFileSync(file.path, 'utf8')).toBe('abcdef')
    expect(file).toMatchObject(FILE)
  })

  it('refuses a chunk out of order or past the announced size, and unknown uploads', async () => {
    const staged = new StagedUploads(dataDir())
    const id = await staged.begin(FILE)
    await expect(staged.append(id, 2, Buffer.from('x'))).rejects.toThrow(/out of order/u)
    await expect(staged.append(id, 0, Buffer.from('1234567'))).rejects.toThrow(/larger than announced/u)
    await staged.append(id, 0, Buffer.from('123456'))
    await expect(staged.append(id, 6, Buffer.from('7'))).rejects.toThrow()
    await expect(staged.append('nope', 0, Buffer.from('x'))).rejects.toThrow(/gone/u)
  })

  it('discard removes the file; a new instance clears what an earlier run left', async () => {
    const dir = dataDir()
    const staged = new StagedUploads(dir)
    const id = await staged.begin(FILE)
    await staged.append(id, 0, Buffer.from('abc'))
    const leftover = join(dir, 'uploads', id)
    expect(existsSync(leftover)).toBe(true)
    await staged.discard(id)
    expect(existsSync(leftover)).toBe(false)
    await expect(staged.complete(id)).rejects.toThrow(/gone/u)

    mkdirSync(join(dir, 'uploads'), { recursive: true })
    writeFileSync(join(dir, 'uploads', 'old'), 'x')
    new StagedUploads(dir)
    expect(existsSync(join(dir, 'uploads', 'old'))).toBe(false)
  })
})
