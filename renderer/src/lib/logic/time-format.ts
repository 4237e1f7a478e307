// Human time strings: message times, day separators, "last seen 5 min ago", countdowns.
// `now` is always passed in so the functions stay pure and a clock store can drive updates.
// Layer: renderer (pure logic).

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export interface TimeFormatOptions {
  locale?: string | undefined
  timeZone?: string | undefined
}

// Building an Intl.DateTimeFormat costs far more than using one, and every visible message row
// formats several times: keep one per (options, locale, time zone).
const formatters = new Map<string, Intl.DateTimeFormat>()

function fmt(options: Intl.DateTimeFormatOptions, extra: TimeFormatOptions): Intl.DateTimeFormat {
  const key = `${extra.locale ?? ''}|${extra.timeZone ?? ''}|${JSON.stringify(options)}`
  let formatter = formatters.get(key)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(extra.locale, extra.timeZone ? { ...options, timeZone: extra.timeZone } : options)
    formatters.set(key, formatter)
  }
  return formatter
}

/** Calendar-day key (YYYY-MM-DD) in the given or local time zone. */
export function dayKey(ts: number, opts: TimeFormatOptions = {}): string {
  const parts = fmt({ year: 'numeric', month: '2-digit', day: '2-digit' }, { ...opts, locale: 'en-CA' }).format(ts)
  return parts
}

function daysBetween(a: number, b: number, opts: TimeFormatOptions): number {
  const da = Date.parse(`${dayKey(a, opts)}T00:00:00Z`)
  const db = Date.parse(`${dayKey(b, opts)}T00:00:00Z`)
  return Math.round((db - da) / DAY)
}

/** "14:05" or "2:05 PM" (locale style). */
export function formatTime(ts: number, opts: TimeFormatOptions = {}): string {
  return fmt({ timeStyle: 'short' }, opts).format(ts)
}

/** Full date and time, for tooltips. */
export function formatDateTime(ts: number, opts: TimeFormatOptions = {}): string {
  return fmt({ dateStyle: 'full', timeStyle: 'short' }, opts).format(ts)
}

/** Day separator label: "Today", "Yesterday", a weekday within a week, else a date. */
export function formatDay(ts: number, now: number, opts: TimeFormatOptions = {}): string {
  const days = daysBetween(ts, now, opts)
  if (days === 0) return 'Today'
  if (days === 1) return 'Yesterday'
  if (days > 1 && days < 7) return fmt({ weekday: 'long' }, opts).format(ts)
  const sameYear = dayKey(ts, opts).slice(0, 4) === dayKey(now, opts).slice(0, 4)
  return fmt(sameYear ? { weekday: 'short', day: 'numeric', month: 'long' } : { day: 'numeric', month: 'long', year: 'numeric' }, opts).format(ts)
}

/** Compact time for the chat list: time today, "Yesterday", weekday, else a short date. */
export function formatListTime(ts: number, now: number, opts: TimeFormatOptions = {}): string {
  const days = daysBetween(ts, now, opts)
  if (days <= 0) return formatTime(ts, opts)
  if (days === 1) return 'Yesterday'
  if (days < 7) return fmt({ weekday: 'short' }, opts).format(ts)
  return fmt({ day: 'numeric', month: 'short' }, opts).format(ts)
}

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", or a date. */
export function formatAgo(ts: number, now: number, opts: TimeFormatOptions = {}): string {
  const diff = Math.max(0, now - ts)
  if (diff < MINUTE) return 'just now'
  if (diff < HOUR) return `${Math.floor(diff / MINUTE)} min ago`
  if (diff < DAY) return `${Math.floor(diff / HOUR)} h ago`
  const days = daysBetween(ts, now, opts)
  if (days <= 1) return 'yesterday'
  if (days < 7) return `${days} days ago`
  return `on ${fmt({ day: 'numeric', month: 'short', year: 'numeric' }, opts).format(ts)}`
}

/** "last seen 5 min ago". */
export function formatLastSeen(lastSeen: number, now: number, opts: TimeFormatOptions = {}): string {
  return `last seen ${formatAgo(lastSeen, now, opts)}`
}

/** Whole seconds until `target` (never negative). */
export function secondsUntil(target: number, now: number): number {
  return Math.max(0, Math.ceil((target - now) / 1000))
}

/** Date and time of a search result: "Today, 14:05", "Yesterday, 14:05", "12 May, 14:05", "12 May 2023, 14:05". */
export function formatResultTime(ts: number, now: number, opts: TimeFormatOptions = {}): string {
  const days = daysBetween(ts, now, opts)
  const time = formatTime(ts, opts)
  if (days === 0) return `Today, ${time}`
  if (days === 1) return `Yesterday, ${time}`
  const sameYear = dayKey(ts, opts).slice(0, 4) === dayKey(now, opts).slice(0, 4)
  const date = fmt(sameYear ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' }, opts).format(ts)
  return `${date}, ${time}`
}
