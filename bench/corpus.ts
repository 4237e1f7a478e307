// The benchmark corpus: a deterministic, multilingual message history, generated lazily so a
// million messages cost a few megabytes of typed arrays rather than a million objects.
//
// - Seeded PRNG (mulberry32): the same seed gives byte-identical messages on every run.
// - Text: Zipf-distributed English-like vocabulary (real common words, then synthetic ones),
//   with slices of accented Latin, Cyrillic, Chinese, Japanese and emoji.
// - Conversations: sizes follow a power law (a few huge ones, a long tail of small ones); about a
//   third of the messages are our own (sent carbons), so `from:me` has something to filter.
// - Time: two years of history with bursty gaps; a fifth of the timestamps have whole-second
//   precision (many delay stamps), so equal timestamps are common.
// - Arrival order: live traffic, with MAM backfill of the older half of every second conversation
//   interleaved (newest page first, as a client paging backwards stores it). So ids (arrival) and
//   timestamps disagree, which is exactly what search ordering must cope with.
import type { IncomingMessage } from '../electron/core/archive/archive'
import { ACCENTED, CHINESE, COMMON, CYRILLIC_SYLLABLES, EMOJI, JAPANESE, SYLLABLES } from './words'

export const ACCOUNT = 'me@bench.example'
const START = Date.UTC(2023, 0, 1)
const PAGE = 50

function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Samples ranks 0..n-1 with probability ∝ 1/(rank+1)^s (inverse CDF by binary search). */
function zipf(n: number, s: number): (random: number) => number {
  const cdf = new Float64Array(n)
  let sum = 0
  for (let rank = 0; rank < n; rank++) cdf[rank] = sum += 1 / (rank + 1) ** s
  return (random) => {
    const target = random * sum
    let low = 0
    let high = n - 1
    while (low < high) {
      const mid = (low + high) >> 1
      if (cdf[mid]! < target) low = mid + 1
      else high = mid
    }
    return low
  }
}

function syntheticWords(count: number, syllables: readonly string[], seed: number, avoid: ReadonlySet<string>): string[] {
  const random = mulberry32(seed)
  const words = new Set<string>()
  while (words.size < count) {
    let word = ''
    const length = 2 + Math.floor(random() * 3)
    for (let i = 0; i < length; i++) word += syllables[Math.floor(random() * syllables.length)]
    if (!avoid.has(word)) words.add(word)
  }
  return [...words]
}

export interface Corpus {
  readonly size: number
  /** The English vocabulary in Zipf rank order (rank 0 is the most frequent). */
  readonly vocabulary: readonly string[]
  /** The message stored at arrival position `index` (deterministic). */
  message(index: number): IncomingMessage
  /** Arrival positions [from, to) in pages of `size`: one storeIncoming call each. */
  batches(from: number, to: number, size?: number): Generator<IncomingMessage[]>
}

export function generateCorpus(size: number, seed = 20240601, conversations = 500): Corpus {
  const random = mulberry32(seed)
  const vocabulary = [...COMMON, ...syntheticWords(30_000, SYLLABLES, seed + 1, new Set(COMMON))]
  const cyrillic = syntheticWords(5_000, CYRILLIC_SYLLABLES, seed + 2, new Set())
  const pickConversation = zipf(conversations, 1.1)

  // Chronological order: conversation and timestamp per message.
  const conversation = new Uint16Array(size)
  const timestamp = new Float64Array(size)
  let time = START
  for (let i = 0; i < size; i++) {
    // Bursts (seconds apart) and pauses (hours): the mean gap is about a minute.
    time += random() < 0.8 ? Math.floor(random() * 20_000) : Math.floor(random() * 250_000)
    conversation[i] = pickConversation(random())
    timestamp[i] = random() < 0.2 ? Math.floor(time / 1000) * 1000 : time
  }

  // Arrival order: every second conversation has its older half backfilled after all live traffic.
  const counts = new Uint32Array(conversations)
  for (let i = 0; i < size; i++) counts[conversation[i]!]!++
  const seen = new Uint32Array(conversations)
  const live: number[] = []
  const backfill: number[][] = Array.from({ length: conversations }, () => [])
  for (let i = 0; i < size; i++) {
    const c = conversation[i]!
    const old = c % 2 === 1 && seen[c]! < counts[c]! / 2
    seen[c]!++
    if (old) backfill[c]!.push(i)
    else live.push(i)
  }
  // MAM paging backwards: newest page first, each page oldest-first; conversation after conversation.
  const pages: number[][] = []
  for (const history of backfill) for (let end = history.length; end > 0; end -= PAGE) pages.push(history.slice(Math.max(0, end - PAGE), end))
  const backfilled = size - live.length
  // Backfill pages are spread through the live traffic in proportion, so every prefix of the
  // arrival order (the 100k file as well as the 1M one) has out-of-order history in it.
  const order = new Uint32Array(size)
  let next = 0
  let liveNext = 0
  let pageNext = 0
  let backfillDone = 0
  while (next < size) {
    if (pageNext < pages.length && (liveNext >= live.length || backfillDone / backfilled <= liveNext / live.length)) {
      const page = pages[pageNext++]!
      for (const i of page) order[next++] = i
      backfillDone += page.length
    } else {
      order[next++] = live[liveNext++]!
    }
  }

  const pickWord = zipf(vocabulary.length, 1.05)
  const pickCyrillic = zipf(cyrillic.length, 1.0)

  function body(chrono: number): string {
    const rnd = mulberry32(seed ^ Math.imul(chrono + 1, 0x9e3779b1))
    const kind = rnd()
    const length = 3 + Math.floor(rnd() * 14)
    const words: string[] = []
    if (kind < 0.06) {
      for (let i = 0; i < length / 2; i++) words.push(CHINESE[Math.floor(rnd() * CHINESE.length)]!)
      return words.join('') + (rnd() < 0.5 ? '。' : '？')
    }
    if (kind < 0.09) {
      for (let i = 0; i < length / 2; i++) words.push(JAPANESE[Math.floor(rnd() * JAPANESE.length)]!)
      return words.join('') + '。'
    }
    if (kind < 0.14) {
      for (let i = 0; i < length; i++) words.push(cyrillic[pickCyrillic(rnd())]!)
    } else {
      for (let i = 0; i < length; i++) words.push(kind < 0.2 && rnd() < 0.3 ? ACCENTED[Math.floor(rnd() * ACCENTED.length)]! : vocabulary[pickWord(rnd())]!)
    }
    if (rnd() < 0.08) words.splice(Math.floor(rnd() * words.length), 0, EMOJI[Math.floor(rnd() * EMOJI.length)]!)
    const text = words.join(' ')
    return text.charAt(0).toUpperCase() + text.slice(1) + (rnd() < 0.3 ? '?' : '')
  }

  function message(index: number): IncomingMessage {
    const chrono = order[index]!
    const peer = `user${conversation[chrono]}@bench.example`
    const ours = mulberry32(chrono * 7 + 3)() < 0.35
    return {
      conversation: peer,
      senderJid: ours ? `${ACCOUNT}/desktop` : `${peer}/phone`,
      direction: ours ? 'out' : 'in',
      body: body(chrono),
      originId: `o${chrono}`,
      timestamp: timestamp[chrono]!,
      receivedAt: timestamp[chrono]!,
    }
  }

  return {
    size,
    vocabulary,
    message,
    *batches(from, to, batch = PAGE) {
      for (let start = from; start < to; start += batch) {
        const messages: IncomingMessage[] = []
        for (let i = start; i < Math.min(to, start + batch); i++) messages.push(message(i))
        yield messages
      }
    },
  }
}
