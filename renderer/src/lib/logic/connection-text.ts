// What the connection banner says for each connection state. Layer: renderer (pure logic).
import type { ConnectionState } from '../../../../shared/types/domain'
import { secondsUntil } from './time-format'

export interface BannerText {
  /** Empty when there is nothing to say (online, signed out). */
  text: string
  tone: 'none' | 'info' | 'warning' | 'error'
}

export function connectionBanner(state: ConnectionState, now: number): BannerText {
  switch (state.status) {
    case 'online':
    case 'signed-out':
      return { text: '', tone: 'none' }
    case 'connecting':
      return { text: 'Connecting…', tone: 'info' }
    case 'reconnecting': {
      const seconds = secondsUntil(state.retryAt, now)
      return { text: seconds > 0 ? `Reconnecting in ${seconds} s` : 'Reconnecting…', tone: 'warning' }
    }
    case 'offline':
      return { text: state.reason ? `Offline: ${state.reason}` : 'Offline', tone: 'error' }
  }
}
