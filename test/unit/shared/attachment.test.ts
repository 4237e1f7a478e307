// File names as they are shown and stored (T17: `invoice\u202Efdp.exe` must never read as a
// PDF), names from links, which files the OS may open for us, and sizes as people read them.
import { describe, expect, it } from 'vitest'
import { diskName } from '../../../electron/core/files/file-cache'
import { uploadName } from '../../../electron/core/files/file-sharing'
import { extensionOf, fileNameFromUrl, formatBytes, looksLikeFile, looksLikeImage, neutralizeFileName, safeToOpen } from '../../../shared/util/attachment'

describe('neutralizeFileName (T17)', () => {
  it('shows bidi controls and zero-width characters as a visible mark instead of obeying them', () => {
    expect(neutralizeFileName('invoice\u202Efdp.exe')).toBe('invoice\ufffdfdp.exe')
    expect(neutralizeFileName('a\u200Blice.png')).toBe('a\ufffdlice.png')
    for (const control of ['\u202a', '\u202b', '\u202c', '\u202d', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u0000', '\n', '\u0085'])
      expect(neutralizeFileName(`x${control}y.txt`), JSON.stringify(control)).toBe('x\ufffdy.txt')
  })

  it('keeps ordinary text of any script, and cuts very long names keeping the extension', () => {
    expect(neutralizeFileName('отчёт 2024 年.pdf')).toBe('отчёт 2024 年.pdf')
    const long = neutralizeFileName(`${'a'.repeat(500)}.pdf`)
    expect(long.length).toBeLessThanOrEqual(200)
    expect(long.endsWith('….pdf')).toBe(true)
    expect(neutralizeFileName('   ')).toBe('file')
  })
})

describe('names from links', () => {
  it('the last path segment, percent-decoded, never with a separator', () => {
    expect(fileNameFromUrl('https://x.example/a/b%20c.png?x=1#y')).toBe('b c.png')
    expect(fileNameFromUrl('https://x.example/a/%2e%2e%2F%2e%2e%5cwin.ini')).toBe('.._.._win.ini')
    expect(fileNameFromUrl('https://x.example/')).toBe('file')
    expect(fileNameFromUrl('https://x.example/..')).toBe('file')
    expect(fileNameFromUrl('not a url')).toBe('file')
  })

  it('what looks like a picture or a file, by extension', () => {
    expect(looksLikeImage('A.JPG')).toBe(true)
    expect(looksLikeImage('a.svg')).toBe(false)
    expect(looksLikeFile('a.pdf')).toBe(true)
    expect(looksLikeFile('page.html')).toBe(false)
    expect(extensionOf('.bashrc')).toBe('')
  })
})

describe('safeToOpen', () => {
  it('opens documents, pictures and media; never programs, scripts, shortcuts, HTML or unknown kinds', () => {
    for (const name of ['a.pdf', 'b.PNG', 'c.mp3', 'd.docx', 'e.txt']) expect(safeToOpen(name), name).toBe(true)
    for (const name of ['a.exe', 'b.bat', 'c.sh', 'd.desktop', 'e.lnk', 'f.html', 'g.svg', 'h.js', 'i.jar', 'j.docm', 'k.app', 'l', 'invoice\u202efdp.exe', 'm.pdf.exe'])
      expect(safeToOpen(name), name).toBe(false)
  })
})

describe('names on disk and for the upload service', () => {
  it('no separators, reserved or invisible characters, no leading dot, bounded', () => {
    expect(diskName('../../etc/passwd')).toBe('_.._etc_passwd')
    expect(diskName('invoice\u202efdp.exe')).toBe('invoice_fdp.exe')
    expect(diskName('NUL.txt')).toBe('_NUL.txt')
    expect(diskName('con')).toBe('_con')
    expect(diskName('console.log')).toBe('console.log')
    expect(diskName('a:b*c?"<>|.txt')).toBe('a_b_c_____.txt')
    expect(diskName('.hidden')).toBe('hidden')
    expect(diskName('...')).toBe('file')
    expect(diskName(`${'x'.repeat(300)}.jpeg`)).toMatch(/^x+\.jpeg$/u)
    expect(diskName(`${'x'.repeat(300)}.jpeg`).length).toBeLessThanOrEqual(120)
    expect(uploadName('a/b\u200b.png')).toBe('a_b_.png')
  })
})

describe('formatBytes', () => {
  it('decimal units', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(999)).toBe('999 B')
    expect(formatBytes(4_200)).toBe('4.2 KB')
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MB')
    expect(formatBytes(10_000_000_000)).toBe('10 GB')
  })
})
