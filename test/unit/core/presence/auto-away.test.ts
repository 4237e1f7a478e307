import { describe, expect, it } from 'vitest'
import {
  DEFAULT_AUTO_AWAY,
  INITIAL_AUTO_AWAY,
  decideAutoAway,
  idleShow,
  type AutoAwayInput,
  type AutoAwayState,
} from '../../../../electron/core/presence/auto-away'
import type { OwnPresence, OwnShow } from '../../../../shared/types/domain'

const AWAY = DEFAULT_AUTO_AWAY.awayAfterSeconds
const XA = DEFAULT_AUTO_AWAY.xaAfterSeconds
const available: OwnPresence = { show: 'available', status: 'at my desk' }
const as = (show: OwnShow): OwnPresence => ({ show, status: 'at my desk' })
const auto = (over: Partial<AutoAwayState> = {}): AutoAwayState => ({ ...INITIAL_AUTO_AWAY, restoreTo: available, ...over })

describe('idleShow', () => {
  it.each([
    [0, false, null],
    [AWAY - 1, false, null],
    [AWAY, false, 'away'],
    [XA - 1, false, 'away'],
    [XA, false, 'xa'],
    [0, true, 'xa'],
  ] as const)('idle %i s, locked %s → %s', (idleSeconds, locked, expected) => {
    expect(idleShow({ ...INITIAL_AUTO_AWAY, idleSeconds, locked }, DEFAULT_AUTO_AWAY)).toBe(expected)
  })

  it('calls for nothing when auto-away is off', () => {
    expect(idleShow({ ...INITIAL_AUTO_AWAY, idleSeconds: XA, locked: true }, { ...DEFAULT_AUTO_AWAY, enabled: false })).toBeNull()
  })
})

describe('decideAutoAway: the policy table', () => {
  // [case, state before, input, presence in effect, presence to set (null: none), restoreTo after]
  const table: Array<[string, AutoAwayState, AutoAwayInput, OwnPresence, OwnPresence | null, OwnPresence | null]> = [
    ['short idle while available: nothing', INITIAL_AUTO_AWAY, { kind: 'idle', seconds: 30 }, available, null, null],
    ['idle past the away time: away, keeping the status text', INITIAL_AUTO_AWAY, { kind: 'idle', seconds: AWAY }, available, as('away'), available],
    ['idle past the xa time from available: straight to xa', INITIAL_AUTO_AWAY, { kind: 'idle', seconds: XA }, available, as('xa'), available],
    ['auto away, idle past the xa time: xa', auto(), { kind: 'idle', seconds: XA }, as('away'), as('xa'), available],
    ['auto away, still idle: nothing new', auto(), { kind: 'idle', seconds: AWAY + 60 }, as('away'), null, available],
    ['auto away, activity: back to available', auto(), { kind: 'idle', seconds: 2 }, as('away'), available, null],
    ['auto xa, activity: back to available', auto(), { kind: 'idle', seconds: 0 }, as('xa'), available, null],
    ['screen locked while available: xa', INITIAL_AUTO_AWAY, { kind: 'lock' }, available, as('xa'), available],
    ['screen unlocked after a lock: back to available', auto({ locked: true }), { kind: 'unlock' }, as('xa'), available, null],
    ['locked, input reads as not idle: still xa', auto({ locked: true }), { kind: 'idle', seconds: 0 }, as('xa'), null, available],
    ['manual dnd, long idle: untouched', INITIAL_AUTO_AWAY, { kind: 'idle', seconds: XA }, as('dnd'), null, null],
    ['manual dnd, screen locked: untouched', INITIAL_AUTO_AWAY, { kind: 'lock' }, as('dnd'), null, null],
    ['manual offline, long idle: untouched', INITIAL_AUTO_AWAY, { kind: 'idle', seconds: XA }, as('offline'), null, null],
    ['manual away, past the xa time: untouched', INITIAL_AUTO_AWAY, { kind: 'idle', seconds: XA }, as('away'), null, null],
    ['manual away, activity: not made available', INITIAL_AUTO_AWAY, { kind: 'idle', seconds: 0 }, as('away'), null, null],
    ['manual xa, unlock: untouched', INITIAL_AUTO_AWAY, { kind: 'unlock' }, as('xa'), null, null],
    ['user picks dnd during auto away: now their choice', auto(), { kind: 'user-presence' }, as('dnd'), null, null],
    ['user picks away during auto away: not undone on activity', auto(), { kind: 'user-presence' }, as('away'), null, null],
    ['suspend: nothing', INITIAL_AUTO_AWAY, { kind: 'suspend' }, available, null, null],
  ]

  it.each(table)('%s', (_name, before, input, current, set, restoreTo) => {
    const decision = decideAutoAway(before, input, current, DEFAULT_AUTO_AWAY)
    expect(decision.set).toEqual(set)
    expect(decision.state.restoreTo).toEqual(restoreTo)
    expect(decision.reconnect).toBe(false)
  })

  it('a manual away after user-presence stays when activity follows', () => {
    const chosen = decideAutoAway(auto(), { kind: 'user-presence' }, as('away'), DEFAULT_AUTO_AWAY)
    expect(decideAutoAway(chosen.state, { kind: 'idle', seconds: 0 }, as('away'), DEFAULT_AUTO_AWAY).set).toBeNull()
  })

  it('turning auto-away off gives the chosen presence back', () => {
    const decision = decideAutoAway(auto({ idleSeconds: XA }), { kind: 'idle', seconds: XA }, as('xa'), { ...DEFAULT_AUTO_AWAY, enabled: false })
    expect(decision.set).toEqual(available)
    expect(decision.state.restoreTo).toBeNull()
  })

  it('asks for a reconnect on resume, and only then', () => {
    expect(decideAutoAway(INITIAL_AUTO_AWAY, { kind: 'resume' }, available, DEFAULT_AUTO_AWAY).reconnect).toBe(true)
    expect(decideAutoAway(INITIAL_AUTO_AWAY, { kind: 'resume' }, as('offline'), DEFAULT_AUTO_AWAY).reconnect).toBe(true)
  })

  it('follows the configured times', () => {
    const settings = { enabled: true, awayAfterSeconds: 60, xaAfterSeconds: 120 }
    expect(decideAutoAway(INITIAL_AUTO_AWAY, { kind: 'idle', seconds: 60 }, available, settings).set).toEqual(as('away'))
    expect(decideAutoAway(INITIAL_AUTO_AWAY, { kind: 'idle', seconds: 59 }, available, settings).set).toBeNull()
  })
})
