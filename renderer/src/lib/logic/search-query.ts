// What the search panel sends: the text as typed (the core parses `from:` `in:` `before:` `after:`)
// plus the filter controls turned into `SearchFilters`. Layer: renderer (pure logic).
//
// Dates: the "After" and "Before" inputs give calendar days (YYYY-MM-DD) in the user's local time
// zone. Both become the epoch ms of that day's START in local time, matching the contract's bounds
// (after inclusive, before exclusive): "After 2024-05-10" keeps messages from 10 May 00:00 on,
// "Before 2024-05-10" keeps messages up to 9 May 23:59:59.999. So After = Before = the same day
// finds nothing, and After 05-10 + Before 05-11 is exactly 10 May. (Dates typed as `after:` /
// `before:` in the text are parsed by the core as UTC days: shared/util/search-syntax.ts.)
import type { CommandRequest } from '../../../../shared/ipc/contract'
import type { SearchFilters } from '../../../../shared/types/domain'

/** The panel's controls, as their raw values ('' = no filter). */
export interface SearchQuery {
  text: string
  /** Bare JID of the conversation, or '' for all. */
  conversation: string
  /** 'me', a bare JID, or '' for anyone. */
  sender: string
  /** YYYY-MM-DD (an <input type="date"> value) or ''. */
  after: string
  before: string
}

export const EMPTY_QUERY: SearchQuery = { text: '', conversation: '', sender: '', after: '', before: '' }

/** Longest text the contract accepts. */
export const MAX_SEARCH_TEXT = 1024

/** The filter syntax the core understands in the text, for the hint. */
export const SEARCH_SYNTAX: readonly { token: string; meaning: string }[] = [
  { token: 'from:me', meaning: 'sent by you' },
  { token: 'from:name@example.org', meaning: 'sent by a contact' },
  { token: 'in:name@example.org', meaning: 'in one conversation' },
  { token: 'after:2024-05-01', meaning: 'from that day on (UTC)' },
  { token: 'before:2024-06-01', meaning: 'before that day (UTC)' },
]

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/u

/**
 * The start of a local calendar day as epoch ms, or null for '' and anything that is not a real
 * date ("2024-02-30"). Where a DST change skips local midnight, the day starts at the first
 * existing instant (what `Date` gives for 00:00).
 */
export function dateInputToEpoch(value: string): number | null {
  const match = DATE.exec(value.trim())
  if (!match) return null
  const year = Number(match[1])
  const month = Number(match[2]) - 1
  const day = Number(match[3])
  const date = new Date(year, month, day, 0, 0, 0, 0)
  // Years 0–99 are mapped to 1900–1999 by the constructor; set the year explicitly.
  date.setFullYear(year, month, day)
  if (date.getFullYear() !== year || date.getMonth() !== month || date.getDate() !== day) return null
  return date.getTime()
}

/** An epoch ms as the local YYYY-MM-DD an <input type="date"> shows. */
export function epochToDateInput(ms: number): string {
  const d = new Date(ms)
  const pad = (n: number, width = 2) => String(n).padStart(width, '0')
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

export function searchFilters(query: SearchQuery): SearchFilters {
  const sender = query.sender.trim()
  const conversation = query.conversation.trim()
  return {
    conversation: conversation === '' ? null : conversation,
    sender: sender === '' ? null : sender,
    after: dateInputToEpoch(query.after),
    before: dateInputToEpoch(query.before),
  }
}

/**
 * True when there is something to search for. Only the text counts: the filter controls narrow a
 * search but never start one (Ctrl+F pre-selects a conversation and must not list all of it).
 */
export function isSearchable(query: SearchQuery): boolean {
  return query.text.trim() !== ''
}

export function searchRequest(query: SearchQuery, cursor: string | null, limit: number): CommandRequest<'search:messages'> {
  return {
    text: query.text.trim().slice(0, MAX_SEARCH_TEXT),
    filters: searchFilters(query),
    cursor,
    limit,
  }
}

export function sameQuery(a: SearchQuery, b: SearchQuery): boolean {
  return (
    a.text === b.text && a.conversation === b.conversation && a.sender === b.sender && a.after === b.after && a.before === b.before
  )
}
