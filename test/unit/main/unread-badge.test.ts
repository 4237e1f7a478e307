import { describe, expect, it, vi } from 'vitest'
import type { CoreEventListener } from '../../../electron/core/core-service'
import { UnreadBadge } from '../../../electron/main/unread-badge'

class FakeCore {
  unread = 0
  readonly listeners = new Set<CoreEventListener>()
  unreadTotal(): number {
    return this.unread
  }
  subscribe(listener: CoreEventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
  changed(): void {
    for (const listener of this.listeners) listener('conversations:changed', [])
  }
}

function setup(unread = 0) {
  const core = new FakeCore()
  core.unread = unread
  const setBadgeCount = vi.fn()
  const badge = new UnreadBadge({ core, setBadgeCount })
  return { core, setBadgeCount, badge }
}

describe('UnreadBadge', () => {
  it('shows the unread total at start', () => {
    expect(setup(3).setBadgeCount.mock.calls).toEqual([[3]])
  })

  it('follows the total, setting it only when it changes', () => {
    const { core, setBadgeCount } = setup(1)
    core.changed()
    core.unread = 5
    core.changed()
    for (const listener of core.listeners) listener('connection:state', { status: 'signed-out' })
    expect(setBadgeCount.mock.calls).toEqual([[1], [5]])
  })

  it('clears the badge after sign-out', () => {
    const { core, setBadgeCount } = setup(2)
    core.unread = 0
    for (const listener of core.listeners) listener('connection:state', { status: 'signed-out' })
    expect(setBadgeCount.mock.calls.at(-1)).toEqual([0])
  })

  it('ignores events that cannot change the count', () => {
    const { core, setBadgeCount } = setup(1)
    core.unread = 9
    for (const listener of core.listeners) listener('presence:own', { show: 'away', status: '' })
    expect(setBadgeCount.mock.calls).toEqual([[1]])
  })

  it('clears the badge and stops listening on dispose', () => {
    const { core, setBadgeCount, badge } = setup(4)
    badge.dispose()
    expect(setBadgeCount.mock.calls.at(-1)).toEqual([0])
    expect(core.listeners.size).toBe(0)
  })
})
