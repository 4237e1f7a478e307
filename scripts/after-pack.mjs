// electron-builder `afterPack` hook: sets the Electron fuses on the packed executable, before
// electron-builder signs it (flipping a fuse after signing would break the signature). Each fuse
// @electron/fuses knows is written out; one Electron adds later keeps Electron's default until it
// is listed here. Security notes (d) and Electron security checklist #19. Layer: build script.
import path from 'node:path'
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses'

export const FUSES = {
  // `ELECTRON_RUN_AS_NODE=1 app` would turn the signed app into a plain Node for any script.
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS and --inspect would let anyone who can start the app inject code or attach a debugger.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // The app code is only what was packed into app.asar, and app.asar is checked against its hash.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // The renderer is served from app://, so file:// needs none of its old privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
}

/** The file that holds the fuse wire, as electron-builder names the packed executable. */
export function packedExecutable(context) {
  const { appOutDir, electronPlatformName, packager } = context
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`)
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`)
    default:
      return path.join(appOutDir, packager.executableName)
  }
}

export default async function afterPack(context) {
  const mac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas'
  await flipFuses(packedExecutable(context), {
    version: FuseVersion.V1,
    // Editing the binary invalidates the ad-hoc signature macOS on arm64 insists on; sign it again.
    resetAdHocDarwinSignature: mac,
    ...FUSES,
  })
}
