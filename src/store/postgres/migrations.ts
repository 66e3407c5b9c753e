// PostgreSQL schema: the same tables and meaning as the SQLite one (../sqlite/migrations.ts), as
// numbered migrations applied in order, each in one transaction, under an advisory lock so that
// several workers starting at once migrate exactly once.
export const postgresMigrations: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  content_hash TEXT NOT NULL UNIQUE,
  text TEXT NOT NULL,
  dct TEXT,
  dct_inferred BOOLEAN NOT NULL DEFAULT false,
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
  lat DOUBLE PRECISION,
  lon DOUBLE PRECISION,
  date TEXT,
  modality TEXT,
  fatalities INTEGER,
  evidence_start INTEGER NOT NULL,
  evidence_end INTEGER NOT NULL,
  evidence_text TEXT,
  corrected BOOLEAN NOT NULL DEFAULT false,
  data TEXT NOT NULL,
  evidence_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(evidence_text, ''))) STORED
);
CREATE INDEX events_doc ON events(doc_id);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_type ON events(event_type, sub_event_type);
CREATE INDEX events_place ON events(place_id);
CREATE INDEX events_fts ON events USING GIN (evidence_tsv);
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
  id BIGSERIAL PRIMARY KEY,
  event_id TEXT NOT NULL,
  fields TEXT NOT NULL,
  user_name TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX corrections_event ON corrections(event_id);
CREATE TABLE link_verdicts (
  agreement_id TEXT NOT NULL,
  provision_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  verdict TEXT NOT NULL CHECK (verdict IN ('confirmed', 'rejected')),
  user_name TEXT NOT NULL,
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
  id BIGSERIAL PRIMARY KEY,
  at TEXT NOT NULL,
  user_name TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  before TEXT,
  after TEXT
);
CREATE INDEX audit_target ON audit(target);
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END $$;
CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only();
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
  similarity DOUBLE PRECISION,
  added_at TEXT NOT NULL,
  seq BIGSERIAL, -- insertion order, as SQLite's rowid
  PRIMARY KEY (doc_id, id, input, url)
);
CREATE TABLE neardup_signatures (
  doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  sig TEXT NOT NULL,
  seq BIGSERIAL -- insertion order, as SQLite's rowid
);
`,
  },
];

/** PostGIS, when the server has it (not a numbered migration: retried on each open until it applies, so a
 * server that gains PostGIS later gets it): events.geom, a point generated from lon/lat (null without
 * both), a GiST index on it for bbox filters and one on its geography for distance filters. */
export const postgisSql = `
CREATE EXTENSION IF NOT EXISTS postgis;
ALTER TABLE events ADD COLUMN IF NOT EXISTS geom geometry(Point, 4326) GENERATED ALWAYS AS (
  CASE WHEN lon IS NULL OR lat IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326) END) STORED;
CREATE INDEX IF NOT EXISTS events_geom ON events USING GIST (geom);
CREATE INDEX IF NOT EXISTS events_geog ON events USING GIST ((geom::geography));
`;
