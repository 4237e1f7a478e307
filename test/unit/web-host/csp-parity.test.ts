// The browser host (what the end-to-end tests, the XSS corpus included, run against) must send the
// same Content-Security-Policy as the Electron app:// protocol, directive by directive, except
// connect-src: the app needs no network (IPC), the browser host needs its own WebSocket and nothing
// else. Otherwise a payload the desktop app would block could pass here unnoticed, or the reverse.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CoreService } from '../../../electron/core/core-service'
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/app-protocol'
import { startWebHost, type WebHost } from '../../../electron/web-host/web-host'
import { cspDifferences, effectiveSources, parseCsp } from '../../support/csp'

const idleCore: Pick<CoreService, 'handle' | 'subscribe'> = {
  handle: async () => ({ ok: false, error: { code: 'unknown-command', message: 'Unknown command' } }),
  subscribe: () => () => {},
}

describe('CSP helpers', () => {
  it('resolves fallbacks: default-src none covers object-src and frame-src', () => {
    const policy = parseCsp("default-src 'none'; script-src 'self'")
    expect(effectiveSources(policy, 'object-src')).toEqual(["'none'"])
    expect(effectiveSources(policy, 'frame-src')).toEqual(["'none'"])
    expect(effectiveSources(policy, 'script-src-attr')).toEqual(["'self'"])
    expect(effectiveSources(policy, 'base-uri')).toBeNull()
  })

  it('reports a weaker or missing directive', () => {
    const reference = parseCsp(CONTENT_SECURITY_POLICY)
    expect(cspDifferences(reference, parseCsp(CONTENT_SECURITY_POLICY))).toEqual([])
    expect(cspDifferences(reference, parseCsp(CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^script-src: /u)]),
    )
    expect(cspDifferences(reference, parseCsp("script-src 'self'"))).toEqual(expect.arrayContaining([expect.stringMatching(/^default-src: .*unrestricted/u), expect.stringMatching(/^base-uri: /u)]))
  })
})

describe('browser host CSP', () => {
  let dir: string
  let host: WebHost

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'web-host-csp-'))
    await mkdir(join(dir, 'assets'))
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>XMPP Desk</title>')
    await writeFile(join(dir, 'assets', 'app.js'), 'console.log(1)')
    host = await startWebHost({ core: idleCore, rendererDir: dir })
  })

  afterAll(async () => {
    await host?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it.each(['/', '/assets/app.js'])('sends the app:// policy on %s, with connect-src limited to its own WebSocket', async (path) => {
    const response = await fetch(`http://127.0.0.1:${host.port}${path}`)
    expect(response.status).toBe(200)
    const header = response.headers.get('content-security-policy')
    expect(header).toBeTruthy()
    const served = parseCsp(header ?? '')
    expect(cspDifferences(parseCsp(CONTENT_SECURITY_POLICY), served, ['connect-src'])).toEqual([])
    expect(effectiveSources(served, 'connect-src')).toEqual([`ws://127.0.0.1:${host.port}`, `ws://localhost:${host.port}`].sort())
  })
})
