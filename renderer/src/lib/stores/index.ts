// Creates the renderer's stores for one API (the composition root calls this once).
// Layer: renderer.
import type { RendererApi } from '../api'
import { AvatarStore } from './avatars.svelte'
import { BlockingStore } from './blocking.svelte'
import { Clock } from './clock.svelte'
import { ConversationsStore } from './conversations.svelte'
import { FilesStore } from './files.svelte'
import { MessagesStore } from './messages.svelte'
import { RoomsStore } from './rooms.svelte'
import { RosterStore } from './roster.svelte'
import { SearchStore } from './search.svelte'
import { SessionStore } from './session.svelte'
import { TypingStore } from './typing.svelte'
import { WindowState } from './window-state.svelte'

export interface Stores {
  session: SessionStore
  roster: RosterStore
  conversations: ConversationsStore
  messages: MessagesStore
  search: SearchStore
  windowState: WindowState
  minuteClock: Clock
  blocking: BlockingStore
  typing: TypingStore
  avatars: AvatarStore
  files: FilesStore
  rooms: RoomsStore
}

export function createStores(api: RendererApi): Stores {
  const messages = new MessagesStore(api)
  return {
    session: new SessionStore(api),
    roster: new RosterStore(api),
    conversations: new ConversationsStore(api, messages),
    messages,
    search: new SearchStore(api),
    windowState: new WindowState(),
    minuteClock: new Clock(30_000),
    blocking: new BlockingStore(api),
    typing: new TypingStore(api),
    avatars: new AvatarStore(api),
    files: new FilesStore(api),
    rooms: new RoomsStore(api),
  }
}
