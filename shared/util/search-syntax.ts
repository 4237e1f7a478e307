// What the user types into the search box, parsed: words, "quoted phrases", and the filter syntax
// `from:me`, `from:<jid>`, `in:<jid>`, `before:YYYY-MM-DD`, `after:YYYY-MM-DD`. A `from:` with a
// full JID also means, in a room, the occupant `room@service/nick` (see occupantFilter). Purely syntactic:
// how terms become index queries is the archive's business. Layer: shared (pure, no Node, no DOM).
//
// Dates are UTC calendar days, not local ones: `after:2025-01-01` keeps messages from 2025-01-01
// 00:00 UTC on (inclusive), `before:2025-01-31` keeps those before 2025-01-31 00:00 UTC (that day
// excluded), matching SearchFilters (after inclusive, before exclusive). UTC keeps a search
// reproducible across machines and time zones; a day picked in a UI with a local calendar should be
// converted by the UI, which knows the zone.
//
// Anything that does not parse as a filter (an unknown `foo:bar`, `from:` with no value, an
// impossible date such as 2025-02-30, a value that is not a JID) stays a plain term.
import type { SearchFilters } from '../types/domain'
import { bareJid, formatJid, parseJid } from '../types/jid'

export interface SearchTerm {
  text: string
  /** From a quoted "phrase": its words must appear in this order, next to each other. */
  phrase: boolean
}

export interface ParsedSearch {
  terms: SearchTerm[]
  /** Only the filters the text sets (a repeated filter: the last one counts). */
  filters: Partial<SearchFilters>
}

// A quote opens a phrase up to the next quote or the end of the input (search as you type), also
// in the middle of a word; any other run of non-space characters is a word or a filter.
const CHUNK = /"([^"]*)"?|([^\s"]+)/g
const FILTER = /^(from|in|before|after):(.+)$/i
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

export function parseSearch(input: string): ParsedSearch {
  const terms: SearchTerm[] = []
  const filters: Partial<SearchFilters> = {}
  for (const [, quoted, word] of input.matchAll(CHUNK)) {
    if (quoted !== undefined) {
      const text = quoted.trim()
      if (text !== '') terms.push({ text, phrase: true })
    } else if (word !== undefined && !applyFilter(word, filters)) {
      terms.push({ text: word, phrase: false })
    }
  }
  return { terms, filters }
}

/**
 * The filters a search runs with. Field by field, a filter typed in the text replaces the one set
 * in the UI: the text is what the user wrote last and can see, so it must not be silently narrowed
 * or contradicted by a chip (e.g. the open conversation) they may have forgotten about.
 */
export function mergeFilters(ui: SearchFilters, typed: Partial<SearchFilters>): SearchFilters {
  return { ...ui, ...typed }
}

/** Sets the filter `word` spells and returns true, or returns false when it is not a filter. */
function applyFilter(word: string, filters: Partial<SearchFilters>): boolean {
  const [, key, value] = FILTER.exec(word) ?? []
  if (key === undefined || value === undefined) return false
  switch (key.toLowerCase()) {
    case 'from': {
      const sender = value.toLowerCase() === 'me' ? 'me' : (occupant(value) ?? jid(value))
      if (sender === null) return false
      filters.sender = sender
      return true
    }
    case 'in': {
      const conversation = jid(value)
      if (conversation === null) return false
      filters.conversation = conversation
      return true
    }
    default: {
      const day = utcDay(value)
      if (day === null) return false
      filters[key.toLowerCase() === 'before' ? 'before' : 'after'] = day
      return true
    }
  }
}

/** `room@service/nick` normalised, or null when `value` is no full JID. */
function occupant(value: string): string | null {
  const parsed = parseJid(value)
  return parsed && parsed.local !== '' && parsed.resource !== '' ? formatJid(parsed) : null
}

/**
 * A `from:` filter with a full JID: the sender's bare JID (a contact writing from that device) or,
 * when the bare part is a room, its occupant with that nick. Null for any other sender.
 */
export function occupantFilter(sender: SearchFilters['sender']): { bare: string; nick: string } | null {
  if (sender === null || sender === 'me') return null
  const parsed = parseJid(sender)
  return parsed && parsed.resource !== '' ? { bare: formatJid({ ...parsed, resource: '' }), nick: parsed.resource } : null
}

/** A bare JID as the archive stores it (normalised), or null; at least 3 characters, like jidString. */
function jid(value: string): string | null {
  const bare = bareJid(value)
  return bare !== null && bare.length >= 3 ? bare : null
}

/** Epoch ms of 00:00 UTC on the given calendar day, or null when it is not a real date. */
function utcDay(value: string): number | null {
  const [, year, month, day] = DATE.exec(value) ?? []
  if (year === undefined || month === undefined || day === undefined) return null
  const time = Date.UTC(Number(year), Number(month) - 1, Number(day))
  const date = new Date(time)
  // Date.UTC rolls 2025-02-30 over to March 2nd: only a date that round-trips is real.
  const real = date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day)
  return real ? time : null
}
