// `files:save` in the browser host: a copy in <data dir>/saved/, never overwriting an earlier one.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { savedFilesIn } from '../../../electron/web-host/saved-files'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('savedFilesIn', () => {
  it('copies into saved/, numbering a name that is taken, and stays in that folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saved-'))
    dirs.push(dir)
    const source = join(dir, 'source')
    writeFileSync(source, 'one')
    const save = savedFilesIn(dir, () => {})
    expect(await save(source, 'a.txt')).toBe(true)
    writeFileSync(source, 'two')
    expect(await save(source, '../../a.txt')).toBe(true)
    expect(readFileSync(join(dir, 'saved', 'a.txt'), 'utf8')).toBe('one')
    expect(readFileSync(join(dir, 'saved', 'a (1).txt'), 'utf8')).toBe('two')
  })
})
