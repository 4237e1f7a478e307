// Archive catch-up (XEP-0313) from a local Prosody on SQLite (docs/performance.md §5.4): how fast
// our real sync path brings N missed messages into the archive, against a bare loop on the same
// xmpp.js stack measured in the same run (target: ours ≥ 1.5× the bare loop with Node's default
// socket), and the event-loop delay of the thread owning the session meanwhile (target p99 < 50 ms).
//
// Per Prosody page cap (50 = Prosody's default, and 250), on a fresh server each:
//  1. a core signs in once on a fresh data dir (Prosody holds one seed message): its cursor is there;
//  2. N messages are written into Prosody's archive (catchup-server.ts);
//  3. alternating rounds of ours (on a copy of that data dir), the bare loop with Nagle on, and the
//     bare loop with TCP_NODELAY (catchup-clients.ts); the fastest run of each counts.
// Then the SCRAM key derivation every sign-in pays before its first query (scram.ts).
// Environment: BENCH_LARGE=1 adds 100k messages (default 10k only); BENCH_CATCHUP_ROUNDS (default 2).
import { rmSync } from 'node:fs'
import { ASKED_PAGE, bareCatchUp, oursCatchUp, perSecond, seedDataDir, type CatchUpRun } from './catchup-clients'
import { startArchiveServer } from './catchup-server'
import { SCRAM_ITERATIONS, scramRows } from './scram'
import { count, ms, table, worstLag, type Lag } from './stats'

const SMALL = 10_000
const LARGE = 100_000
const CAPS = [50, 250]
const SPEEDUP_TARGET = 1.5
const LAG_TARGET_MS = 50

type Print = (text: string) => void

const fastest = (runs: CatchUpRun[]): CatchUpRun => runs.reduce((a, b) => (perSecond(b) > perSecond(a) ? b : a))
const ratio = (value: number): string => `${value.toFixed(2)}x`

/** One server, one archive size: prints its table, returns its summary row. */
async function measure(print: Print, cap: number, size: number, rounds: number): Promise<string[]> {
  const server = await startArchiveServer(cap)
  let seeded: string | undefined
  try {
    seeded = await seedDataDir(server)
    const loadMs = await server.preload(size)
    print(`\nCatch-up: ${count(size)} messages pre-loaded into Prosody (page cap ${cap}) in ${(loadMs / 1000).toFixed(1)} s; ${rounds} round(s)…`)
    const ours: (CatchUpRun & { lag: Lag })[] = []
    const bare: CatchUpRun[] = []
    const bareNoDelay: CatchUpRun[] = []
    // Alternating, so that noise from other processes hits all alike.
    for (let round = 0; round < rounds; round++) {
      ours.push(await oursCatchUp(server, seeded))
      bare.push(await bareCatchUp(server, false, cap))
      bareNoDelay.push(await bareCatchUp(server, true, cap))
    }
    const baseline = perSecond(fastest(bare))
    const lag = worstLag(ours.map((run) => run.lag))
    const row = (label: string, runs: CatchUpRun[], delay?: Lag): string[] => {
      const run = fastest(runs)
      return [label, (run.connectMs / 1000).toFixed(2), (run.ms / 1000).toFixed(1), count(perSecond(run)), ratio(perSecond(run) / baseline), ...(delay ? [delay.p50, delay.p99, delay.max].map(ms) : ['-', '-', '-'])]
    }
    print(
      table(
        `Catch-up of ${count(size)} messages, Prosody page cap ${cap}, ${ASKED_PAGE} asked (fastest of ${rounds} alternating round(s); lag = main-thread event-loop delay, ms, worst round)`,
        ['client', 'connect s', 'total s', 'msg/s', 'vs bare', 'lag p50', 'lag p99', 'lag max'],
        [
          row('ours: createCore sign-in → all stored', ours, lag),
          row('bare loop, 1 query in flight, Nagle on (Node default)', bare),
          row('bare loop, 1 query in flight, TCP_NODELAY', bareNoDelay),
        ],
      ),
    )
    const oursRate = perSecond(fastest(ours))
    const speedup = oursRate / baseline
    return [
      count(size),
      String(cap),
      count(oursRate),
      count(baseline),
      ratio(speedup),
      speedup >= SPEEDUP_TARGET ? 'ok' : 'MISS',
      count(perSecond(fastest(bareNoDelay))),
      ms(lag.p99),
      lag.p99 < LAG_TARGET_MS ? 'ok' : 'MISS',
    ]
  } finally {
    if (seeded) rmSync(seeded, { recursive: true, force: true })
    await server.stop()
  }
}

/** Prints the catch-up tables; 10k messages, plus 100k (one round) with `large`. */
export async function runCatchup(print: Print, large: boolean): Promise<void> {
  const rounds = Math.max(1, Number(process.env.BENCH_CATCHUP_ROUNDS ?? 2))
  const summary: string[][] = []
  for (const cap of CAPS) {
    summary.push(await measure(print, cap, SMALL, rounds))
    if (large) summary.push(await measure(print, cap, LARGE, 1))
  }
  print(
    table(
      `Catch-up summary (msg/s; bare = the bare loop with Nagle on, same run; target ours/bare >= ${SPEEDUP_TARGET}x, main-thread lag p99 < ${LAG_TARGET_MS} ms)`,
      ['messages', 'cap', 'ours', 'bare', 'ours/bare', `>=${SPEEDUP_TARGET}x`, 'bare nodelay', 'lag p99', `<${LAG_TARGET_MS}ms`],
      summary,
    ),
  )
  print(table(`Sign-in: SCRAM-SHA-1 salted password at Prosody's ${count(SCRAM_ITERATIONS)} iterations (paid before the first archive query)`, ['Hi()', 'ms'], await scramRows()))
}
