// DEV AID ONLY (not a test of the real core): a fake browser host for looking at the renderer.
// Serves out/renderer over http on 127.0.0.1 with the production CSP header and speaks the
// HostFrame protocol (shared/ipc/contract.ts) on /ws?token=… with canned data: a roster with every
// presence, contact requests (one with a bidi-spoofing nick), a few conversations and one with
// 100,000 messages served in pages (also newer pages and around a message), and a substring
// message search with the filter syntax, snippets, cursors and `superseded` (random delays, so
// answers come back out of order). A fake server archive holds older history for Bob and Carol
// (`messages:fetch-older` stores its pages with ids below every stored one, slowly, failing while
// offline); Carol's conversation has a history gap. POST /__control/<action> drives connection
// states, incoming messages and a black-holed server archive for screenshots and checks.
//
//   npx vite build --config build/vite.renderer.config.ts
//   npx tsx test/renderer-dev/fake-host.ts [--port 5175] [--signed-in]
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { extname, join, normalize, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { WebSocketServer, type WebSocket } from 'ws'
import type { HostFrame } from '../../shared/ipc/contract'
import type {
  ChatMessage,
  ConnectionState,
  Contact,
  ConversationSummary,
  HistoryGap,
  OwnPresence,
  SearchFilters,
  SnippetPart,
  SubscriptionRequest,
} from '../../shared/types/domain'

const ROOT = resolve(fileURLToPath(new URL('../../out/renderer/', import.meta.url)))
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}

const MINUTE = 60_000
const BIG = 'bob@localhost'
const BIG_COUNT = 100_000
/** Messages per server archive page, and how long the fake server takes to answer one. */
const SERVER_PAGE = 50
const SERVER_DELAY_MS = 400

const WORDS =
  'the quick brown fox jumps over a lazy dog while we talk about xmpp servers roster presence carbons archive stanza tomorrow lunch meeting coffee release notes bug fix'.split(
    ' ',
  )

function bodyFor(i: number): string {
  const n = 3 + ((i * 7919) % 37)
  const words: string[] = []
  for (let k = 0; k < n; k++) words.push(WORDS[(i * 31 + k * 17) % WORDS.length]!)
  let text = words.join(' ')
  text = text[0]!.toUpperCase() + text.slice(1) + '.'
  if (i % 23 === 0) text += ' See https://example.org/docs/page-' + i + ' for details.'
  if (i % 41 === 0) text += '\nSecond line after a newline.\nAnd a third one.'
  if (i % 97 === 0) text = '<img src=x onerror=alert(1)> is just text, ' + text
  if (i % 131 === 0) text = 'مرحبا! هذه رسالة باللغة العربية ' + i
  if (i % 53 === 0) text += ' ' + 'Long paragraph. '.repeat(20)
  // A rare word for the search check: ids 2999, 5998, …, 98967 (33 of them).
  if (i % 2999 === 0) text += ' Kumquat season again, bring a basket!'
  return text
}

export interface FakeHostOptions {
  port?: number
  signedIn?: boolean
  token?: string
}

