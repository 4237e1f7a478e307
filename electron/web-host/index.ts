// `npm run start:web`: runs the core in plain Node and serves the renderer to a browser on
// 127.0.0.1. Options: --data-dir=<path> (or XMPP_DESK_DATA_DIR), --port=<n>, --trust-ca=<pem file>
// (a private CA for a self-hosted server), --allow-plaintext-loopback (developer servers on
// 127.0.0.1 without TLS). Layer: Node host (never imports electron).
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createCore } from '../core/app-core'
import { platformDataDir, resolveDataDir } from '../core/data-dir'
import { KeyringSecretStore } from '../core/secrets/keyring-secret-store'
import { MemorySecretStore, type SecretStore } from '../core/secrets/secret-store'
import { savedFilesIn } from './saved-files'
import { startWebHost } from './web-host'

function flag(name: string): string | null {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`))
  return arg ? arg.slice(name.length + 3) : null
}

/** The OS keychain when it answers; otherwise memory only, said out loud. */
async function pickSecretStore(): Promise<SecretStore> {
  const keyring = new KeyringSecretStore()
  try {
    await keyring.get('probe@xmpp-desk.invalid')
    return keyring
  } catch (error) {
    console.warn(`The OS keychain is not available (${error instanceof Error ? error.message : String(error)}); "Remember password" will last until this host stops.`)
    return new MemorySecretStore()
  }
}

async function main(): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url))
  const dataDir = resolveDataDir(process.argv, process.env, platformDataDir())
  const caFile = flag('trust-ca') ?? process.env.XMPP_DESK_TRUST_CA ?? null
  const core = await createCore({
    dataDir,
    secrets: await pickSecretStore(),
    ports: {
      // The browser is the system browser here: the renderer opens links itself.
      openExternal: async (url) => console.log(`open in your browser: ${url}`),
      saveFile: savedFilesIn(dataDir),
    },
    archiveWorkerPath: join(here, 'archive-worker.js'),
    ...(caFile ? { trustedCa: [readFileSync(caFile, 'utf8')] } : {}),
    allowPlaintextLoopback: process.argv.includes('--allow-plaintext-loopback'),
  })
  const port = Number(flag('port') ?? process.env.XMPP_DESK_PORT ?? 0)
  const host = await startWebHost({ core, rendererDir: join(here, '..', 'renderer'), port, ...(process.env.XMPP_DESK_TOKEN ? { token: process.env.XMPP_DESK_TOKEN } : {}) })
  console.log(`XMPP Desk browser host; data in ${dataDir}`)
  console.log(`Open ${host.url}`)
  void core.resume()
  const stop = async (): Promise<void> => {
    await host.close()
    await core.shutdown()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
