// Timing and reporting helpers for the benchmarks: percentiles, sizes, a plain-text table.
import { existsSync, statSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'

/** Nearest-rank percentile (p in 0..100) of the samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

/** Runs `task` `runs` times (after `warmup` unmeasured runs), returning the durations in ms. */
export async function sample(runs: number, warmup: number, task: () => unknown): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await task()
  const durations: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await task()
    durations.push(performance.now() - started)
  }
  return durations
}

/** Event-loop delay of the main thread, in ms. */
export interface Lag {
  p50: number
  p99: number
  max: number
}

/** Starts recording the main thread's event-loop delay; the function returned stops and reads it (once; later calls return the same). */
export function recordLag(): () => Lag {
  // With 1 ms resolution the histogram records how late each 1 ms timer fired, in ns.
  const histogram = monitorEventLoopDelay({ resolution: 1 })
  histogram.enable()
  let lag: Lag | undefined
  return () => {
    histogram.disable()
    return (lag ??= { p50: histogram.percentile(50) / 1e6, p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6 })
  }
}

/** Several rounds' delays as one: the median p50, the worst p99 and max. */
export function worstLag(lags: readonly Lag[]): Lag {
  return { p50: percentile(lags.map((lag) => lag.p50), 50), p99: Math.max(...lags.map((lag) => lag.p99)), max: Math.max(...lags.map((lag) => lag.max)) }
}

/** The database file plus its WAL (if any), in bytes. */
export function archiveBytes(file: string): number {
  return [file, `${file}-wal`].reduce((sum, path) => sum + (existsSync(path) ? statSync(path).size : 0), 0)
}

export const ms = (value: number): string => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2))
export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`
export const count = (value: number): string => Math.round(value).toLocaleString('en-US')

/** A left-aligned first column, right-aligned others, with a rule under the header. */
export function table(title: string, header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)))
  const line = (row: readonly string[]): string =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')
  return [`\n${title}`, line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n')
}