export interface FakeHost {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

export async function startFakeHost(options: FakeHostOptions = {}): Promise<FakeHost> {
  const token = options.token ?? 'dev-token-123'
  const now = Date.now()
  const bigStart = now - BIG_COUNT * 3 * MINUTE

  let connection: ConnectionState = options.signedIn ? { status: 'online', jid: 'alice@localhost/desk' } : { status: 'signed-out' }
  let account = options.signedIn
    ? { jid: 'alice@localhost', host: null, port: null, directTls: false, rememberPassword: true }
    : { jid: 'alice@localhost', host: null, port: null, directTls: false, rememberPassword: true }
  let hasSavedPassword = true
  let ownPresence: OwnPresence = { show: 'available', status: 'Working on the desktop client' }

  const presence = (show: Contact['presence']['show'], status = '', lastSeen: number | null = null): Contact['presence'] =>
    show === 'offline'
      ? { show, status: '', resources: [], lastSeen }
      : { show, status, resources: [{ resource: 'phone', show, status, priority: 0 }], lastSeen }

  const roster = new Map<string, Contact>()
  const addContact = (c: Omit<Contact, 'subscription' | 'pendingOut'> & Partial<Contact>) =>
    roster.set(c.jid, { subscription: 'both', pendingOut: false, ...c })
  addContact({ jid: BIG, name: 'Bob', groups: ['Friends'], presence: presence('available', 'Out for a walk 🌳') })
  addContact({ jid: 'carol@localhost', name: 'Carol Danvers', groups: ['Friends', 'Work'], presence: presence('away', 'Back in 10') })
  addContact({ jid: 'dave@localhost', name: 'Dave', groups: ['Work'], presence: presence('offline', '', now - 5 * MINUTE) })
  addContact({ jid: 'erin@localhost', name: '', groups: [], presence: presence('offline'), subscription: 'none', pendingOut: true })
  addContact({ jid: 'frank@localhost', name: 'Frank', groups: ['Work'], presence: presence('xa', 'On holiday') })
  addContact({ jid: 'grace@localhost', name: 'Grace Hopper', groups: [], presence: presence('dnd', 'In a meeting') })
  addContact({ jid: 'heidi@localhost', name: 'هايدي', groups: ['Friends'], presence: presence('chat') })
  addContact({ jid: 'ivan@localhost', name: 'Ivan', groups: [], presence: presence('offline', '', now - 3 * 24 * 60 * MINUTE) })

  const blocked = new Set<string>()
  let requests: SubscriptionRequest[] = [
    { jid: 'mallory@evil.example', nick: 'Bob', receivedAt: now - 10 * MINUTE },
    { jid: 'trudy@localhost', nick: 'alice\u202Etxt.exe', receivedAt: now - 2 * MINUTE },
  ]

  // Small conversations live in memory; the big one is generated on demand (ids 1..BIG_COUNT).
  let nextId = BIG_COUNT + 1000
  const small = new Map<string, ChatMessage[]>()
  const mk = (conversation: string, direction: 'in' | 'out', body: string, ago: number, state?: ChatMessage['state']): ChatMessage => ({
    id: nextId++,
    conversation,
    direction,
    body,
    timestamp: now - ago,
    state: state ?? (direction === 'in' ? 'received' : 'read'),
    originId: `o-${nextId}`,
    edited: false,
    retracted: false,
  })
  small.set('carol@localhost', [
    mk('carol@localhost', 'in', 'Kumquat jam for the review, or is that too much?', 3 * 24 * 60 * MINUTE),
    mk('carol@localhost', 'in', 'Are we still on for the review?', 50 * MINUTE),
    mk('carol@localhost', 'out', 'Yes, 3 pm works.', 45 * MINUTE, 'read'),
    mk('carol@localhost', 'in', 'Great, see https://example.com/agenda', 20 * MINUTE),
  ])
  small.set('stranger@example.org', [mk('stranger@example.org', 'in', 'Hi, we met at the conference!', 4 * 60 * MINUTE)])
  small.set('grace@localhost', [
    mk('grace@localhost', 'out', 'Did the build pass?', 26 * 60 * MINUTE, 'delivered'),
    mk('grace@localhost', 'out', 'Ping', 25 * 60 * MINUTE, 'failed'),
    mk('grace@localhost', 'out', 'Sent while offline', 24 * 60 * MINUTE, 'pending'),
  ])
  const bigExtra: ChatMessage[] = []
  /** Bob's history fetched from the fake server archive, oldest first (ids 0, -1, …). */
  const bigOlder: ChatMessage[] = []
  /** How many older messages the fake server archive still has per conversation (others: none). */
  const serverLeft = new Map<string, number>([
    [BIG, 250],
    ['carol@localhost', 120],
  ])
  /** While set, server archive requests get no answer until released (a black-holed server). */
  let serverHeld: (() => void)[] | null = null
  // The server lost Carol's history between the kumquat jam and "Are we still on…".
  const carol = small.get('carol@localhost')!
  const carolGap: HistoryGap = { beforeId: carol[1]!.id, from: carol[0]!.timestamp + 60 * MINUTE, to: carol[1]!.timestamp - 10 * MINUTE }

  const bigMessage = (id: number): ChatMessage => ({
    id,
    conversation: BIG,
    direction: id % 3 === 0 || id % 5 === 0 ? 'out' : 'in',
    body: bodyFor(id),
    timestamp: bigStart + id * 3 * MINUTE,
    state: id % 3 === 0 || id % 5 === 0 ? (id > BIG_COUNT - 2 ? 'delivered' : 'read') : 'received',
    originId: `big-${id}`,
    edited: false,
    retracted: false,
  })

  const summaries = new Map<string, ConversationSummary>()
  const summarize = (jid: string, unread: number) => {
    const list = jid === BIG ? [...(bigExtra.length ? bigExtra : [bigMessage(BIG_COUNT)])] : (small.get(jid) ?? [])
    const last = list[list.length - 1]!
    summaries.set(jid, { jid, lastActivity: last.timestamp, unread, lastBody: last.body, lastDirection: last.direction })
  }
  summarize(BIG, 2)
  summarize('carol@localhost', 1)
  summarize('stranger@example.org', 1)
  summarize('grace@localhost', 0)

  const clients = new Set<WebSocket>()
  const emit = (event: string, payload: unknown) => {
    const frame: HostFrame = { kind: 'event', event, payload }
    const text = JSON.stringify(frame)
    for (const ws of clients) ws.send(text)
  }
  const setConnection = (state: ConnectionState) => {
    connection = state
    emit('connection:state', state)
  }

  /** A conversation as an id-ordered sequence (the big one generated on demand). */
  function history(conversation: string): { count: number; at(i: number): ChatMessage } {
    if (conversation === BIG) {
      const o = bigOlder.length
      return { count: o + BIG_COUNT + bigExtra.length, at: (i) => (i < o ? bigOlder[i]! : i - o < BIG_COUNT ? bigMessage(i - o + 1) : bigExtra[i - o - BIG_COUNT]!) }
    }
    const list = small.get(conversation) ?? []
    return { count: list.length, at: (i) => list[i]! }
  }

  /** Index of the first message with an id >= `id` (ids increase along the history). */
  function lowerBound(h: ReturnType<typeof history>, id: number): number {
    let lo = 0
    let hi = h.count
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (h.at(mid).id < id) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  const slice = (h: ReturnType<typeof history>, start: number, end: number) =>
    Array.from({ length: Math.max(0, end - start) }, (_, k) => h.at(start + k))

  function page(conversation: string, beforeId: number | null, limit: number) {
    const h = history(conversation)
    const end = beforeId === null ? h.count : lowerBound(h, beforeId)
    const start = Math.max(0, end - limit)
    return { messages: slice(h, start, end), hasMore: start > 0 }
  }

  function newer(conversation: string, afterId: number, limit: number) {
    const h = history(conversation)
    const start = lowerBound(h, afterId + 1)
    const end = Math.min(h.count, start + limit)
    return { messages: slice(h, start, end), hasMore: end < h.count }
  }

  function around(conversation: string, messageId: number, context: number) {
    const h = history(conversation)
    const at = lowerBound(h, messageId)
    const start = Math.max(0, at - context)
    const end = Math.min(h.count, at + context + 1)
    return { messages: slice(h, start, end), hasOlder: start > 0, hasNewer: end < h.count }
  }

  // Search: lower-cased bodies of the big conversation are built once, on the first search.
  let bigLower: string[] | null = null
  let searchSeq = 0
  const pendingSearches = new Map<number, () => void>()

  /** `from:` `in:` `before:` `after:` tokens out of the text, the rest as the words to find. */
  function parseQuery(text: string, filters: SearchFilters): { terms: string[]; filters: SearchFilters } {
    const merged = { ...filters }
    const terms: string[] = []
    const day = (v: string) => {
      const [y, m, d] = v.split('-').map(Number)
      return new Date(y!, (m ?? 1) - 1, d ?? 1).getTime()
    }
    for (const token of text.split(/\s+/u).filter(Boolean)) {
      const [, key, value] = /^(from|in|before|after):(.+)$/iu.exec(token) ?? []
      if (key && value) {
        const k = key.toLowerCase()
        if (k === 'from') merged.sender = value.toLowerCase() === 'me' ? 'me' : value
        else if (k === 'in') merged.conversation = value
        else if (k === 'before') merged.before = day(value)
        else merged.after = day(value)
      } else terms.push(token.toLowerCase())
    }
    return { terms, filters: merged }
  }

  function snippet(body: string, terms: string[]): SnippetPart[] {
    const lower = body.toLowerCase()
    const first = Math.min(terms.length > 0 ? body.length : 0, ...terms.map((t) => lower.indexOf(t)).filter((i) => i >= 0))
    const start = Math.max(0, first - 40)
    const end = Math.min(body.length, start + 160)
    const parts: SnippetPart[] = start > 0 ? [{ text: '…', hit: false }] : []
    let pos = start
    while (pos < end) {
      let next = -1
      let term = ''
      for (const t of terms) {
        const i = lower.indexOf(t, pos)
        if (i >= 0 && i < end && (next < 0 || i < next)) {
          next = i
          term = t
        }
      }
      if (next < 0) {
        parts.push({ text: body.slice(pos, end), hit: false })
        break
      }
      if (next > pos) parts.push({ text: body.slice(pos, next), hit: false })
      parts.push({ text: body.slice(next, next + term.length), hit: true })
      pos = next + term.length
    }
    if (end < body.length) parts.push({ text: '…', hit: false })
    return parts
  }

  function searchNow(request: { text: string; filters: SearchFilters; cursor: string | null; limit: number }) {
    const { terms, filters } = parseQuery(request.text, request.filters)
    const matches = (m: ChatMessage, lower: string) =>
      terms.every((t) => lower.includes(t)) &&
      (filters.conversation === null || m.conversation === filters.conversation) &&
      (filters.sender === null || (filters.sender === 'me' ? m.direction === 'out' : m.direction === 'in' && m.conversation === filters.sender)) &&
      (filters.after === null || m.timestamp >= filters.after) &&
      (filters.before === null || m.timestamp < filters.before)
    const found: ChatMessage[] = []
    for (const list of small.values()) for (const m of list) if (matches(m, m.body.toLowerCase())) found.push(m)
    for (const m of [...bigOlder, ...bigExtra]) if (matches(m, m.body.toLowerCase())) found.push(m)
    if (filters.conversation === null || filters.conversation === BIG) {
      bigLower ??= Array.from({ length: BIG_COUNT }, (_, i) => bodyFor(i + 1).toLowerCase())
      for (let i = 0; i < BIG_COUNT; i++) {
        if (!terms.every((t) => bigLower![i]!.includes(t))) continue
        const m = bigMessage(i + 1)
        if (matches(m, bigLower[i]!)) found.push(m)
      }
    }
    found.sort((a, b) => b.timestamp - a.timestamp || b.id - a.id)
    const offset = request.cursor ? Number(request.cursor) : 0
    const hits = found.slice(offset, offset + request.limit).map((message) => ({ message, snippet: snippet(message.body, terms) }))
    const next = offset + request.limit
    return { hits, nextCursor: next < found.length ? String(next) : null, superseded: false }
  }

  /** Answers after a random delay; a newer search resolves every pending one as superseded. */
  function search(request: { text: string; filters: SearchFilters; cursor: string | null; limit: number }) {
    for (const supersede of pendingSearches.values()) supersede()
    pendingSearches.clear()
    const seq = ++searchSeq
    return new Promise<unknown>((resolve) => {
      const timer = setTimeout(() => {
        pendingSearches.delete(seq)
        resolve(searchNow(request))
      }, 30 + Math.random() * 220)
      pendingSearches.set(seq, () => {
        clearTimeout(timer)
        resolve({ hits: [], nextCursor: null, superseded: true })
      })
    })
  }

  /** The fake server's next older page, stored before everything stored (like the real core). */
  async function fetchOlder(conversation: string) {
    if (connection.status !== 'online') throw new Error('You are offline.')
    await new Promise<void>((resolve) => (serverHeld ? serverHeld.push(resolve) : setTimeout(resolve, SERVER_DELAY_MS)))
    const left = serverLeft.get(conversation) ?? 0
    const count = Math.min(SERVER_PAGE, left)
    const h = history(conversation)
    const oldest = h.count > 0 ? h.at(0) : null
    // Oldest first: numbered from the start of the conversation, 7 minutes apart.
    const older = Array.from({ length: count }, (_, k): ChatMessage => {
      const back = count - k
      const n = left - back + 1
      return {
        id: (oldest?.id ?? 1) - back,
        conversation,
        direction: n % 3 === 0 ? 'out' : 'in',
        body: `From the server archive, message ${n}: ${bodyFor(n)}`,
        timestamp: (oldest?.timestamp ?? now) - back * 7 * MINUTE,
        state: n % 3 === 0 ? 'read' : 'received',
        originId: `server-${conversation}-${n}`,
        edited: false,
        retracted: false,
      }
    })
    if (conversation === BIG) bigOlder.unshift(...older)
    else small.set(conversation, [...older, ...(small.get(conversation) ?? [])])
    serverLeft.set(conversation, left - count)
    return { added: count, complete: left - count === 0 }
  }

  function incoming(jid: string, body: string) {
    const message: ChatMessage = { id: nextId++, conversation: jid, direction: 'in', body, timestamp: Date.now(), state: 'received', originId: `in-${nextId}`, edited: false, retracted: false }
    if (jid === BIG) bigExtra.push(message)
    else small.set(jid, [...(small.get(jid) ?? []), message])
    emit('messages:added', [message])
    const prev = summaries.get(jid)
    summaries.set(jid, { jid, lastActivity: message.timestamp, unread: (prev?.unread ?? 0) + 1, lastBody: body, lastDirection: 'in' })
    emit('conversations:changed', [summaries.get(jid)])
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- dev aid: requests are whatever the renderer sends
  async function handle(command: string, request: any): Promise<unknown> {
    switch (command) {
      case 'app:state':
        return { account, hasSavedPassword, connection, ownPresence }
      case 'account:sign-in': {
        setConnection({ status: 'connecting' })
        await new Promise((r) => setTimeout(r, 400))
        if (request.password === 'wrong' || (request.password === '' && !hasSavedPassword)) {
          setConnection({ status: 'offline', reason: 'Authentication failed', kind: 'auth-failed' })
          return { ok: false, message: 'Wrong address or password.', kind: 'auth-failed' }
        }
        account = { jid: request.jid, host: request.host, port: request.port, directTls: request.directTls, rememberPassword: request.rememberPassword }
        hasSavedPassword = request.rememberPassword
        setConnection({ status: 'online', jid: `${request.jid}/desk` })
        return { ok: true }
      }
      case 'account:sign-out':
        hasSavedPassword = false
        setConnection({ status: 'signed-out' })
        return null
      case 'roster:list':
        return [...roster.values()]
      case 'subscription:list':
        return requests
      case 'conversations:list':
        return [...summaries.values()]
      case 'messages:page':
        return page(request.conversation, request.beforeId, request.limit)
      case 'messages:newer':
        return newer(request.conversation, request.afterId, request.limit)
      case 'messages:around':
        return around(request.conversation, request.messageId, request.context)
      case 'search:messages':
        return search(request)
      case 'messages:fetch-older':
        return fetchOlder(request.conversation)
      case 'conversation:gaps':
        return request.conversation === 'carol@localhost' ? [carolGap] : []
      case 'conversation:viewing':
        // Nothing to prioritise: the fake host has no catch-up.
        return null
      case 'presence:set':
        ownPresence = request
        setTimeout(() => emit('presence:own', ownPresence), 50)
        return null
      case 'conversation:mark-read': {
        const s = summaries.get(request.conversation)
        if (s && s.unread > 0) {
          summaries.set(s.jid, { ...s, unread: 0 })
          emit('conversations:changed', [summaries.get(s.jid)])
        }
        return null
      }
      case 'messages:send': {
        const jid = request.conversation as string
        const online = connection.status === 'online'
        const message: ChatMessage = {
          id: nextId++,
          conversation: jid,
          direction: 'out',
          body: request.body,
          timestamp: Date.now(),
          state: 'pending',
          originId: `out-${nextId}`,
          edited: false,
          retracted: false,
        }
        if (jid === BIG) bigExtra.push(message)
        else small.set(jid, [...(small.get(jid) ?? []), message])
        emit('messages:added', [message])
        summaries.set(jid, { jid, lastActivity: message.timestamp, unread: 0, lastBody: message.body, lastDirection: 'out' })
        emit('conversations:changed', [summaries.get(jid)])
        if (online) {
          setTimeout(() => {
            message.state = 'sent'
            emit('messages:state', [{ id: message.id, state: 'sent' }])
          }, 300)
          setTimeout(() => {
            message.state = 'delivered'
            emit('messages:state', [{ id: message.id, state: 'delivered' }])
          }, 1200)
        }
        return message
      }
      case 'roster:add': {
        const contact: Contact = {
          jid: request.jid,
          name: request.name,
          groups: request.groups,
          subscription: 'none',
          pendingOut: true,
          presence: presence('offline'),
        }
        roster.set(contact.jid, contact)
        emit('roster:changed', { upserted: [contact], removed: [] })
        return null
      }
      case 'roster:rename': {
        const c = roster.get(request.jid)
        if (!c) throw new Error('Not in your contacts.')
        roster.set(c.jid, { ...c, name: request.name })
        emit('roster:changed', { upserted: [roster.get(c.jid)], removed: [] })
        return null
      }
      case 'roster:remove':
        roster.delete(request.jid)
        emit('roster:changed', { upserted: [], removed: [request.jid] })
        return null
      case 'blocking:list':
        return { supported: true, jids: [...blocked].sort() }
      case 'contacts:block':
      case 'contacts:unblock':
        if (command === 'contacts:block') blocked.add(request.jid)
        else blocked.delete(request.jid)
        emit('blocking:changed', { supported: true, jids: [...blocked].sort() })
        return null
      case 'chat-state:send':
        // Nobody on the other side of the fake host reads it.
        return null
      case 'rooms:list':
      case 'rooms:invitations':
        // The fake host is in no group chats.
        return []
      case 'subscription:answer':
        requests = requests.filter((r) => r.jid !== request.jid)
        emit('subscription:requests', requests)
        return null
      default:
        throw new Error(`Unknown command ${command}`)
    }
  }

  const CSP = (port: number) =>
    `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src ws://127.0.0.1:${port}`

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (req.method === 'POST' && url.pathname.startsWith('/__control/')) {
      const action = url.pathname.slice('/__control/'.length)
      if (action === 'reconnecting') setConnection({ status: 'reconnecting', retryAt: Date.now() + 12_000, attempt: 3, reason: 'Connection lost' })
      else if (action === 'connecting') setConnection({ status: 'connecting' })
      else if (action === 'offline') setConnection({ status: 'offline', reason: 'Server unreachable', kind: 'unreachable' })
      else if (action === 'online') setConnection({ status: 'online', jid: 'alice@localhost/desk' })
      else if (action === 'incoming') incoming(url.searchParams.get('jid') ?? BIG, url.searchParams.get('body') ?? 'Hello there!')
      else if (action === 'presence') {
        const jid = url.searchParams.get('jid') ?? 'dave@localhost'
        const c = roster.get(jid)
        if (c) {
          const p = presence((url.searchParams.get('show') as Contact['presence']['show']) ?? 'available', 'Just came online')
          roster.set(jid, { ...c, presence: p })
          emit('presence:contact', { jid, presence: p })
        }
      } else if (action === 'open') emit('ui:open-conversation', { jid: url.searchParams.get('jid') ?? BIG })
      else if (action === 'drop-sockets') for (const ws of clients) ws.terminate()
      else if (action === 'hold-server-archive') serverHeld ??= []
      else if (action === 'release-server-archive') {
        for (const release of serverHeld ?? []) release()
        serverHeld = null
      }
      res.writeHead(204).end()
      return
    }
    const path = url.pathname === '/' ? '/index.html' : url.pathname
    const file = normalize(join(ROOT, decodeURIComponent(path)))
    if (!file.startsWith(ROOT)) {
      res.writeHead(403).end()
      return
    }
    try {
      const body = await readFile(file)
      const port = (server.address() as { port: number }).port
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CSP(port),
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      })
      res.end(body)
    } catch {
      res.writeHead(404).end('not found')
    }
  })

  const wss = new WebSocketServer({ noServer: true })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname !== '/ws' || url.searchParams.get('token') !== token) {
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws)
      ws.on('close', () => clients.delete(ws))
      ws.on('message', async (data) => {
        const frame = JSON.parse(String(data)) as HostFrame
        if (frame.kind !== 'invoke') return
        let reply: HostFrame
        try {
          reply = { kind: 'result', seq: frame.seq, envelope: { ok: true, value: await handle(frame.command, frame.request) } }
        } catch (error) {
          reply = { kind: 'result', seq: frame.seq, envelope: { ok: false, error: { code: 'failed', message: (error as Error).message } } }
        }
        ws.send(JSON.stringify(reply))
      })
    })
  })

  await new Promise<void>((r) => server.listen(options.port ?? 0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const ws of clients) ws.terminate()
      wss.close()
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const portArg = process.argv.indexOf('--port')
  const host = await startFakeHost({
    port: portArg > 0 ? Number(process.argv[portArg + 1]) : 5175,
    signedIn: process.argv.includes('--signed-in'),
  })
  console.log(`Fake host: ${host.url}`)
}
