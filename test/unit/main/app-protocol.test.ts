import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  createAppProtocolHandler,
  registerAppScheme,
  resolveAppPath,
} from '../../../electron/main/app-protocol'

let base: string
let root: string
let handler: (request: Request) => Promise<Response>

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'app-protocol-'))
  root = path.join(base, 'renderer')
  await mkdir(path.join(root, 'assets'), { recursive: true })
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>XMPP Desk</title>')
  await writeFile(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)')
  await writeFile(path.join(root, 'assets', 'style.css'), 'body{}')
  await writeFile(path.join(base, 'secret.txt'), 'top secret')
  await symlink(path.join(base, 'secret.txt'), path.join(root, 'assets', 'link.txt'))
  handler = createAppProtocolHandler({ rootDir: root })
})

afterAll(async () => {
  await rm(base, { recursive: true, force: true })
})

const get = (url: string, method = 'GET') => handler(new Request(url, { method }))

describe('registerAppScheme', () => {
  it('registers app:// as standard and secure, without CORS or CSP bypass', () => {
    const registerSchemesAsPrivileged = vi.fn()
    registerAppScheme({ registerSchemesAsPrivileged })
    expect(registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true } },
    ])
  })
})

describe('app:// handler', () => {
  it('serves index.html for the entry URL and for /', async () => {
    for (const url of [APP_ENTRY_URL, 'app://xmpp-desk/']) {
      const response = await get(url)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(await response.text()).toBe('<!doctype html><title>XMPP Desk</title>')
    }
  })

  it('serves assets with their MIME type', async () => {
    const js = await get('app://xmpp-desk/assets/index-abc.js')
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await js.text()).toBe('console.log(1)')
    const css = await get('app://xmpp-desk/assets/style.css')
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8')
  })

  it('sets the strict CSP and nosniff on every response, errors included', async () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'",
    )
    for (const url of [APP_ENTRY_URL, 'app://xmpp-desk/missing.js']) {
      const response = await get(url)
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    }
  })

  it.each([
    'app://xmpp-desk/../secret.txt',
    'app://xmpp-desk/assets/../../secret.txt',
    'app://xmpp-desk/%2e%2e/secret.txt',
    'app://xmpp-desk/..%2fsecret.txt',
    'app://xmpp-desk/assets/..%2F..%2Fsecret.txt',
    'app://xmpp-desk/..%5csecret.txt',
    'app://xmpp-desk//etc/passwd',
    'app://xmpp-desk/%2Fetc%2Fpasswd',
    'app://xmpp-desk/C:/Windows/win.ini',
    'app://xmpp-desk/index.html%00.js',
    'app://xmpp-desk/%E0%A4%A',
    'app://xmpp-desk/assets/link.txt',
    'app://xmpp-desk/assets',
    'app://xmpp-desk/missing.html',
    'app://other-host/index.html',
  ])('refuses %s with a 404 and never serves the secret', async (url) => {
    const response = await get(url)
    expect(response.status).toBe(404)
    expect(await response.text()).not.toContain('top secret')
  })

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get(APP_ENTRY_URL, 'POST')).status).toBe(405)
    expect((await get(APP_ENTRY_URL, 'HEAD')).status).toBe(200)
  })
})

describe('resolveAppPath', () => {
  it('maps URLs to files strictly inside the root', () => {
    expect(resolveAppPath('/srv/renderer', 'app://xmpp-desk/assets/a.js')).toBe(path.resolve('/srv/renderer/assets/a.js'))
    expect(resolveAppPath('/srv/renderer', 'app://xmpp-desk/')).toBe(path.resolve('/srv/renderer/index.html'))
  })

  it('returns null for other schemes and escapes', () => {
    expect(resolveAppPath('/srv/renderer', 'file:///srv/renderer/index.html')).toBeNull()
    expect(resolveAppPath('/srv/renderer', 'app://xmpp-desk/..%2f..%2fetc/passwd')).toBeNull()
    expect(resolveAppPath('/srv/renderer', 'app://xmpp-desk/..%2frenderer-evil/x.js')).toBeNull()
    expect(resolveAppPath('/srv/renderer', 'not a url')).toBeNull()
  })
})
