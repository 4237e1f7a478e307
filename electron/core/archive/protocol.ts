// The messages between archive-client.ts (main thread) and archive-worker.ts (worker thread). The
// method names and their argument and result types are derived from the Archive interface, so the
// two sides cannot drift apart. Layer: electron/core (Node).
import type { Archive } from './archive'
import type { SerializedError } from './errors'

/** Every Archive method but close(), which belongs to the protocol: it ends the worker. */
export type ArchiveMethod = Exclude<keyof Archive, 'close'>
export type ArchiveArgs = { [M in ArchiveMethod]: Parameters<Archive[M]> }
export type ArchiveResults = { [M in ArchiveMethod]: Awaited<ReturnType<Archive[M]>> }
/** What the worker runs for each method: the same signature, synchronous. */
export type ArchiveHandlers = { [M in ArchiveMethod]: (...args: ArchiveArgs[M]) => ArchiveResults[M] }

export interface WorkerData {
  /** Path of the SQLite file. */
  file: string
}

/** The worker answers seq 0 once, after opening and migrating the database (or failing to). */
export const OPEN_SEQ = 0

export interface CallRequest<M extends ArchiveMethod = ArchiveMethod> {
  seq: number
  method: M
  args: ArchiveArgs[M]
}
export interface CloseRequest {
  seq: number
  method: 'close'
}
export type WorkerRequest = CallRequest | CloseRequest

export type WorkerReply =
  | { kind: 'result'; seq: number; value: unknown }
  | { kind: 'error'; seq: number; error: SerializedError }
