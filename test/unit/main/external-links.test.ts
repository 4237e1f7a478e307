import { describe, expect, it, vi } from 'vitest'
import { RefusedLinkError, classifyExternalLink, createExternalOpener } from '../../../electron/main/external-links'

function setup(answer = false) {
  const openExternal = vi.fn(async (_url: string) => undefined)
  const confirmInsecure = vi.fn(async (_url: string) => answer)
  return { openExternal, confirmInsecure, open: createExternalOpener({ openExternal }, confirmInsecure) }
}

describe('createExternalOpener', () => {
  it('opens https URLs at once, re-serialized by the URL parser', async () => {
    const { openExternal, confirmInsecure, open } = setup()
    await open('https://example.org/a b?q=1#x')
    expect(openExternal.mock.calls).toEqual([['https://example.org/a%20b?q=1#x']])
    expect(confirmInsecure).not.toHaveBeenCalled()
  })

  it('opens an http URL only after the user confirms it', async () => {
    const declined = setup(false)
    await expect(declined.open('HTTP://Example.ORG')).rejects.toBeInstanceOf(RefusedLinkError)
    expect(declined.confirmInsecure.mock.calls).toEqual([['http://example.org/']])
    expect(declined.openExternal).not.toHaveBeenCalled()
    const accepted = setup(true)
    await accepted.open('http://example.org/page')
    expect(accepted.openExternal.mock.calls).toEqual([['http://example.org/page']])
  })

  it('opens a mailto link with an address in the mail client', async () => {
    const { openExternal, open } = setup()
    await open('mailto:someone@example.org?subject=Hello%20there')
    expect(openExternal.mock.calls).toEqual([['mailto:someone@example.org?subject=Hello%20there']])
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
    'mailto:',
    'mailto:not-an-address',
    'mailto:%E0%A4%A',
    'mailto:a@b/../../x',
    `mailto:a@example.org?body=${'x'.repeat(3000)}`,
    'myapp://do-something',
    'https://',
    'http://',
    'not a url',
    '',
  ])('refuses %j without asking and without reaching the shell', async (url) => {
    const { openExternal, confirmInsecure, open } = setup(true)
    expect(classifyExternalLink(url)).toEqual({ kind: 'refuse' })
    await expect(open(url)).rejects.toBeInstanceOf(RefusedLinkError)
    expect(confirmInsecure).not.toHaveBeenCalled()
    expect(openExternal).not.toHaveBeenCalled()
  })

  it('does not echo the refused URL in the error message', async () => {
    const { open } = setup()
    await expect(open('javascript:secret')).rejects.toThrow('Only https, http and mailto links can be opened')
  })
})
