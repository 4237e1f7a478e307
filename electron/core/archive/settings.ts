// Application settings as JSON values under string keys (not scoped by account).
// Layer: electron/core (Node, worker thread).
import type { Database } from 'better-sqlite3'

export function getSetting(db: Database, key: string): unknown {
  const row = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key)
  return row ? (JSON.parse(row.value) as unknown) : null
}

export function setSetting(db: Database, key: string, value: unknown): void {
  // JSON.stringify returns undefined for undefined, functions and symbols: refuse, don't store "null".
  const json: string | undefined = JSON.stringify(value)
  if (json === undefined) throw new TypeError(`Setting ${key} is not JSON-serializable`)
  db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, json)
}

export function deleteSetting(db: Database, key: string): void {
  db.prepare<[string]>('DELETE FROM settings WHERE key = ?').run(key)
}
