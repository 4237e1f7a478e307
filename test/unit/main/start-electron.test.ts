import { spawnSync } from 'node:child_process'
import { chmodSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { useTempDirs } from './temp-dirs'

const APP_DIR = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/u, '')
const SCRIPT = path.join(APP_DIR, 'scripts', 'start-electron.mjs')
const tempDir = useTempDirs('start-electron-')

function run(args: string[], env: Record<string, string>) {
  const { ELECTRON_RUN_AS_NODE: _inherited, ...base } = process.env
  return spawnSync(process.execPath, [SCRIPT, ...args], { env: { ...base, ...env }, encoding: 'utf8' })
}

describe('scripts/start-electron.mjs', () => {
  it('explains the missing binary and points to the browser host, exiting non-zero', () => {
    const result = run([], { ELECTRON_OVERRIDE_DIST_PATH: tempDir(), ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('The Electron binary could not be downloaded on this machine')
    expect(result.stderr).toContain('npm run start:web')
    expect(result.stdout).not.toContain('Downloading')
  })

  it.skipIf(process.platform === 'win32')('runs the binary on the app folder, forwards arguments and the exit code', () => {
    const dist = tempDir()
    const appDir = tempDir()
    const fake = path.join(dist, 'electron')
    writeFileSync(fake, '#!/bin/sh\necho "args:$*"\necho "run-as-node:${ELECTRON_RUN_AS_NODE:-unset}"\nexit 7\n')
    chmodSync(fake, 0o755)
    const result = run(['--data-dir=/tmp/profile', '--inspect-nothing'], {
      ELECTRON_OVERRIDE_DIST_PATH: dist,
      ELECTRON_RUN_AS_NODE: '1',
      XMPP_DESK_ELECTRON_APP: appDir,
    })
    expect(result.stdout).toContain(`args:${appDir} --data-dir=/tmp/profile --inspect-nothing`)
    expect(result.stdout).toContain('run-as-node:unset')
    expect(result.status).toBe(7)
  })
})
