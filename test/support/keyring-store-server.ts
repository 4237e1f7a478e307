// Child-process side of keyring-session.ts: runs inside scripts/with-keyring.sh (a private D-Bus
// session with its own gnome-keyring) and serves a KeyringSecretStore over JSON lines on
// stdin/stdout, one request at a time, in order. Exits when stdin closes.
// Usage: node --import tsx test/support/keyring-store-server.ts SERVICE
import { execFile } from 'node:child_process'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'
import { KeyringSecretStore } from '../../electron/core/secrets/keyring-secret-store'

export type KeyringRequest =
  | { id: number; op: 'get' | 'delete' | 'lookup'; account: string }
  | { id: number; op: 'set'; account: string; secret: string }

export type KeyringReply =
  | { id: number; ok: true; value: string | null }
  | { id: number; ok: false; error: { name: string; message: string } }

const runFile = promisify(execFile)

/** Looks the entry up with libsecret's own CLI: proof it is in the Secret Service, under our names. */
async function lookupWithSecretTool(service: string, account: string): Promise<string | null> {
  try {
    const { stdout } = await runFile('secret-tool', ['lookup', 'service', service, 'username', account])
    return stdout
  } catch (error) {
    // secret-tool exits 1 without output when nothing matches.
    if ((error as { code?: unknown }).code === 1) return null
    throw error
  }
}

async function serve(service: string): Promise<void> {
  const store = new KeyringSecretStore({ service })
  const reply = (message: KeyringReply | { ready: true }): void => {
    process.stdout.write(`${JSON.stringify(message)}\n`)
  }
  reply({ ready: true })
  for await (const line of createInterface({ input: process.stdin })) {
    const request = JSON.parse(line) as KeyringRequest
    try {
      let value: string | null = null
      if (request.op === 'get') value = await store.get(request.account)
      else if (request.op === 'set') await store.set(request.account, request.secret)
      else if (request.op === 'delete') await store.delete(request.account)
      else value = await lookupWithSecretTool(service, request.account)
      reply({ id: request.id, ok: true, value })
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error))
      reply({ id: request.id, ok: false, error: { name, message } })
    }
  }
}

const [service] = process.argv.slice(2)
if (!service) {
  process.stderr.write('usage: keyring-store-server.ts SERVICE\n')
  process.exit(2)
}
await serve(service)
