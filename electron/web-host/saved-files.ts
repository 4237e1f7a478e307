// `files:save` for the browser host, which has no OS dialog: the file is copied into
// `<data dir>/saved/` under its (already sanitised) name, numbered when the name is taken, and the
// path is printed. Opening files with the OS is not offered here (the port is absent, so the core
// refuses `files:open` and the user can save instead). Layer: Node host (never imports electron).
import { copyFile, mkdir } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'

export function savedFilesIn(dataDir: string, log: (message: string) => void = console.log): (sourcePath: string, suggestedName: string) => Promise<boolean> {
  const dir = join(dataDir, 'saved')
  return async (sourcePath, suggestedName) => {
    await mkdir(dir, { recursive: true })
    const name = basename(suggestedName)
    const ext = extname(name)
    for (let n = 0; n < 1000; n++) {
      const target = join(dir, n === 0 ? name : `${name.slice(0, name.length - ext.length)} (${n})${ext}`)
      try {
        await copyFile(sourcePath, target, 1) // COPYFILE_EXCL: never overwrite an earlier save
        log(`saved ${target}`)
        return true
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
    }
    throw new Error('Too many saved files with this name')
  }
}
