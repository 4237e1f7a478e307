import { describe, expect, it } from 'vitest'
import { bodyAsText, meAction } from '../../../shared/util/me-command'

describe('meAction (XEP-0245)', () => {
  it('is the text after "/me " at the very start', () => {
    expect(meAction('/me waves')).toBe('waves')
    expect(meAction('/me is logging off now')).toBe('is logging off now')
    expect(meAction('/me  shrugs\nand smiles')).toBe(' shrugs\nand smiles')
  })

  it('is null for ordinary bodies, including near misses', () => {
    for (const body of ['hello', ' /me waves', '/mewaves', '/Me waves', '/ME waves', 'say /me waves', '/me', '/me ', '/me   ', '/me\twaves', ''])
      expect(meAction(body), JSON.stringify(body)).toBeNull()
  })
})

describe('bodyAsText', () => {
  it('names the sender for a /me body', () => {
    expect(bodyAsText('/me waves', 'Alice')).toBe('* Alice waves')
  })

  it('keeps any other body as it is', () => {
    expect(bodyAsText('hi /me', 'Alice')).toBe('hi /me')
    expect(bodyAsText('/me ', 'Alice')).toBe('/me ')
  })
})
