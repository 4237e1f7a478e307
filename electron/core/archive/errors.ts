// Errors the archive raises on purpose, and how any error crosses the worker boundary (structured
// clone keeps only the built-in error names, so errors travel as plain data and are rebuilt here).
// Layer: electron/core (Node).

/**
 * The database was written by a newer version of the app. It is left untouched: the right answer
 * is "start the newer version", never "delete the data".
 */
export class ArchiveFromFutureError extends Error {
  override readonly name = 'ArchiveFromFutureError'
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(`The message archive has schema version ${found}, newer than this app knows (${known}); start a newer version of the app.`)
  }
}

/** A call was made after close(), or the worker thread is gone; the message says which. */
export class ArchiveClosedError extends Error {
  override readonly name = 'ArchiveClosedError'
}

export interface SerializedError {
  name: string
  message: string
  /** Only for ArchiveFromFutureError. */
  versions?: { found: number; known: number }
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof ArchiveFromFutureError) {
    return { name: error.name, message: error.message, versions: { found: error.found, known: error.known } }
  }
  if (error instanceof Error) return { name: error.name, message: error.message }
  return { name: 'Error', message: String(error) }
}

export function deserializeError(error: SerializedError): Error {
  if (error.versions) return new ArchiveFromFutureError(error.versions.found, error.versions.known)
  const rebuilt = new Error(error.message)
  // Keep e.g. 'SqliteError' or 'RangeError' visible to callers and in logs.
  rebuilt.name = error.name
  return rebuilt
}
