// Corrections (XEP-0308) and retractions (XEP-0424) on a real SQLite file: only the original
// sender may change a message (security notes A9, test vectors T8, T8b, T8d), chains resolve to
// the original, and a retracted text leaves both the message and the search index.
import { describe, expect, it } from 'vitest'
import type { Correction, Retraction } from '../../../electron/core/archive/archive'
import { ALICE, BOB, ME, count, incoming, openTestDb } from './helpers'

const EMPTY = { conversation: null, sender: null, after: null, before: null }

function correction(over: Partial<Correction> = {}): Correction {
  return { conversation: ALICE, senderBare: ALICE, replaceId: 'm1', originId: 'c1', body: 'corrected text', timestamp: 5_000, ...over }
}

function retraction(over: Partial<Retraction> = {}): Retraction {
  return { conversation: ALICE, senderBare: ALICE, targetId: 'm1', timestamp: 6_000, ...over }
}

function withOriginal() {
  const opened = openTestDb()
  const [original] = opened.archive.storeIncoming(ME, [incoming({ originId: 'm1', body: 'original typo' })]).added
  return { ...opened, original: original! }
}

describe('corrections', () => {
  it('T8c: with notBefore (a room nick’s current holder came in then), an older message cannot be changed', () => {
    const { archive } = withOriginal()
    // The original is from t=1000: someone who took the nick at t=2000 cannot touch it.
    expect(archive.applyCorrection(ME, correction({ notBefore: 2_000 }))).toBeNull()
    expect(archive.applyRetraction(ME, retraction({ notBefore: 2_000 }))).toBeNull()
    expect(archive.applyCorrection(ME, correction({ notBefore: 1_000 }))).toMatchObject({ body: 'corrected text' })
  })

  it('replace the text of the sender’s own message and keep the old text as history', () => {
    const { db, archive, original } = withOriginal()
    const updated = archive.applyCorrection(ME, correction())
    expect(updated).toMatchObject({ id: original.id, body: 'corrected text', edited: true, retracted: false })
    expect(archive.page(ME, ALICE, null, 10).messages).toHaveLength(1)
    expect(db.prepare('SELECT previous_body FROM message_edits').pluck().all()).toEqual(['original typo'])
  })

  it('T8: a correction from someone else (same id, other sender) changes nothing', () => {
    const { archive } = withOriginal()
    expect(archive.applyCorrection(ME, correction({ senderBare: BOB }))).toBeNull()
    // Even in the right conversation: bob cannot correct alice's message.
    expect(archive.applyCorrection(ME, correction({ conversation: ALICE, senderBare: 'mallory@evil.example' }))).toBeNull()
    expect(archive.page(ME, ALICE, null, 1).messages[0]).toMatchObject({ body: 'original typo', edited: false })
  })

  it('T8b: a correction naming its own id is refused', () => {
    const { archive } = withOriginal()
    expect(archive.applyCorrection(ME, correction({ replaceId: 'm1', originId: 'm1' }))).toBeNull()
    expect(archive.page(ME, ALICE, null, 1).messages[0]?.body).toBe('original typo')
  })

  it('resolves a correction of a correction to the original message', () => {
    const { db, archive, original } = withOriginal()
    archive.applyCorrection(ME, correction({ originId: 'c1', body: 'second' }))
    const third = archive.applyCorrection(ME, correction({ replaceId: 'c1', originId: 'c2', body: 'third' }))
    expect(third).toMatchObject({ id: original.id, body: 'third', edited: true })
    expect(count(db, 'message_edits')).toBe(2)
  })

  it('applies the same correction once, however often it arrives (live, carbon, archive)', () => {
    const { db, archive } = withOriginal()
    expect(archive.applyCorrection(ME, correction())).not.toBeNull()
    expect(archive.applyCorrection(ME, correction())).toBeNull()
    expect(count(db, 'message_edits')).toBe(1)
  })

  it('re-indexes the corrected text for search', () => {
    const { archive } = withOriginal()
    archive.applyCorrection(ME, correction({ body: 'zebra crossing' }))
    const found = (text: string) => archive.search(ME, { text, filters: EMPTY, cursor: null, limit: 10 })
    expect(found('zebra')).toMatchObject({ hits: [{ message: { body: 'zebra crossing' } }] })
    expect(found('typo')).toMatchObject({ hits: [] })
  })
})

describe('retractions', () => {
  it('empty the message, drop its history and take the text out of the search index', () => {
    const { db, archive, original } = withOriginal()
    archive.applyCorrection(ME, correction({ body: 'secret plan' }))
    const retracted = archive.applyRetraction(ME, retraction())
    expect(retracted).toMatchObject({ id: original.id, body: '', retracted: true })
    expect(count(db, 'message_edits')).toBe(0)
    expect(archive.search(ME, { text: 'secret', filters: EMPTY, cursor: null, limit: 10 })).toMatchObject({ hits: [] })
    // Not in the chat list preview either.
    expect(archive.conversations(ME)[0]?.lastBody).toBe('')
  })

  it('T8d: a retraction by someone else changes nothing', () => {
    const { archive } = withOriginal()
    expect(archive.applyRetraction(ME, retraction({ senderBare: BOB }))).toBeNull()
    expect(archive.page(ME, ALICE, null, 1).messages[0]).toMatchObject({ body: 'original typo', retracted: false })
  })

  it('cannot be undone by a later correction', () => {
    const { archive } = withOriginal()
    archive.applyRetraction(ME, retraction())
    expect(archive.applyCorrection(ME, correction({ originId: 'c9', body: 'back again' }))).toBeNull()
    expect(archive.page(ME, ALICE, null, 1).messages[0]).toMatchObject({ body: '', retracted: true })
  })
})
