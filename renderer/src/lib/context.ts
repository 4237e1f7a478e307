// Typed context pairs (Svelte ≥ 5.40 `createContext`): App.svelte creates the API and the stores
// once and sets them; components read them with the getters (which throw when missing).
// Layer: renderer.
import { createContext } from 'svelte'
import type { RendererApi } from './api'
import type { AvatarStore } from './stores/avatars.svelte'
import type { BlockingStore } from './stores/blocking.svelte'
import type { TypingStore } from './stores/typing.svelte'
import type { ConversationsStore } from './stores/conversations.svelte'
import type { FilesStore } from './stores/files.svelte'
import type { MessagesStore } from './stores/messages.svelte'
import type { RoomsStore } from './stores/rooms.svelte'
import type { RosterStore } from './stores/roster.svelte'
import type { SearchStore } from './stores/search.svelte'
import type { SessionStore } from './stores/session.svelte'
import type { WindowState } from './stores/window-state.svelte'
import type { Clock } from './stores/clock.svelte'

export const [getApi, setApi] = createContext<RendererApi>()
export const [getSession, setSession] = createContext<SessionStore>()
export const [getRoster, setRoster] = createContext<RosterStore>()
export const [getConversations, setConversations] = createContext<ConversationsStore>()
export const [getMessages, setMessages] = createContext<MessagesStore>()
export const [getSearch, setSearch] = createContext<SearchStore>()
export const [getWindowState, setWindowState] = createContext<WindowState>()
export const [getBlocking, setBlocking] = createContext<BlockingStore>()
export const [getTyping, setTyping] = createContext<TypingStore>()
export const [getAvatars, setAvatars] = createContext<AvatarStore>()
export const [getFiles, setFiles] = createContext<FilesStore>()
export const [getRooms, setRooms] = createContext<RoomsStore>()
/** A minute-resolution clock for "last seen" texts. */
export const [getMinuteClock, setMinuteClock] = createContext<Clock>()
