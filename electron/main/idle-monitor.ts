// Drives the auto-away policy (core/presence/auto-away.ts) from Electron's powerMonitor (injected):
// polls the system idle time, listens to screen lock/unlock and suspend/resume, applies each
// decision through the core, and asks the core to reconnect right after a wake. A presence change
// that auto-away did not make is the user's choice. Layer: electron/main.
import type { CoreService } from '../core/core-service'
import { decideAutoAway, INITIAL_AUTO_AWAY, type AutoAwayInput, type AutoAwaySettings } from '../core/presence/auto-away'

export type PowerEvent = 'lock-screen' | 'unlock-screen' | 'suspend' | 'resume'

export interface PowerMonitorPort {
  /** Seconds since the last keyboard or mouse input. */
  getSystemIdleTime(): number
  on(event: PowerEvent, listener: () => void): unknown
  removeListener(event: PowerEvent, listener: () => void): unknown
}

export interface IdleMonitorOptions {
  powerMonitor: PowerMonitorPort
  core: Pick<CoreService, 'ownPresence' | 'setOwnPresence' | 'subscribe' | 'reconnectNow'>
  settings(): AutoAwaySettings
  /** How often the idle time is read; activity is noticed within this delay. */
  pollMs?: number
}

export const IDLE_POLL_MS = 5_000

const POWER_INPUTS: ReadonlyArray<[PowerEvent, AutoAwayInput]> = [
  ['lock-screen', { kind: 'lock' }],
  ['unlock-screen', { kind: 'unlock' }],
  ['suspend', { kind: 'suspend' }],
  ['resume', { kind: 'resume' }],
]

export class IdleMonitor {
  readonly #options: IdleMonitorOptions
  readonly #timer: ReturnType<typeof setInterval>
  readonly #cleanup: Array<() => void> = []
  #state = INITIAL_AUTO_AWAY
  /** Presence changes in flight that auto-away made; their `presence:own` events are not the user's. */
  #applying = 0

  constructor(options: IdleMonitorOptions) {
    this.#options = options
    for (const [event, input] of POWER_INPUTS) {
      const listener = (): void => this.#step(input)
      options.powerMonitor.on(event, listener)
      this.#cleanup.push(() => options.powerMonitor.removeListener(event, listener))
    }
    this.#cleanup.push(
      options.core.subscribe((event) => {
        if (event === 'presence:own' && this.#applying === 0) this.#step({ kind: 'user-presence' })
      }),
    )
    this.#timer = setInterval(() => this.refresh(), options.pollMs ?? IDLE_POLL_MS)
  }

  /** Reads the idle time now; also the way to apply changed settings at once. */
  refresh(): void {
    this.#step({ kind: 'idle', seconds: this.#options.powerMonitor.getSystemIdleTime() })
  }

  /** Stops watching and puts back the presence auto-away replaced, so it is not saved as the user's. */
  async dispose(): Promise<void> {
    clearInterval(this.#timer)
    for (const cleanup of this.#cleanup.splice(0)) cleanup()
    const restore = this.#state.restoreTo
    this.#state = INITIAL_AUTO_AWAY
    if (restore !== null) await this.#options.core.setOwnPresence(restore)
  }

  #step(input: AutoAwayInput): void {
    const { core, settings } = this.#options
    const decision = decideAutoAway(this.#state, input, core.ownPresence(), settings())
    this.#state = decision.state
    if (decision.reconnect) core.reconnectNow()
    if (decision.set === null) return
    this.#applying += 1
    core
      .setOwnPresence(decision.set)
      .catch((error: unknown) => console.error('Auto-away could not change presence:', error))
      .finally(() => (this.#applying -= 1))
  }
}
