import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  EMPTY_QUERY,
  dateInputToEpoch,
  epochToDateInput,
  isSearchable,
  sameQuery,
  searchFilters,
  searchRequest,
} from '../../../renderer/src/lib/logic/search-query'

describe('date inputs → epoch ms (start of the local day)', () => {
  const original = process.env.TZ
  beforeEach(() => {
    process.env.TZ = 'Europe/Berlin'
  })
  afterEach(() => {
    process.env.TZ = original
  })

  it('is local midnight of that day', () => {
    expect(dateInputToEpoch('2024-05-10')).toBe(new Date(2024, 4, 10).getTime())
    // Berlin is UTC+2 in May: local midnight is 22:00 UTC the day before.
    expect(dateInputToEpoch('2024-05-10')).toBe(Date.UTC(2024, 4, 9, 22, 0))
    expect(dateInputToEpoch('2024-01-10')).toBe(Date.UTC(2024, 0, 9, 23, 0))
  })

  it('follows the time zone the app runs in', () => {
    process.env.TZ = 'America/New_York'
    expect(dateInputToEpoch('2024-03-10')).toBe(Date.UTC(2024, 2, 10, 5, 0))
    process.env.TZ = 'Asia/Tokyo'
    expect(dateInputToEpoch('2024-03-10')).toBe(Date.UTC(2024, 2, 9, 15, 0))
    process.env.TZ = 'UTC'
    expect(dateInputToEpoch('2024-03-10')).toBe(Date.UTC(2024, 2, 10))
  })

  it('uses the first instant of a day whose midnight a DST change skips', () => {
    process.env.TZ = 'America/Sao_Paulo'
    // 4 Nov 2018: clocks went from 00:00 to 01:00 local time.
    const start = dateInputToEpoch('2018-11-04')!
    expect(new Date(start).getDate()).toBe(4)
    expect(start).toBe(Date.UTC(2018, 10, 4, 3, 0))
  })

  it('rejects empty and impossible dates', () => {
    expect(dateInputToEpoch('')).toBeNull()
    expect(dateInputToEpoch('2024-02-30')).toBeNull()
    expect(dateInputToEpoch('2023-02-29')).toBeNull()
    expect(dateInputToEpoch('2024-13-01')).toBeNull()
    expect(dateInputToEpoch('10.05.2024')).toBeNull()
    expect(dateInputToEpoch('2024-5-1')).toBeNull()
    expect(dateInputToEpoch('2024-02-29')).toBe(new Date(2024, 1, 29).getTime())
  })

  it('keeps years below 100 as written', () => {
    expect(new Date(dateInputToEpoch('0099-01-01')!).getFullYear()).toBe(99)
  })

  it('round-trips through epochToDateInput', () => {
    for (const day of ['2024-05-10', '2024-12-31', '2025-01-01', '0099-07-04']) {
      expect(epochToDateInput(dateInputToEpoch(day)!)).toBe(day)
    }
  })
})

describe('search request', () => {
  it('sends the text as typed (trimmed) and the controls as filters', () => {
    const query = { text: '  from:me lunch ', conversation: 'bob@localhost', sender: 'me', after: '2024-05-01', before: '' }
    expect(searchRequest(query, null, 30)).toEqual({
      text: 'from:me lunch',
      filters: { conversation: 'bob@localhost', sender: 'me', after: new Date(2024, 4, 1).getTime(), before: null },
      cursor: null,
      limit: 30,
    })
    expect(searchRequest(query, 'c2', 10).cursor).toBe('c2')
  })

  it('turns empty controls into null filters', () => {
    expect(searchFilters(EMPTY_QUERY)).toEqual({ conversation: null, sender: null, after: null, before: null })
    expect(searchFilters({ ...EMPTY_QUERY, after: '2024-02-30' }).after).toBeNull()
  })

  it('searches only when there is text (filters alone never start a search)', () => {
    expect(isSearchable(EMPTY_QUERY)).toBe(false)
    expect(isSearchable({ ...EMPTY_QUERY, text: '   ' })).toBe(false)
    expect(isSearchable({ ...EMPTY_QUERY, conversation: 'bob@localhost' })).toBe(false)
    expect(isSearchable({ ...EMPTY_QUERY, text: 'from:me' })).toBe(true)
  })

  it('caps the text at the contract limit', () => {
    expect(searchRequest({ ...EMPTY_QUERY, text: 'x'.repeat(2000) }, null, 1).text).toHaveLength(1024)
  })

  it('compares queries field by field', () => {
    expect(sameQuery(EMPTY_QUERY, { ...EMPTY_QUERY })).toBe(true)
    expect(sameQuery(EMPTY_QUERY, { ...EMPTY_QUERY, before: '2024-01-01' })).toBe(false)
  })
})
