// The archive's migrations in order. Append only; never edit or renumber a released one.
// Layer: electron/core (Node, worker thread).
import type { Migration } from '../migrate'
import { initial } from './0010-initial'
import { search } from './0020-search'
import { sync } from './0030-sync'
import { corrections } from './0040-corrections'
import { history } from './0050-history'
import { capsCache } from './0060-caps-cache'
import { avatars } from './0070-avatars'
import { rooms } from './0080-rooms'
import { attachments } from './0090-attachments'
import { previewNick } from './0100-preview-nick'

export const MIGRATIONS: readonly Migration[] = [initial, search, sync, corrections, history, capsCache, avatars, rooms, attachments, previewNick]
