// Archive size: the file plus its WAL once the archive is closed (closing checkpoints), split by
// what the bytes are for (dbstat), and what a trigram index over every message would have cost
// instead of over the unspaced subset only.
import Database from 'better-sqlite3'
import { archiveBytes } from './stats'

export interface SizeReport {
  messages: number
  bytes: number
  /** Bytes per part: the messages table with its other indexes, the search key index, each FTS index. */
  parts: { table: number; key: number; words: number; ngram: number }
  /** Messages held by the trigram table. */
  ngramRows: number
}

export function measureSize(file: string): SizeReport {
  const bytes = archiveBytes(file)
  const db = new Database(file, { readonly: true })
  try {
    const sizes = db.prepare<[], { name: string; bytes: number }>('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name').all()
    const sum = (test: (name: string) => boolean): number => sizes.filter((row) => test(row.name)).reduce((total, row) => total + row.bytes, 0)
    const count = (sql: string): number => db.prepare<[], { n: number }>(sql).get()?.n ?? 0
    return {
      messages: count('SELECT count(*) AS n FROM messages'),
      bytes,
      parts: {
        table: sum((name) => name === 'messages' || (name.startsWith('messages_') && !/^messages_(fts|ngram|search_key)/u.test(name))),
        key: sum((name) => name === 'messages_search_key'),
        words: sum((name) => name.startsWith('messages_fts')),
        ngram: sum((name) => name.startsWith('messages_ngram')),
      },
      ngramRows: count('SELECT count(*) AS n FROM messages_ngram'),
    }
  } finally {
    db.close()
  }
}

/** Builds a trigram index over every body of `file` in memory and returns its size in bytes. */
export function trigramForAll(file: string): number {
  const source = new Database(file, { readonly: true })
  const scratch = new Database(':memory:')
  try {
    scratch.exec(`CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'trigram remove_diacritics 1', columnsize = 0, content = '')`)
    const insert = scratch.prepare<[number, string]>('INSERT INTO t (rowid, body) VALUES (?, ?)')
    scratch.transaction(() => {
      for (const row of source.prepare<[], { id: number; body: string }>('SELECT id, body FROM messages').iterate()) insert.run(row.id, row.body)
    })()
    // Contentless, so this is the index alone; the subset table also keeps a copy of its bodies.
    return scratch.prepare<[], { bytes: number }>(`SELECT sum(pgsize) AS bytes FROM dbstat WHERE name LIKE 't_%'`).get()?.bytes ?? 0
  } finally {
    scratch.close()
    source.close()
  }
}
