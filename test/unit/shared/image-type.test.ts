// Image types come from magic bytes only.
import { describe, expect, it } from 'vitest'
import { sniffImageType } from '../../../shared/util/image-type'

const bytes = (...parts: (string | number[])[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)))

describe('sniffImageType', () => {
  it('recognises the four types we show', () => {
    expect(sniffImageType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png')
    expect(sniffImageType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
    expect(sniffImageType(bytes('GIF89a', [1]))).toBe('image/gif')
    expect(sniffImageType(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp')
  })

  it('refuses SVG, HTML, truncated magic and other RIFF files', () => {
    expect(sniffImageType(bytes('<svg onload=alert(1)>'))).toBeNull()
    expect(sniffImageType(bytes('<!DOCTYPE html>'))).toBeNull()
    expect(sniffImageType(bytes([0x89], 'PN'))).toBeNull()
    expect(sniffImageType(bytes('RIFF', [0, 0, 0, 0], 'WAVE'))).toBeNull()
    expect(sniffImageType(new Uint8Array())).toBeNull()
  })
})
