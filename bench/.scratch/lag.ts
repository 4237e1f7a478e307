import { mkdtempSync, rmSync, cpSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startArchiveServer, PASSWORD } from '../catchup-server'
import { createCore } from '../../electron/core/app-core'
import { MemorySecretStore } from '../../electron/core/secrets/secret-store'

const s = await startArchiveServer(50, 10000)
const template = mkdtempSync(join(tmpdir(), 't-'))
async function run(dir: string) {
  const core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), ports: { openExternal: async () => {} }, trustedCa: [s.server.caCert], log: () => {} })
  let online = () => {}
  const ready = new Promise<void>((r) => (online = r))
  core.subscribe((e, p) => { if (e === 'connection:state' && (p as { status: string }).status === 'online') online() })
  const t0 = performance.now()
  let last = t0
  const stalls: string[] = []
  const iv = setInterval(() => { const now = performance.now(); if (now - last > 60) stalls.push(`${(last - t0).toFixed(0)}ms:+${(now - last).toFixed(0)}`); last = now }, 1)
  await core.handle('account:sign-in', { jid: s.jid, password: PASSWORD, rememberPassword: false, host: s.server.host, port: s.server.c2sPort, directTls: false })
  const signed = performance.now() - t0
  await ready
  clearInterval(iv)
  console.log('signed', signed.toFixed(0), 'total', (performance.now() - t0).toFixed(0), 'stalls', stalls.join(' '))
  await core.shutdown()
}
try {
  await run(template)
  await s.loadTo(10000)
  for (let i = 0; i < 4; i++) {
    const d = mkdtempSync(join(tmpdir(), 'c-'))
    cpSync(template, d, { recursive: true })
    await run(d)
    rmSync(d, { recursive: true })
  }
} finally {
  rmSync(template, { recursive: true })
  await s.stop()
}
