// The keepalive timer policy (XEP-0199 / XEP-0198 <r/>), on fake timers: ask only after silence,
// any inbound element is an answer, no answer in time means dead, exactly once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Keepalive, KEEPALIVE, keepaliveProbe } from '../../../../electron/core/xmpp/keepalive'
import { NS } from '../../../../electron/core/xmpp/ns'
import { roundTrip } from '../../../support/parse-xml'

const POLICY = { idleMs: 60_000, answerMs: 20_000 }

function started() {
  const probe = vi.fn()
  const dead = vi.fn()
  const keepalive = new Keepalive({ probe, dead }, POLICY)
  keepalive.start()
  return { keepalive, probe, dead }
}

describe('Keepalive', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('asks once the server has been silent for idleMs, not before', () => {
    const { probe } = started()
    vi.advanceTimersByTime(POLICY.idleMs - 1)
    expect(probe).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(probe).toHaveBeenCalledTimes(1)
  })

  it('never asks while the server keeps talking', () => {
    const { keepalive, probe } = started()
    for (let n = 0; n < 10; n++) {
      vi.advanceTimersByTime(POLICY.idleMs - 1_000)
      keepalive.heard()
    }
    expect(probe).not.toHaveBeenCalled()
  })

  it('an answer within answerMs keeps the connection; the next question comes after another idleMs', () => {
    const { keepalive, probe, dead } = started()
    vi.advanceTimersByTime(POLICY.idleMs)
    vi.advanceTimersByTime(POLICY.answerMs - 1)
    keepalive.heard()
    vi.advanceTimersByTime(POLICY.answerMs)
    expect(dead).not.toHaveBeenCalled()
    expect(probe).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(POLICY.idleMs - POLICY.answerMs)
    expect(probe).toHaveBeenCalledTimes(2)
  })

  it('no answer within answerMs: dead, exactly once, and no more questions', () => {
    const { probe, dead } = started()
    vi.advanceTimersByTime(POLICY.idleMs + POLICY.answerMs - 1)
    expect(dead).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(dead).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(10 * POLICY.idleMs)
    expect(dead).toHaveBeenCalledTimes(1)
    expect(probe).toHaveBeenCalledTimes(1)
  })

  it('stop() cancels a pending question and a pending verdict', () => {
    const { keepalive, probe, dead } = started()
    vi.advanceTimersByTime(POLICY.idleMs)
    keepalive.stop()
    vi.advanceTimersByTime(10 * POLICY.idleMs)
    expect(dead).not.toHaveBeenCalled()
    expect(probe).toHaveBeenCalledTimes(1)
  })

  it('heard() while stopped does not start it', () => {
    const probe = vi.fn()
    const keepalive = new Keepalive({ probe, dead: vi.fn() }, POLICY)
    keepalive.heard()
    vi.advanceTimersByTime(10 * POLICY.idleMs)
    expect(probe).not.toHaveBeenCalled()
  })

  it('start() again (a new stream) starts the silence over', () => {
    const { keepalive, probe, dead } = started()
    vi.advanceTimersByTime(POLICY.idleMs)
    keepalive.start()
    vi.advanceTimersByTime(POLICY.answerMs)
    expect(dead).not.toHaveBeenCalled()
    vi.advanceTimersByTime(POLICY.idleMs - POLICY.answerMs)
    expect(probe).toHaveBeenCalledTimes(2)
  })

  it('defaults to a minute of silence and half a minute for the answer', () => {
    expect(KEEPALIVE).toEqual({ idleMs: 60_000, answerMs: 30_000 })
  })
})

describe('keepaliveProbe', () => {
  it('with stream management on: an ack request, which carries no id and counts no stanza', () => {
    expect(roundTrip(keepaliveProbe(true, 'example.org', 'id1')).toString()).toBe(`<r xmlns="${NS.sm}"/>`)
  })

  it('without: an XEP-0199 ping to our server', () => {
    const iq = roundTrip(keepaliveProbe(false, 'example.org', 'id1'))
    expect(iq.attrs).toEqual({ type: 'get', to: 'example.org', id: 'id1' })
    expect(iq.getChild('ping', NS.ping)).toBeDefined()
  })
})
