import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startArchiveServer } from '../catchup-server'
import { bareCatchUp, perSecond } from '../catchup-clients'

const s = await startArchiveServer(50, 10000)
const cfg = join(s.server.dir, 'prosody.cfg.lua')
const original = readFileSync(cfg, 'utf8')
const variants: [string, (c: string) => string][] = [
  ['as is', (c) => c],
  // ['server nagle off', (c) => c.replace('run_as_root = true', 'run_as_root = true\nnetwork_settings = { nagle = false }')],
]
try {
  await s.loadTo(10000)
  for (const [label, edit] of variants) {
    await s.server.stop({ keepData: true })
    writeFileSync(cfg, edit(original))
    await s.server.start()
    for (const nd of [false, true]) {
      const r = await bareCatchUp(s, nd)
      const first = r.pages.map((p) => p.first).sort((a, b) => a - b)[100]
      const fin = r.pages.map((p) => p.fin).sort((a, b) => a - b)[100]
      console.log(label, 'nodelay', nd, perSecond(r).toFixed(0), 'msg/s', 'first', first?.toFixed(1), 'fin', fin?.toFixed(1))
    }
  }
} finally {
  await s.stop()
}
void appendFileSync
