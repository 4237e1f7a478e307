// Schema version 60: XEP-0115 capabilities we verified, by (hash algorithm, ver), for every
// contact advertising them and across restarts. Only answers whose hash we recomputed are stored
// (see contact-capabilities.ts). `id` orders entries by when they were last verified, so the
// oldest are evicted first. Not scoped by account: a verified ver means the same for everyone.
// Layer: electron/core (Node, worker thread).
import type { Migration } from '../migrate'

export const capsCache: Migration = {
  version: 60,
  up(db) {
    db.exec(`
      CREATE TABLE caps_cache (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL,
        ver TEXT NOT NULL,
        features TEXT NOT NULL,
        UNIQUE (hash, ver)
      ) STRICT;
    `)
  },
}
