// The archive benchmark: `npm run bench` (node --import tsx bench/run.ts). Not part of npm test.
//
// One deterministic corpus (corpus.ts), stored through the real archive code into a real SQLite
// file in a temp directory (removed at the end), then measured at 100k and, unless
// BENCH_LARGE=0, at 1M messages (the 1M file is the 100k file plus the next 900k arrivals):
// - ingest: storeIncoming per 50-message page through the worker vs a bare insert loop into the
//   same schema, and the main thread's event-loop delay while the first 100k go through the worker;
// - search: first page of 50, p50/p95, vs the naive LIKE query on the same file;
// - size on disk per message, by part, and the cost of the trigram subset vs trigram for all.
// Then the archive catch-up from a local Prosody (catchup.ts): 10k messages, 100k with BENCH_LARGE=1.
// Environment: BENCH_LARGE=0 skips the 1M stage (the catch-up's 100k stage only runs with
// BENCH_LARGE=1); BENCH_RUNS sets search repetitions (default 30); BENCH_ONLY=archive or
// BENCH_ONLY=catchup runs one part; BENCH_CATCHUP_ROUNDS sets the catch-up's rounds (default 2).
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { openArchive } from '../electron/core/archive/archive-client'
import { runCatchup } from './catchup'
import { catchupUnavailable } from './catchup-server'
import { generateCorpus, type Corpus } from './corpus'
import { compareIngest, ingestMore, type IngestResult } from './ingest'
import { benchQueries, measureArchive, measureBaseline, type Latency } from './search'
import { measureSize, trigramForAll, type SizeReport } from './size'
import { count, mb, ms, table } from './stats'

const SMALL = 100_000
const LARGE = 1_000_000
const PAGE = 50
const INGEST_ROUNDS = 4
const RUNS = Number(process.env.BENCH_RUNS ?? 30)
/** The LIKE baseline scans everything: a few runs are enough to see its median. */
const BASELINE_RUNS = 5
const SEARCH_TARGET_MS = 20
const SPEEDUP_TARGET = 100

const print = (text: string): void => void process.stdout.write(`${text}\n`)

/** The speed-up target is for the large archive; the smaller one only shows the trend. */
async function searchStage(file: string, corpus: Corpus, size: number, gate: boolean): Promise<void> {
  const queries = benchQueries(corpus)
  const ours: Latency[] = []
  const archive = await openArchive(file)
  try {
    for (const query of queries) ours.push(await measureArchive(archive, query, RUNS))
  } finally {
    await archive.close()
  }
  const rows: string[][] = []
  for (const [index, query] of queries.entries()) {
    const our = ours[index]!
    const base = await measureBaseline(file, query, BASELINE_RUNS)
    const speedup = base.p50 / our.p50
    rows.push([
      query.label,
      query.text,
      String(our.hits),
      ms(our.p50),
      ms(our.p95),
      our.p95 <= SEARCH_TARGET_MS ? 'ok' : 'MISS',
      ms(base.p50),
      ms(base.p95),
      `${speedup.toFixed(0)}x`,
      !gate || !query.gated ? '-' : speedup >= SPEEDUP_TARGET ? 'ok' : 'MISS',
    ])
  }
  print(
    table(
      `Search, first page of ${PAGE} at ${count(size)} messages (ms; ours through the worker, ${RUNS} runs; LIKE baseline in-process, ${BASELINE_RUNS} runs)`,
      ['query', 'text', 'hits', 'p50', 'p95', `<=${SEARCH_TARGET_MS}ms`, 'LIKE p50', 'LIKE p95', 'speed-up', `>=${SPEEDUP_TARGET}x`],
      rows,
    ),
  )
}

function sizeRow(label: string, size: SizeReport): string[] {
  const per = (bytes: number): string => `${Math.round(bytes / size.messages)} B`
  return [
    label,
    mb(size.bytes),
    per(size.bytes),
    per(size.parts.table),
    per(size.parts.key),
    per(size.parts.words),
    per(size.parts.ngram),
    `${((size.ngramRows / size.messages) * 100).toFixed(1)}%`,
  ]
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY
  if (only !== undefined && only !== 'archive' && only !== 'catchup') throw new Error(`BENCH_ONLY must be archive or catchup, not ${only}`)
  const sqlite = new Database(':memory:').prepare<[], { v: string }>('SELECT sqlite_version() AS v').get()?.v
  print(`Archive benchmark: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}, SQLite ${sqlite}, corpus seed 20240601`)
  print(`Load average at start: ${loadavg().map((load) => load.toFixed(2)).join(' ')} (other processes share the cores; re-run on an idle machine for gates)`)
  if (only !== 'catchup') await archiveStages(process.env.BENCH_LARGE !== '0')
  if (only !== 'archive') {
    const unavailable = catchupUnavailable()
    if (unavailable) print(`\nCatch-up benchmark skipped: ${unavailable}`)
    else await runCatchup(print, process.env.BENCH_LARGE === '1')
  }
}

async function archiveStages(large: boolean): Promise<void> {
  const total = large ? LARGE : SMALL
  const dir = mkdtempSync(join(tmpdir(), 'archive-bench-'))
  try {
    const corpus = generateCorpus(total)
    const file = join(dir, 'archive.db')
    const pages = [...corpus.batches(0, SMALL, PAGE)]

    print(`\nIngesting ${count(SMALL)} messages through the archive worker and with a bare insert loop, alternating…`)
    const ingest = await compareIngest(file, join(dir, 'bare.db'), pages, INGEST_ROUNDS)
    rmSync(join(dir, 'bare.db'), { force: true })
    const ingestRows = (label: string, result: IngestResult): string[] => [label, count(result.messages), result.seconds.toFixed(1), count(result.perSecond)]
    const rows = [ingestRows(`archive worker, storeIncoming per ${PAGE}`, ingest.archive), ingestRows(`bare better-sqlite3 loop, txn per ${PAGE}`, ingest.bare)]

    const sizes: string[][] = [sizeRow(count(SMALL), measureSize(file))]
    const trigram = trigramForAll(file)
    await searchStage(file, corpus, SMALL, !large)

    if (large) {
      print(`\nIngesting messages ${count(SMALL)}…${count(LARGE)} through the archive worker…`)
      rows.push(ingestRows(`archive worker, continuing to ${count(LARGE)}`, await ingestMore(file, corpus.batches(SMALL, LARGE, PAGE))))
      sizes.push(sizeRow(count(LARGE), measureSize(file)))
      await searchStage(file, corpus, LARGE, true)
    }

    print(table('Ingest (synchronous=FULL, WAL; one transaction per page)', ['path', 'messages', 's', 'msgs/s'], rows))
    print(`archive / bare = ${((ingest.archive.perSecond / ingest.bare.perSecond) * 100).toFixed(0)}% (target >= 80%; ${INGEST_ROUNDS} alternating rounds)`)
    print(table(`Main-thread event-loop delay while ${count(SMALL)} messages were stored through the worker (ms; worst round for p99, max)`, ['p50', 'p99', 'max', 'target p99 < 50'], [
      [ms(ingest.lag.p50), ms(ingest.lag.p99), ms(ingest.lag.max), ingest.lag.p99 < 50 ? 'ok' : 'MISS'],
    ]))
    print(table('Archive size on disk (file + WAL after checkpoint), per message', ['messages', 'total', 'all', 'table+idx', 'key idx', 'words FTS', 'trigram FTS', 'in trigram'], sizes))
    print(`Trigram over all ${count(SMALL)} bodies instead of the unspaced subset: ${mb(trigram)} (${Math.round(trigram / SMALL)} B/message), index only.`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
