// Entry point of the archive's worker thread. It owns the only better-sqlite3 connection and
// answers the client's requests one at a time, in the order they were sent. Layer: electron/core
// (Node, worker thread).
import { parentPort, workerData, type MessagePort } from 'node:worker_threads'
import type { Database } from 'better-sqlite3'
import { closeDatabase, openDatabase } from './database'
import { serializeError } from './errors'
import { archiveHandlers, dispatch } from './handlers'
import { OPEN_SEQ, type WorkerData, type WorkerReply, type WorkerRequest } from './protocol'

function serve(port: MessagePort, file: string): void {
  const reply = (message: WorkerReply): void => port.postMessage(message)
  let db: Database
  try {
    db = openDatabase(file)
  } catch (error) {
    // Without a message listener the thread ends once this reply is out.
    reply({ kind: 'error', seq: OPEN_SEQ, error: serializeError(error) })
    return
  }
  const handlers = archiveHandlers(db)
  reply({ kind: 'result', seq: OPEN_SEQ, value: null })

  port.on('message', (request: WorkerRequest) => {
    try {
      if (request.method === 'close') {
        closeDatabase(db)
        // The client terminates the thread once it has this answer.
        reply({ kind: 'result', seq: request.seq, value: null })
        return
      }
      // Inside the try: a result that cannot be cloned becomes an error reply, not a lost answer.
      reply({ kind: 'result', seq: request.seq, value: dispatch(handlers, request.method, request.args) })
    } catch (error) {
      reply({ kind: 'error', seq: request.seq, error: serializeError(error) })
    }
  })
}

if (!parentPort) throw new Error('archive-worker must run in a worker thread (see archive-client.ts)')
serve(parentPort, (workerData as WorkerData).file)
