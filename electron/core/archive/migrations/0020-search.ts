// Schema version 20: full-text search over the current text of every message that is not retracted.
// Layer: electron/core (Node, worker thread).
//
// - messages.retracted_at (XEP-0424, set by a later feature) and messages.search_key, the
//   time-ordered key that is the rowid of both indexes (see search-schema.ts).
// - messages_fts: FTS5 `unicode61 remove_diacritics 2` over body (word-prefix search, "cafe" finds
//   "café") plus a scope column (conversation and sender tokens, so filters intersect inside FTS5).
//   External content (the view messages_search_docs), so the text is stored once, in messages.
// - messages_ngram: FTS5 `trigram` holding its own copy of the body of the messages that contain
//   unspaced scripts (CJK, Thai, …) or emoji (search-schema.ts lists the ranges). unicode61 cannot
//   find a word inside those (a CJK sentence is one token; emoji are separators); the trigram
//   table finds any substring of ≥ 3 characters, and a scan of just this subset with LIKE finds
//   1–2 character runs (most Chinese words are two characters), newest first, stopped by the
//   page. Measured on the bench corpus (16% of messages in the subset): the subset costs about
//   50 B per archived message, copy of the text included; trigram over every message would cost
//   about 173 B per message for the index alone, to find substrings nobody asked for.
// - Triggers keep both in sync: INSERT assigns the key and indexes; an UPDATE of the body (a
//   correction), of retracted_at, or of the fields the key and scope derive from removes the old
//   entry before the row changes and indexes the new state after; DELETE removes. Retracted rows
//   are left out by the view itself, so `rebuild` stays correct too.
// - secure-delete on both tables: removed text is purged from the index b-trees instead of being
//   masked by delete markers until the next merge (privacy for retractions and deletions).
import { SCOPE_SQL, KEY_SEQ_BITS, bucketSql, unspacedGlob } from '../search-schema'
import type { Migration } from '../migrate'

const NEW_FLOOR = `(${bucketSql('new.timestamp')} * ${2 ** KEY_SEQ_BITS})`
/** The key a new or re-timed row gets: after every key already used in its minute. */
const NEXT_KEY = `(SELECT coalesce(max(search_key) + 1, ${NEW_FLOOR}) FROM messages
  WHERE search_key >= ${NEW_FLOOR} AND search_key < ${NEW_FLOOR} + ${2 ** KEY_SEQ_BITS})`

const CURRENT_KEY = '(SELECT search_key FROM messages WHERE id = new.id)'
const GLOB = unspacedGlob()

const INDEX_NEW = `
  INSERT INTO messages_fts (rowid, body, scope)
    SELECT key, body, scope FROM messages_search_docs WHERE key = ${CURRENT_KEY};
  INSERT INTO messages_ngram (rowid, body)
    SELECT key, body FROM messages_search_docs WHERE key = ${CURRENT_KEY} AND body GLOB '${GLOB}';`

// Runs while the row still holds what was indexed: external content needs the exact old values.
const UNINDEX_OLD = `
  INSERT INTO messages_fts (messages_fts, rowid, body, scope)
    SELECT 'delete', key, body, scope FROM messages_search_docs WHERE key = old.search_key;
  DELETE FROM messages_ngram WHERE rowid = old.search_key;`

/** What the index depends on; an UPDATE of any other column (state, …) leaves the index alone. */
const INDEXED_COLUMNS = 'body, retracted_at, timestamp, conversation, direction, sender_bare'

export const search: Migration = {
  version: 20,
  up(db) {
    db.exec(`
      ALTER TABLE messages ADD COLUMN retracted_at INTEGER;
      ALTER TABLE messages ADD COLUMN search_key INTEGER;

      -- Existing rows: within a minute, in id order (as the insert trigger would have done).
      UPDATE messages SET search_key = keyed.key
      FROM (SELECT id, ${bucketSql('timestamp')} * ${2 ** KEY_SEQ_BITS} - 1
                       + row_number() OVER (PARTITION BY ${bucketSql('timestamp')} ORDER BY id) AS key
            FROM messages) AS keyed
      WHERE messages.id = keyed.id;
      CREATE UNIQUE INDEX messages_search_key ON messages (search_key);

      CREATE VIEW messages_search_docs AS
        SELECT search_key AS key, body, ${SCOPE_SQL} AS scope FROM messages WHERE retracted_at IS NULL;

      -- prefix: every query token is a prefix ("tok"*). Without a prefix index FTS5 merges the
      -- doclists of all matching words before the first row comes out, so the first keystrokes
      -- of search-as-you-type ("t", "th", "the") cost in proportion to the whole archive.
      -- columnsize=0: no per-row size table (only bm25 ranking needs it, and results are by time).
      CREATE VIRTUAL TABLE messages_fts USING fts5(
        body, scope,
        content = 'messages_search_docs', content_rowid = 'key',
        tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3', columnsize = 0
      );
      CREATE VIRTUAL TABLE messages_ngram USING fts5(body, tokenize = 'trigram remove_diacritics 1', columnsize = 0);
      INSERT INTO messages_fts (messages_fts, rank) VALUES ('secure-delete', 1);
      INSERT INTO messages_ngram (messages_ngram, rank) VALUES ('secure-delete', 1);
      -- Every MAM page commits a small segment; merging 8 of a level at a time instead of 4
      -- rewrites postings less often (about 13% faster page ingest on the bench corpus, the same
      -- first-page latency).
      INSERT INTO messages_fts (messages_fts, rank) VALUES ('automerge', 8);

      INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
      INSERT INTO messages_ngram (rowid, body) SELECT key, body FROM messages_search_docs WHERE body GLOB '${GLOB}';

      CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN
        UPDATE messages SET search_key = ${NEXT_KEY} WHERE id = new.id;
        ${INDEX_NEW}
      END;

      CREATE TRIGGER messages_search_unindex BEFORE UPDATE OF ${INDEXED_COLUMNS} ON messages BEGIN
        ${UNINDEX_OLD}
      END;

      CREATE TRIGGER messages_search_reindex AFTER UPDATE OF ${INDEXED_COLUMNS} ON messages BEGIN
        UPDATE messages SET search_key = ${NEXT_KEY} WHERE id = new.id AND ${bucketSql('new.timestamp')} IS NOT ${bucketSql('old.timestamp')};
        ${INDEX_NEW}
      END;

      CREATE TRIGGER messages_search_delete BEFORE DELETE ON messages BEGIN
        ${UNINDEX_OLD}
      END;
    `)
  },
}
