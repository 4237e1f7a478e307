// Auto-away as a pure decision: given what the system reports (idle seconds, screen lock,
// suspend/resume) and the presence the user chose, which presence to set now. Only a user who is
// Available is ever changed; a manual Away, Extended away, Do not disturb or Offline is left alone.
// The host feeds inputs and applies decisions (electron/main/idle-monitor.ts).
// Layer: electron/core (pure, no Node, no electron).
import type { OwnPresence, OwnShow } from '../../../shared/types/domain'

export interface AutoAwaySettings {
  enabled: boolean
  awayAfterSeconds: number
  xaAfterSeconds: number
}

export const DEFAULT_AUTO_AWAY: AutoAwaySettings = { enabled: true, awayAfterSeconds: 5 * 60, xaAfterSeconds: 20 * 60 }

export type AutoAwayInput =
  | { kind: 'idle'; seconds: number }
  | { kind: 'lock' }
  | { kind: 'unlock' }
  | { kind: 'suspend' }
  | { kind: 'resume' }
  /** The user set a presence themselves: that is now their choice, even if auto-away had one in effect. */
  | { kind: 'user-presence' }

export interface AutoAwayState {
  /** The presence auto-away replaced, put back on activity; null while auto-away is not in effect. */
  readonly restoreTo: OwnPresence | null
  readonly locked: boolean
  readonly idleSeconds: number
}

export const INITIAL_AUTO_AWAY: AutoAwayState = { restoreTo: null, locked: false, idleSeconds: 0 }

export interface AutoAwayDecision {
  state: AutoAwayState
  /** The presence to set now, or null to leave it as it is. */
  set: OwnPresence | null
  /** True after a wake from sleep: the connection is probably dead, retry it without waiting. */
  reconnect: boolean
}

function observe(state: AutoAwayState, input: AutoAwayInput): AutoAwayState {
  switch (input.kind) {
    case 'idle':
      return { ...state, idleSeconds: input.seconds }
    case 'lock':
      return { ...state, locked: true }
    // Unlocking takes a password: the user is here.
    case 'unlock':
      return { ...state, locked: false, idleSeconds: 0 }
    case 'user-presence':
      return { ...state, restoreTo: null }
    case 'suspend':
    case 'resume':
      return state
  }
}

/** What the system state alone calls for: nothing, away or extended away. */
export function idleShow(state: AutoAwayState, settings: AutoAwaySettings): 'away' | 'xa' | null {
  if (!settings.enabled) return null
  if (state.locked || state.idleSeconds >= settings.xaAfterSeconds) return 'xa'
  return state.idleSeconds >= settings.awayAfterSeconds ? 'away' : null
}

/**
 * The next state and what to do. `current` is the presence in effect now (as the core reports it),
 * which is auto-away's own while `restoreTo` is set.
 */
export function decideAutoAway(
  state: AutoAwayState,
  input: AutoAwayInput,
  current: OwnPresence,
  settings: AutoAwaySettings,
): AutoAwayDecision {
  const next = observe(state, input)
  const reconnect = input.kind === 'resume'
  const chosen = next.restoreTo ?? current
  if (chosen.show !== 'available') return { state: { ...next, restoreTo: null }, set: null, reconnect }
  const wanted: OwnShow | null = idleShow(next, settings)
  if (wanted === null) {
    // Activity (or auto-away turned off): give the user back what they had chosen.
    return next.restoreTo === null
      ? { state: next, set: null, reconnect }
      : { state: { ...next, restoreTo: null }, set: next.restoreTo, reconnect }
  }
  const set = current.show === wanted ? null : { show: wanted, status: chosen.status }
  return { state: { ...next, restoreTo: chosen }, set, reconnect }
}
