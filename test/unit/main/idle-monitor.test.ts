import { EventEmitter } from 'node:events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CoreEventListener } from '../../../electron/core/core-service'
import { DEFAULT_AUTO_AWAY, type AutoAwaySettings } from '../../../electron/core/presence/auto-away'
import { IDLE_POLL_MS, IdleMonitor, type PowerEvent } from '../../../electron/main/idle-monitor'
import type { OwnPresence } from '../../../shared/types/domain'

class FakePowerMonitor extends EventEmitter {
  idle = 0
  getSystemIdleTime(): number {
    return this.idle
  }
  fire(event: PowerEvent): void {
    this.emit(event)
  }
}

/** Behaves like the core: a presence change is saved, then announced. */
class FakeCore {
  presence: OwnPresence = { show: 'available', status: 'here' }
  readonly listeners = new Set<CoreEventListener>()
  readonly reconnectNow = vi.fn()
  readonly setOwnPresence = vi.fn(async (presence: OwnPresence) => {
    await Promise.resolve()
    this.presence = presence
    for (const listener of this.listeners) listener('presence:own', presence)
  })
  ownPresence(): OwnPresence {
    return this.presence
  }
  subscribe(listener: CoreEventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
  /** The user picks a presence (tray or window): the core announces it like any other. */
  async userSets(presence: OwnPresence): Promise<void> {
    this.presence = presence
    for (const listener of this.listeners) listener('presence:own', presence)
  }
}

let power: FakePowerMonitor
let core: FakeCore
let settings: AutoAwaySettings
let monitor: IdleMonitor

beforeEach(() => {
  vi.useFakeTimers()
  power = new FakePowerMonitor()
  core = new FakeCore()
  settings = DEFAULT_AUTO_AWAY
  monitor = new IdleMonitor({ powerMonitor: power, core, settings: () => settings })
})

afterEach(() => {
  vi.useRealTimers()
})

/** Lets the poll run and the presence change it starts settle. */
async function poll(idleSeconds: number): Promise<void> {
  power.idle = idleSeconds
  await vi.advanceTimersByTimeAsync(IDLE_POLL_MS)
}

describe('IdleMonitor', () => {
  it('polls the idle time and sets away, then extended away, keeping the status text', async () => {
    await poll(60)
    expect(core.setOwnPresence).not.toHaveBeenCalled()
    await poll(DEFAULT_AUTO_AWAY.awayAfterSeconds)
    expect(core.presence).toEqual({ show: 'away', status: 'here' })
    await poll(DEFAULT_AUTO_AWAY.xaAfterSeconds)
    expect(core.presence).toEqual({ show: 'xa', status: 'here' })
  })

  it('comes back to the chosen presence on activity', async () => {
    await poll(DEFAULT_AUTO_AWAY.xaAfterSeconds)
    await poll(1)
    expect(core.presence).toEqual({ show: 'available', status: 'here' })
    expect(core.setOwnPresence).toHaveBeenCalledTimes(2)
  })

  it('goes extended away on screen lock and back on unlock', async () => {
    power.fire('lock-screen')
    await vi.advanceTimersByTimeAsync(0)
    expect(core.presence.show).toBe('xa')
    power.fire('unlock-screen')
    await vi.advanceTimersByTimeAsync(0)
    expect(core.presence.show).toBe('available')
  })

  it('never overrides do not disturb chosen by the user', async () => {
    await core.userSets({ show: 'dnd', status: 'focus' })
    await poll(DEFAULT_AUTO_AWAY.xaAfterSeconds)
    power.fire('lock-screen')
    await vi.advanceTimersByTimeAsync(0)
    expect(core.setOwnPresence).not.toHaveBeenCalled()
  })

  it('treats a presence the user picks during auto-away as their choice', async () => {
    await poll(DEFAULT_AUTO_AWAY.awayAfterSeconds)
    await core.userSets({ show: 'away', status: 'lunch' })
    await poll(0)
    expect(core.presence).toEqual({ show: 'away', status: 'lunch' })
    expect(core.setOwnPresence).toHaveBeenCalledTimes(1)
  })

  it('does not take its own change for the user’s', async () => {
    await poll(DEFAULT_AUTO_AWAY.awayAfterSeconds)
    await poll(0)
    expect(core.presence.show).toBe('available')
  })

  it('asks the core to reconnect on resume from sleep', () => {
    power.fire('suspend')
    expect(core.reconnectNow).not.toHaveBeenCalled()
    power.fire('resume')
    expect(core.reconnectNow).toHaveBeenCalledTimes(1)
  })

  it('applies changed settings on refresh', async () => {
    await poll(DEFAULT_AUTO_AWAY.awayAfterSeconds)
    settings = { ...DEFAULT_AUTO_AWAY, enabled: false }
    monitor.refresh()
    await vi.advanceTimersByTimeAsync(0)
    expect(core.presence.show).toBe('available')
  })

  it('logs a failed change and tries again on the next poll', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    core.setOwnPresence.mockRejectedValueOnce(new Error('archive closed'))
    await poll(DEFAULT_AUTO_AWAY.awayAfterSeconds)
    expect(error).toHaveBeenCalled()
    await poll(DEFAULT_AUTO_AWAY.awayAfterSeconds)
    expect(core.presence.show).toBe('away')
    error.mockRestore()
  })

  it('on dispose stops polling and listening, and puts the chosen presence back', async () => {
    await poll(DEFAULT_AUTO_AWAY.awayAfterSeconds)
    await monitor.dispose()
    expect(core.presence).toEqual({ show: 'available', status: 'here' })
    expect(core.listeners.size).toBe(0)
    expect(power.eventNames()).toEqual([])
    const calls = core.setOwnPresence.mock.calls.length
    await poll(DEFAULT_AUTO_AWAY.xaAfterSeconds)
    expect(core.setOwnPresence).toHaveBeenCalledTimes(calls)
  })

  it('on dispose leaves a presence the user chose alone', async () => {
    await core.userSets({ show: 'dnd', status: '' })
    await monitor.dispose()
    expect(core.setOwnPresence).not.toHaveBeenCalled()
  })
})
