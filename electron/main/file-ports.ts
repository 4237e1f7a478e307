// The host ports behind the core's `files:save` and `files:open`: the OS save dialog (then a copy
// of the downloaded file from the core's cache) and the OS's default application. Opening is
// checked again here against the same allowlist the core uses (shared/util/attachment.ts): a
// file that could run a program is never handed to the OS to open. Layer: electron/main
// (Electron's dialog and shell injected, so tests need no Electron).
import { basename, join } from 'node:path'
import { safeToOpen } from '../../shared/util/attachment'
import type { HostPorts } from '../core/core-service'

export interface FilePortDeps {
  /** Shows the save dialog starting at `defaultPath`; the chosen path, or null when cancelled. */
  chooseSavePath(defaultPath: string): Promise<string | null>
  copyFile(from: string, to: string): Promise<void>
  /** Electron's shell.openPath: resolves with an error message, '' on success. */
  openPath(path: string): Promise<string>
  downloadsDir: string
}

export function createFilePorts(deps: FilePortDeps): Required<Pick<HostPorts, 'saveFile' | 'openFile'>> {
  return {
    async saveFile(sourcePath, suggestedName) {
      const target = await deps.chooseSavePath(join(deps.downloadsDir, basename(suggestedName)))
      if (target === null) return false
      await deps.copyFile(sourcePath, target)
      return true
    },
    async openFile(path) {
      if (!safeToOpen(basename(path))) throw new Error('Refusing to open a file that could run a program')
      const error = await deps.openPath(path)
      if (error !== '') throw new Error(`The system could not open the file: ${error}`)
    },
  }
}
