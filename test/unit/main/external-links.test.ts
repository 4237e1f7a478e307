import { describe, expect, it, vi } from 'vitest'
import { RefusedLinkError, createExternalOpener } from '../../../electron/main/external-links'

function setup() {
  const openExternal = vi.fn(async (_url: string) => undefined)
  return { openExternal, open: createExternalOpener({ openExternal }) }
}

describe('createExternalOpener', () => {
  it('passes https and http URLs to the shell, re-serialized by the URL parser', async () => {
    const { openExternal, open } = setup()
    await open('https://example.org/a b?q=1#x')
    await open('HTTP://Example.ORG')
    expect(openExternal.mock.calls).toEqual([['https://example.org/a%20b?q=1#x'], ['http://example.org/']])
  })

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'file:///etc/passwd',
    'file://server/share/x.exe',
    'smb://attacker.example/share',
    'data:text/html,<script>alert(1)</script>',
    'ms-msdt:/id PCWDiagnostic',
    'vbscript:msgbox(1)',
    'xmpp:romeo@montague.example',
    'mailto:someone@example.org',
    'myapp://do-something',
    'https://',
    'http://',
    'not a url',
    '',
  ])('refuses %j without reaching the shell', async (url) => {
    const { openExternal, open } = setup()
    await expect(open(url)).rejects.toBeInstanceOf(RefusedLinkError)
    expect(openExternal).not.toHaveBeenCalled()
  })

  it('does not echo the refused URL in the error message', async () => {
    const { open } = setup()
    await expect(open('javascript:secret')).rejects.toThrow('Only http and https links can be opened')
  })
})
