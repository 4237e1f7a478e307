import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startArchiveServer } from '../catchup-server'
import { bareCatchUp, slicedCatchUp } from '../catchup-clients'
import Database from 'better-sqlite3'

const s = await startArchiveServer(50, 10000)
try {
  await s.loadTo(10000)
  const db = new Database(s.server.sqlitePath!, { readonly: true })
  console.log(db.prepare(`SELECT min("when") a, max("when") b, count(*) n, typeof("when") t FROM prosodyarchive WHERE user='alice'`).get(), s.seedWhen, s.range)
  db.close()
  console.log((await bareCatchUp(s, true)).messages)
  const dir = mkdtempSync(join(tmpdir(), 'x-'))
  const r = await slicedCatchUp(s, join(dir, 'a.sqlite3'), 2, true)
  console.log(r.messages, r.pages.length, r.pages.map((p) => p.results).join(','))
  rmSync(dir, { recursive: true })
} finally {
  await s.stop()
}
