// Shared set-up for the server tests: a real SQLite store in a temp dir, seeded with two hand-written
// documents whose extractions are built here (so API assertions do not depend on the extractor), users of
// every role, and a small agreement.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../src/store/open.ts';
import type { Store } from '../src/store/store.ts';
import type { Agreement, ConflictEvent, Extraction } from '../src/model/types.ts';
import { contentHash } from '../src/ingest/hash.ts';
import { createUser } from '../src/server/auth.ts';

export const DOC1 = 'BAKU, Nov 25, 2020 - Azerbaijani troops entered Kalbajar on Wednesday, the ministry said. '
  + 'Residents left the district before the handover.';
export const DOC2 = 'STEPANAKERT, Dec 12, 2020 - Shelling hit Hadrut on Saturday, killing two civilians, officials said. '
  + 'Armenia denied that its forces had fired first.';

function span(text: string, s: string, from = 0) {
  const start = text.indexOf(s, from);
  if (start < 0) throw new Error(`fixture: "${s}" not in text`);
  return { start, end: start + s.length };
}

function sentences(text: string) {
  const out: { start: number; end: number }[] = [];
  let s = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '.' && (i + 1 === text.length || text[i + 1] === ' ')) {
      out.push({ start: s, end: i + 1 });
      s = i + 2;
    }
  }
  return out;
}

function ev(text: string, id: string, trigger: string, fields: Partial<ConflictEvent>): ConflictEvent {
  const t = span(text, trigger);
  const sent = sentences(text).find((x) => x.start <= t.start && x.end >= t.end)!;
  return {
    id, action: 'other', eventType: null, subEventType: null, actor1: null, actor2: null, place: null, date: null,
    modality: 'asserted', quantities: [], fatalities: null, attribution: null, evidence: sent, mentions: [sent], trigger: t,
    ...fields,
  };
}

function place(text: string, name: string, lat: number, lon: number, id: string) {
  const s = span(text, name);
  return { ...s, text: name, name, gazetteerId: id, featureType: 'adm1', countryCode: 'AZ', admin1: name, lat, lon, confidence: 0.9 };
}

export function extraction1(): Extraction {
  const t = DOC1;
  return {
    id: 'doc1', dct: { value: '2020-11-25', inferred: false, confidence: 1, method: 'given' }, sentences: sentences(t),
    timexes: [{ ...span(t, 'Wednesday'), text: 'Wednesday', type: 'DATE', value: '2020-11-25' }],
    places: [place(t, 'Kalbajar', 40.1, 46.04, 'adm1:AZ.26')],
    actors: [{ ...span(t, 'Azerbaijani troops'), text: 'Azerbaijani troops', name: 'Military Forces of Azerbaijan (1992-)', kind: 'military', countryCode: 'AZ' }],
    quantities: [],
    events: [
      ev(t, 'e1', 'entered', {
        action: 'enter', eventType: 'Strategic developments', subEventType: 'Non-violent transfer of territory',
        actor1: { name: 'Military Forces of Azerbaijan (1992-)', kind: 'military', countryCode: 'AZ' },
        place: place(t, 'Kalbajar', 40.1, 46.04, 'adm1:AZ.26'), date: '2020-11-25',
        attribution: { source: 'Ministry of Defence of Azerbaijan', via: null },
      }),
      ev(t, 'e2', 'left', { action: 'evacuate', actor1: { name: 'Civilians (Armenia)', kind: 'civilians', countryCode: 'AM' }, date: '2020-11' }),
    ],
    provisions: [],
  };
}

export function extraction2(): Extraction {
  const t = DOC2;
  return {
    id: 'doc2', dct: { value: '2020-12-12', inferred: false, confidence: 1, method: 'given' }, sentences: sentences(t),
    timexes: [{ ...span(t, 'Saturday'), text: 'Saturday', type: 'DATE', value: '2020-12-12' }],
    places: [{ ...place(t, 'Hadrut', 39.52, 47.03, 'gn:587057'), featureType: 'populated place' }],
    actors: [],
    quantities: [{ ...span(t, 'two civilians'), value: 2, unit: 'person', counts: 'civilians killed' }],
    events: [
      ev(t, 'e1', 'Shelling', {
        action: 'shell', eventType: 'Explosions/Remote violence', subEventType: 'Shelling/artillery/missile attack',
        actor1: { name: 'Military Forces of Azerbaijan (1992-)', kind: 'military', countryCode: 'AZ' },
        actor2: { name: 'Civilians (Azerbaijan)', kind: 'civilians', countryCode: 'AZ' },
        place: { ...place(t, 'Hadrut', 39.52, 47.03, 'gn:587057'), featureType: 'populated place' }, date: '2020-12-12', fatalities: 2,
      }),
      ev(t, 'e2', 'denied', { action: 'deny', actor1: { name: 'Government of Armenia (2018-)', kind: 'government', countryCode: 'AM' }, date: '2020-12-12', modality: 'denied' }),
    ],
    provisions: [],
  };
}

export const AGREEMENT: Agreement = {
  id: 'test-2020', title: 'Test statement', signed: '2020-11-10', parties: ['Azerbaijan', 'Armenia'],
  provisions: [
    {
      id: 'kalbajar', category: 'territorial_transfer', text: 'Kalbajar is returned to Azerbaijan by 15 November 2020.',
      obligors: ['Armenia'], action: 'hand_over', object: { name: 'Kalbajar' }, due: '2020-11-15', ongoing: false, quantities: [], evidence: null,
    },
    {
      id: 'ceasefire', category: 'ceasefire', text: 'A complete ceasefire.', obligors: ['Azerbaijan', 'Armenia'], action: 'cease_fire',
      object: null, due: null, ongoing: true, quantities: [], evidence: null,
    },
  ],
};

export interface Fixture {
  dir: string;
  dbFile: string;
  store: Store;
  tokens: { viewer: string; analyst: string; admin: string };
  close(): Promise<void>;
}

export async function makeFixture(opts: { seed?: boolean } = {}): Promise<Fixture> {
  const dir = mkdtempSync(path.join(tmpdir(), 'truce-server-'));
  const dbFile = path.join(dir, 'test.db');
  const store = await openStore(dbFile);
  if (opts.seed !== false) {
    await store.putDocuments([
      { doc: { id: 'doc1', text: DOC1, dct: '2020-11-25', title: 'Kalbajar handover', source: 'fixture', url: null }, extraction: extraction1(), contentHash: contentHash(DOC1) },
      { doc: { id: 'doc2', text: DOC2, dct: '2020-12-12', title: 'Hadrut shelling', source: 'fixture', url: null }, extraction: extraction2(), contentHash: contentHash(DOC2) },
    ]);
    await store.putAgreement(AGREEMENT);
  }
  const tokens = {
    viewer: await createUser(store, 'vera', 'viewer'),
    analyst: await createUser(store, 'ana', 'analyst'),
    admin: await createUser(store, 'adam', 'admin'),
  };
  return {
    dir, dbFile, store, tokens,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
