// SQLite schema, as numbered migrations applied in order, each in one transaction.
export const sqliteMigrations: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  content_hash TEXT NOT NULL UNIQUE,
  text TEXT NOT NULL,
  dct TEXT,
  dct_inferred INTEGER NOT NULL DEFAULT 0,
  source TEXT,
  url TEXT,
  title TEXT,
  ingested_at TEXT NOT NULL,
  extraction TEXT NOT NULL
);
CREATE TABLE events (
  id TEXT PRIMARY KEY,
  doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  event_id TEXT NOT NULL,
  action TEXT,
  event_type TEXT,
  sub_event_type TEXT,
  actor1 TEXT,
  actor2 TEXT,
  place_name TEXT,
  place_id TEXT,
  lat REAL,
  lon REAL,
  date TEXT,
  modality TEXT,
  fatalities INTEGER,
  evidence_start INTEGER NOT NULL,
  evidence_end INTEGER NOT NULL,
  evidence_text TEXT,
  corrected INTEGER NOT NULL DEFAULT 0,
  data TEXT NOT NULL
);
CREATE INDEX events_doc ON events(doc_id);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_type ON events(event_type, sub_event_type);
CREATE INDEX events_place ON events(place_id);
CREATE VIRTUAL TABLE events_fts USING fts5(evidence_text, content='events', content_rowid='rowid');
CREATE TRIGGER events_ai AFTER INSERT ON events BEGIN
  INSERT INTO events_fts(rowid, evidence_text) VALUES (new.rowid, new.evidence_text);
END;
CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN
  INSERT INTO events_fts(events_fts, rowid, evidence_text) VALUES ('delete', old.rowid, old.evidence_text);
END;
CREATE TRIGGER events_au AFTER UPDATE ON events BEGIN
  INSERT INTO events_fts(events_fts, rowid, evidence_text) VALUES ('delete', old.rowid, old.evidence_text);
  INSERT INTO events_fts(rowid, evidence_text) VALUES (new.rowid, new.evidence_text);
END;
CREATE TABLE report_provisions (
  doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (doc_id, idx)
);
CREATE TABLE agreements (
  id TEXT PRIMARY KEY,
  canonical TEXT NOT NULL,
  data TEXT NOT NULL,
  loaded_at TEXT NOT NULL
);
CREATE TABLE corrections (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL,
  fields TEXT NOT NULL,
  user TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX corrections_event ON corrections(event_id);
CREATE TABLE link_verdicts (
  agreement_id TEXT NOT NULL,
  provision_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  verdict TEXT NOT NULL CHECK (verdict IN ('confirmed', 'rejected')),
  user TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (agreement_id, provision_id, event_id)
);
CREATE TABLE users (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
CREATE TABLE audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  user TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  before TEXT,
  after TEXT
);
-- the audit log is append-only
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`,
  },
  {
    version: 2,
    sql: `
-- duplicates kept as sources of one document; url '' stands for none (it is part of the key)
CREATE TABLE document_sources (
  doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  input TEXT NOT NULL,
  url TEXT NOT NULL DEFAULT '',
  source TEXT,
  title TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('exact', 'near')),
  similarity REAL,
  added_at TEXT NOT NULL,
  PRIMARY KEY (doc_id, id, input, url)
);
CREATE TABLE neardup_signatures (
  doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  sig TEXT NOT NULL
);
`,
  },
];
