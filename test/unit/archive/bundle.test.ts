// The archive from an esbuild bundle: the worker built to archive-worker.js next to the bundle
// that uses it, found without configuration, from an ESM and from a CommonJS main bundle.
import { execFile } from 'node:child_process'
import { existsSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { build, type BuildOptions } from 'esbuild'
import { describe, expect, it } from 'vitest'
import { tempPath } from './helpers'

const run = promisify(execFile)
const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url))
const common: BuildOptions = { bundle: true, platform: 'node', target: 'node20', external: ['better-sqlite3'], logLevel: 'silent' }

describe('bundled archive', () => {
  it.each([
    ['esm', 'main.js'],
    ['cjs', 'main.cjs'],
  ] as const)('opens from a %s main bundle with the sibling archive-worker.js', async (format, mainFile) => {
    const dir = dirname(tempPath())
    // As in out/main of the app: an ESM package that can resolve better-sqlite3 (kept external).
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }')
    const modules = join(dir, 'node_modules')
    symlinkSync(source('../../../node_modules'), modules, 'dir')
    try {
      await build({ ...common, format: 'esm', entryPoints: [source('../../../electron/core/archive/archive-worker.ts')], outfile: join(dir, 'archive-worker.js') })
      await build({ ...common, format, entryPoints: [source('./fixtures/bundle-entry.ts')], outfile: join(dir, mainFile) })
      expect(existsSync(join(dir, 'archive-worker.ts'))).toBe(false)

      const { stdout } = await run(process.execPath, [join(dir, mainFile), join(dir, 'archive.db')])
      expect(JSON.parse(stdout)).toEqual({
        messages: [{ id: 1, conversation: 'alice@example.org', direction: 'in', body: 'bundled', timestamp: 1, state: 'received', originId: 'b1', edited: false, retracted: false }],
        hasMore: false,
      })
    } finally {
      unlinkSync(modules) // the link only, before the temp dir is removed
    }
  })
})
