// The table from Archive method names to the query functions, bound to one connection, and the
// typed dispatch the worker uses. Also usable in-process by tests. Layer: electron/core (Node,
// worker thread).
import type { Database } from 'better-sqlite3'
import { messageAttachment } from './attachments'
import { avatarHash, setAvatarHash } from './avatars'
import { deleteRoom, listRooms, saveRoom } from './rooms'
import { capsEntries, storeCaps } from './caps-cache'
import { listConversations, markRead } from './conversations'
import { applyCorrection, applyModeration, applyRetraction, roomArchiveIdOf } from './corrections'
import { around, newer } from './browse'
import { gapsIn, newestArchiveIdIn, olderEdge, recordGap, storeOlderPage, syncedUpTo } from './history'
import { findOutgoing, page, setStates, storeIncoming, storeOutgoing } from './messages'
import { listOutbox, noteAttempt } from './outbox'
import type { ArchiveArgs, ArchiveHandlers, ArchiveMethod, ArchiveResults } from './protocol'
import { applyRosterPush, loadRoster, replaceRoster } from './roster'
import { search } from './search'
import { deleteSetting, getSetting, setSetting } from './settings'
import { lastIncomingArchiveId, lastMarkable, markReadUpTo, readUpToArchiveId, storeArchivePage, syncCursor } from './sync'

export function archiveHandlers(db: Database): ArchiveHandlers {
  return {
    storeIncoming: (account, messages) => storeIncoming(db, account, messages),
    storeOutgoing: (account, draft) => storeOutgoing(db, account, draft),
    page: (account, conversation, beforeId, limit) => page(db, account, conversation, beforeId, limit),
    newer: (account, conversation, afterId, limit) => newer(db, account, conversation, afterId, limit),
    around: (account, conversation, messageId, context) => around(db, account, conversation, messageId, context),
    search: (account, request) => search(db, account, request),
    conversations: (account) => listConversations(db, account),
    markRead: (account, conversation) => markRead(db, account, conversation),
    storeArchivePage: (account, archive, messages, cursor) => storeArchivePage(db, account, archive, messages, cursor),
    syncCursor: (account, archive) => syncCursor(db, account, archive),
    storeOlderPage: (account, conversation, messages, complete) => storeOlderPage(db, account, conversation, messages, complete),
    olderEdge: (account, conversation) => olderEdge(db, account, conversation),
    newestArchiveIdIn: (account, conversation) => newestArchiveIdIn(db, account, conversation),
    syncedUpTo: (account) => syncedUpTo(db, account),
    recordGap: (account, from, to) => recordGap(db, account, from, to),
    gapsIn: (account, conversation) => gapsIn(db, account, conversation),
    markReadUpTo: (account, conversation, originId) => markReadUpTo(db, account, conversation, originId),
    lastMarkable: (account, conversation) => lastMarkable(db, account, conversation),
    readUpToArchiveId: (account, conversation, archiveId) => readUpToArchiveId(db, account, conversation, archiveId),
    lastIncomingArchiveId: (account, conversation) => lastIncomingArchiveId(db, account, conversation),
    applyCorrection: (account, correction) => applyCorrection(db, account, correction),
    applyRetraction: (account, retraction) => applyRetraction(db, account, retraction),
    outbox: (account) => listOutbox(db, account),
    noteAttempt: (account, messageId) => noteAttempt(db, account, messageId),
    setStates: (account, updates) => setStates(db, account, updates),
    findOutgoing: (account, conversation, originId) => findOutgoing(db, account, conversation, originId),
    messageAttachment: (account, id) => messageAttachment(db, account, id),
    loadRoster: (account) => loadRoster(db, account),
    replaceRoster: (account, version, items) => replaceRoster(db, account, version, items),
    applyRosterPush: (account, version, item) => applyRosterPush(db, account, version, item),
    capsEntries: () => capsEntries(db),
    storeCaps: (entry) => storeCaps(db, entry),
    avatarHash: (account, jid) => avatarHash(db, account, jid),
    setAvatarHash: (account, jid, hash) => setAvatarHash(db, account, jid, hash),
    rooms: (account) => listRooms(db, account),
    applyModeration: (account, room, roomArchiveId, timestamp) => applyModeration(db, account, room, roomArchiveId, timestamp),
    roomArchiveIdOf: (account, room, messageId) => roomArchiveIdOf(db, account, room, messageId),
    saveRoom: (account, room) => saveRoom(db, account, room),
    deleteRoom: (account, jid) => deleteRoom(db, account, jid),
    getSetting: (key) => getSetting(db, key),
    setSetting: (key, value) => setSetting(db, key, value),
    deleteSetting: (key) => deleteSetting(db, key),
  }
}

export function dispatch<M extends ArchiveMethod>(handlers: ArchiveHandlers, method: M, args: ArchiveArgs[M]): ArchiveResults[M] {
  return handlers[method](...args)
}
