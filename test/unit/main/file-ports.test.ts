// The Electron side of `files:save` and `files:open`, with Electron's dialog and shell faked:
// Save copies only after the user chose a place (suggesting the Downloads folder), Cancel copies
// nothing; Open hands only harmless kinds to the OS (checked here again) and reports its errors.
import { describe, expect, it } from 'vitest'
import { createFilePorts } from '../../../electron/main/file-ports'

function fakes(chosen: string | null, openError = '') {
  const calls = { dialogs: [] as string[], copies: [] as [string, string][], opened: [] as string[] }
  const ports = createFilePorts({
    chooseSavePath: async (defaultPath) => (calls.dialogs.push(defaultPath), chosen),
    copyFile: async (from, to) => void calls.copies.push([from, to]),
    openPath: async (path) => (calls.opened.push(path), openError),
    downloadsDir: '/home/u/Downloads',
  })
  return { ports, calls }
}

describe('file ports', () => {
  it('saves where the user chose, proposing the name in Downloads', async () => {
    const { ports, calls } = fakes('/home/u/Documents/photo.png')
    expect(await ports.saveFile('/data/files/ab/photo.png', 'photo.png')).toBe(true)
    expect(calls.dialogs).toEqual(['/home/u/Downloads/photo.png'])
    expect(calls.copies).toEqual([['/data/files/ab/photo.png', '/home/u/Documents/photo.png']])
  })

  it('copies nothing when the dialog was cancelled, and never proposes a path outside Downloads', async () => {
    const { ports, calls } = fakes(null)
    expect(await ports.saveFile('/data/files/ab/x', '../../.bashrc')).toBe(false)
    expect(calls.dialogs).toEqual(['/home/u/Downloads/.bashrc'])
    expect(calls.copies).toEqual([])
  })

  it('opens harmless kinds with the OS and refuses anything that could run, without asking the OS', async () => {
    const { ports, calls } = fakes(null)
    await ports.openFile('/data/files/ab/report.pdf')
    await expect(ports.openFile('/data/files/cd/setup.exe')).rejects.toThrow(/could run a program/u)
    await expect(ports.openFile('/data/files/cd/run.desktop')).rejects.toThrow(/could run a program/u)
    expect(calls.opened).toEqual(['/data/files/ab/report.pdf'])
  })

  it("reports the OS's failure to open", async () => {
    const { ports } = fakes(null, 'No application is registered')
    await expect(ports.openFile('/data/files/ab/a.pdf')).rejects.toThrow(/No application/u)
  })
})
