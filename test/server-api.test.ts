// API tests: every route, role and error case, through fastify's inject() on a real SQLite file.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../src/server/server.ts';
import type { StatusReport, Tracker } from '../src/server/track.ts';
import { ACLED_COLUMNS } from '../src/server/formats.ts';
import { hashToken } from '../src/server/auth.ts';
import { AGREEMENT, DOC1, DOC2, bearer, makeFixture, extraction1, type Fixture } from './server-fixtures.ts';

/** A tracker with fixed rules, so that the API's plumbing is tested apart from the track module. */
const fakeTracker: Tracker = {
  async statusReport(store, { asOf }): Promise<StatusReport> {
    const a = (await store.getAgreement('test-2020'))!;
    const [k, c] = a.provisions;
    const done = asOf >= '2020-11-25';
    const violated = asOf >= '2020-12-12';
    return {
      asOf,
      agreements: [{
        id: a.id, title: a.title, signed: a.signed,
        provisions: [
          {
            ...k, object: k.object ? { name: k.object.name, gazetteerId: null, lat: null, lon: null } : null, amendedDue: null,
            done: done ? '2020-11-25' : null, status: done ? 'fulfilled_late' : asOf > '2020-11-15' ? 'overdue' : 'pending',
            daysLate: done ? 10 : null, daysLateAmended: null, sources: done ? 1 : 0, events: done ? ['doc1#e1'] : [],
            evidence: done ? [{ docId: 'doc1', start: 21, end: 89, text: DOC1.slice(21, 89) }] : [],
          },
          {
            ...c, object: null, amendedDue: null, done: null, status: violated ? 'violated' : 'ongoing', daysLate: null, daysLateAmended: null,
            sources: violated ? 1 : 0, events: violated ? ['doc2#e1'] : [], evidence: [],
          },
        ],
      }],
    };
  },
};

let fx: Fixture;
let app: FastifyInstance;

before(async () => {
  fx = await makeFixture();
  app = await buildServer({ store: fx.store, tracker: fakeTracker, webRoot: null, today: () => '2020-11-13' });
});
after(async () => {
  await app.close();
  await fx.close();
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
const send = (method: 'POST' | 'PUT' | 'PATCH', url: string, payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method, url, payload: payload as object, headers });

/** Every error is a problem details document without internals. */
function assertProblem(res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number, detail?: RegExp) {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const p = JSON.parse(res.body);
  assert.equal(p.status, status);
  assert.equal(typeof p.title, 'string');
  assert.equal(p.type, 'about:blank');
  assert.doesNotMatch(res.body, /\bat .*\.ts:\d+|node_modules|SQLITE|stack/i);
  if (detail) assert.match(p.detail, detail);
  return p;
}

describe('index, health, OpenAPI', () => {
  it('answers /api and /api/health with counts', async () => {
    const r = await get('/api/health');
    assert.equal(r.statusCode, 200);
    assert.deepEqual(r.json(), { ok: true, store: 'sqlite', documents: 2, events: 4, compliance: true });
    assert.ok((await get('/api')).json().routes.includes('/api/events'));
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas, and a reference page', async () => {
    const r = await get('/openapi.json');
    assert.equal(r.statusCode, 200);
    const doc = r.json();
    assert.equal(doc.openapi, '3.1.0');
    for (const p of ['/api/documents', '/api/documents/{id}', '/api/events', '/api/events/{id}', '/api/agreements', '/api/agreements/{id}',
      '/api/agreements/{id}/provisions/{pid}', '/api/agreements/{id}/provisions/{pid}/links/{eventId}', '/api/status', '/api/alerts',
      '/api/audit', '/api/users', '/api/regions', '/api/me']) {
      assert.ok(doc.paths[p], `missing ${p}`);
    }
    const evq = doc.paths['/api/events'].get.parameters.map((x: { name: string }) => x.name);
    for (const n of ['type', 'subType', 'actor', 'place', 'bbox', 'near', 'from', 'to', 'agreement', 'provision', 'modality', 'q', 'limit', 'offset', 'format']) {
      assert.ok(evq.includes(n), `events query lacks ${n}`);
    }
    assert.deepEqual(doc.paths['/api/events/{id}'].patch.security, [{ bearer: [] }]);
    assert.ok(doc.components.securitySchemes.bearer);
    const ui = await get('/api/docs/');
    assert.equal(ui.statusCode, 200);
    assert.match(ui.body, /swagger-ui/i);
    assert.doesNotMatch(ui.body, /https?:\/\/(?!127\.0\.0\.1|localhost)[a-z0-9.-]+\/[^"]*\.(js|css)/i, 'the reference page loads nothing remote');
  });

  it('answers an unknown route with a 404 problem', async () => {
    assertProblem(await get('/api/nope'), 404, /no route/);
  });

  it('serves a page at / telling how to build the dashboard when it is not built', async () => {
    const r = await get('/');
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /npm run build:web/);
  });
});

describe('auth', () => {
  it('resolves /api/me from the token, anonymous without one', async () => {
    assert.deepEqual((await get('/api/me')).json(), { user: null, canWrite: false });
    const me = (await get('/api/me', bearer(fx.tokens.analyst))).json();
    assert.equal(me.user.name, 'ana');
    assert.equal(me.user.role, 'analyst');
    assert.equal(me.canWrite, true);
  });

  it('rejects an unknown or malformed token with 401 and WWW-Authenticate', async () => {
    const r = await get('/api/me', bearer('truce_not-a-real-token'));
    assertProblem(r, 401, /not valid/);
    assert.match(String(r.headers['www-authenticate']), /^Bearer/);
    assertProblem(await get('/api/events', { authorization: 'Basic YWxhZGRpbjpvcGVu' }), 401, /Bearer <token>/);
  });

  it('stores only the sha256 of a token', async () => {
    const u = await fx.store.userByTokenHash(hashToken(fx.tokens.admin));
    assert.equal(u?.name, 'adam');
    assert.equal(await fx.store.userByTokenHash(fx.tokens.admin), null);
  });

  it('can require a token for reading', async () => {
    const locked = await buildServer({ store: fx.store, tracker: fakeTracker, webRoot: null, requireTokenToRead: true });
    try {
      assertProblem(await locked.inject({ method: 'GET', url: '/api/events' }), 401);
      assert.equal((await locked.inject({ method: 'GET', url: '/api/events', headers: bearer(fx.tokens.viewer) })).statusCode, 200);
    } finally {
      await locked.close();
    }
  });
});

describe('documents', () => {
  it('lists documents with paging and a total', async () => {
    const r = (await get('/api/documents?limit=1')).json();
    assert.equal(r.total, 2);
    assert.equal(r.items.length, 1);
    const all = (await get('/api/documents')).json().items.map((d: { id: string }) => d.id).sort();
    assert.deepEqual(all, ['doc1', 'doc2']);
  });

  it('gets a document with its text, annotations (offsets), events and other sources', async () => {
    await fx.store.addDocumentSources([{ docId: 'doc1', id: 'doc1-wire', input: 'wire.xml', url: 'https://wire.example/1', source: 'wire', title: null, kind: 'exact', similarity: null }]);
    const d = (await get('/api/documents/doc1')).json();
    assert.deepEqual(d.sources.map((x: { id: string; url: string }) => [x.id, x.url]), [['doc1-wire', 'https://wire.example/1']]);
    assert.equal(d.text, DOC1);
    assert.equal(d.dct, '2020-11-25');
    const p = d.extraction.places[0];
    assert.equal(DOC1.slice(p.start, p.end), 'Kalbajar');
    assert.deepEqual(d.events.map((e: { id: string }) => e.id).sort(), ['doc1#e1', 'doc1#e2']);
    assertProblem(await get('/api/documents/nope'), 404, /document "nope"/);
  });

  it('refuses ingestion without a token (401) and for a viewer (403), before reading the body', async () => {
    assertProblem(await send('POST', '/api/documents', { text: 'x' }), 401);
    assertProblem(await send('POST', '/api/documents', { text: 'x' }, bearer(fx.tokens.viewer)), 403, /viewer role/);
    assertProblem(await send('POST', '/api/documents', { nonsense: 1 }), 401);
  });

  it('ingests text as an analyst: extract() runs, the document and its events are stored, the change is audited', async () => {
    const text = 'YEREVAN, Nov 20, 2020 - Armenian troops withdrew from Agdam on Friday, the defence ministry said.';
    const r = await send('POST', '/api/documents', { text, dct: '2020-11-20', title: 'Agdam', id: 'agdam-1' }, bearer(fx.tokens.analyst));
    assert.equal(r.statusCode, 201, r.body);
    const body = r.json();
    assert.equal(body.id, 'agdam-1');
    assert.equal(body.duplicateOf, null);
    assert.equal(r.headers.location, '/api/documents/agdam-1');
    const stored = await fx.store.getDocument('agdam-1');
    assert.equal(stored?.text, text);
    assert.equal(stored?.title, 'Agdam');
    assert.equal(body.events, stored?.extraction.events.length);
    assert.equal(await fx.store.countEvents({ docId: 'agdam-1' }), body.events);
    const audit = await fx.store.listAudit({ target: 'document:agdam-1' });
    assert.equal(audit.length, 1);
    assert.equal(audit[0].user, 'ana');
    assert.equal(audit[0].action, 'document.ingest');
    // the same text again (other spacing and case) is a duplicate: 200, nothing new stored
    const again = await send('POST', '/api/documents', { text: `  ${text.toUpperCase()} ` }, bearer(fx.tokens.analyst));
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().duplicateOf, 'agdam-1');
    assert.equal((await get('/api/documents')).json().total, 3);
  });

  it('ingests raw text/plain with the date in the query string', async () => {
    const text = 'Russian peacekeepers arrived in Stepanakert on Wednesday.';
    const r = await app.inject({ method: 'POST', url: '/api/documents?date=2020-11-11&title=Peacekeepers', payload: text, headers: { ...bearer(fx.tokens.admin), 'content-type': 'text/plain' } });
    assert.equal(r.statusCode, 201, r.body);
    const d = await fx.store.getDocument(r.json().id);
    assert.equal(d?.text, text);
    assert.equal(d?.dct, '2020-11-11');
    assert.equal(d?.title, 'Peacekeepers');
  });

  const bad: [string, unknown, RegExp][] = [
    ['empty text', { text: '   ' }, /empty/],
    ['neither text nor url', { title: 'x' }, /body/],
    ['an unknown field', { text: 'a', colour: 'red' }, /colour/],
    ['an impossible date', { text: 'a b c', dct: '2020-02-30' }, /calendar date/],
    ['a malformed date', { text: 'a b c', dct: '30/11/2020' }, /dct/],
    ['text with NUL', { text: 'a\u0000b' }, /NUL/],
    ['a bad id', { text: 'a', id: 'has space' }, /id/],
    ['a non-http URL', { url: 'file:///etc/passwd' }, /http/],
  ];
  for (const [name, payload, re] of bad) {
    it(`rejects ${name} with 400`, async () => {
      assertProblem(await send('POST', '/api/documents', payload, bearer(fx.tokens.analyst)), 400, re);
    });
  }

  it('rejects malformed JSON (400), an unsupported media type (415) and an oversized body (413)', async () => {
    assertProblem(await app.inject({ method: 'POST', url: '/api/documents', payload: '{"text": ', headers: { ...bearer(fx.tokens.analyst), 'content-type': 'application/json' } }), 400);
    assertProblem(await app.inject({ method: 'POST', url: '/api/documents', payload: '<text/>', headers: { ...bearer(fx.tokens.analyst), 'content-type': 'application/xml' } }), 415);
    const small = await buildServer({ store: fx.store, tracker: fakeTracker, webRoot: null, maxDocumentBytes: 1000, bodyLimit: 500 });
    try {
      const big = JSON.stringify({ text: 'word '.repeat(400) });
      assertProblem(await small.inject({ method: 'POST', url: '/api/documents', payload: big, headers: { ...bearer(fx.tokens.analyst), 'content-type': 'application/json' } }), 413);
      // the general limit applies to other routes
      const p = JSON.stringify({ ...AGREEMENT, id: 'big', title: 'x'.repeat(600) });
      assertProblem(await small.inject({ method: 'POST', url: '/api/agreements', payload: p, headers: { ...bearer(fx.tokens.admin), 'content-type': 'application/json' } }), 413);
    } finally {
      await small.close();
    }
  });

  it('ingests a URL (fetched from a local HTTP server), keeping the page title and date', async () => {
    const http = await import('node:http');
    const srv = http.createServer((req, res) => {
      if (req.url === '/missing') { res.writeHead(404); res.end('gone'); return; }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><head><title>Lachin handed over</title><meta property="article:published_time" content="2020-12-01T08:00:00Z"></head>'
        + '<body><article><p>Azerbaijani forces entered the Lachin district on Tuesday.</p></article></body></html>');
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as { port: number }).port;
    try {
      const r = await send('POST', '/api/documents', { url: `http://127.0.0.1:${port}/lachin` }, bearer(fx.tokens.analyst));
      assert.equal(r.statusCode, 201, r.body);
      const d = await fx.store.getDocument(r.json().id);
      assert.match(d!.text, /Azerbaijani forces entered the Lachin district on Tuesday\./);
      assert.equal(d!.title, 'Lachin handed over');
      assert.equal(d!.dct, '2020-12-01');
      assert.equal(d!.url, `http://127.0.0.1:${port}/lachin`);
      assertProblem(await send('POST', '/api/documents', { url: `http://127.0.0.1:${port}/missing` }, bearer(fx.tokens.analyst)), 502, /404/);
    } finally {
      srv.close();
    }
  });
});

describe('events', () => {
  const ids = async (qs: string) => (await get(`/api/events?${qs}`)).json().items.map((e: { id: string }) => e.id).filter((id: string) => id.startsWith('doc')).sort();

  const filters: [string, string, string[]][] = [
    ['type', 'type=Strategic%20developments', ['doc1#e1']],
    ['sub-type', 'subType=Shelling%2Fartillery%2Fmissile%20attack', ['doc2#e1']],
    ['action', 'action=deny', ['doc2#e2']],
    ['actor (contains)', 'actor=Armenia', ['doc1#e2', 'doc2#e2']],
    ['place name', 'place=Hadrut', ['doc2#e1']],
    ['place gazetteer id', 'place=adm1:AZ.26', ['doc1#e1']],
    ['bbox', 'bbox=46,40,46.5,40.5', ['doc1#e1']],
    ['bbox across the antimeridian', 'bbox=170,39,46.5,41', ['doc1#e1']],
    ['near (lon,lat,km)', 'near=46.1,40.05,20', ['doc1#e1']],
    ['near, wider', 'near=46.5,39.8,150', ['doc1#e1', 'doc2#e1']],
    ['date range', 'from=2020-12-01&to=2020-12-31', ['doc2#e1', 'doc2#e2']],
    ['from only', 'from=2020-11-25&to=2020-11-25', ['doc1#e1']],
    ['modality', 'modality=denied', ['doc2#e2']],
    ['text search', 'q=shelling', ['doc2#e1']],
    ['text search (another word)', 'q=denied', ['doc2#e2']],
    ['document', 'docId=doc1', ['doc1#e1', 'doc1#e2']],
    ['two filters (AND)', 'actor=Azerbaijan&from=2020-12-01', ['doc2#e1']],
    ['agreement (linked events, as of a date)', 'agreement=test-2020&asOf=2020-12-31', ['doc1#e1', 'doc2#e1']],
    ['provision', 'agreement=test-2020&provision=kalbajar&asOf=2020-12-31', ['doc1#e1']],
    ['provision before it was done', 'agreement=test-2020&provision=kalbajar&asOf=2020-11-20', []],
  ];
  for (const [name, qs, want] of filters) {
    it(`filters by ${name}`, async () => {
      assert.deepEqual(await ids(qs), want);
    });
  }

  it('pages with limit and offset and reports the total', async () => {
    const a = (await get('/api/events?limit=1&offset=0&from=2020-11-01')).json();
    const all = (await get('/api/events?from=2020-11-01')).json();
    assert.equal(a.items.length, 1);
    assert.equal(a.total, all.total);
    assert.equal(a.limit, 1);
    const b = (await get('/api/events?limit=1&offset=1&from=2020-11-01')).json();
    assert.notEqual(a.items[0].id, b.items[0].id);
    assert.equal((await get('/api/events?from=2020-11-01')).headers['x-total-count'], String(all.total));
  });

  it('returns events with the evidence sentence and offsets into the text', async () => {
    const e = (await get('/api/events?docId=doc2&action=shell')).json().items[0];
    assert.equal(e.evidenceText, 'STEPANAKERT, Dec 12, 2020 - Shelling hit Hadrut on Saturday, killing two civilians, officials said.');
    assert.equal(DOC2.slice(e.evidence.start, e.evidence.end), e.evidenceText);
    assert.equal(e.fatalities, 2);
  });

  it('exports CSV in ACLED\'s column layout', async () => {
    const r = await get('/api/events?format=acled&docId=doc2&action=shell');
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-type']), /^text\/csv/);
    const [head, row] = r.body.trim().split('\r\n');
    assert.deepEqual(head.split(','), [...ACLED_COLUMNS]);
    const rec = Object.fromEntries(ACLED_COLUMNS.map((c, i) => [c, parseCsvLine(row)[i]]));
    assert.equal(rec.event_id_cnty, 'doc2#e1');
    assert.equal(rec.event_date, '2020-12-12');
    assert.equal(rec.year, '2020');
    assert.equal(rec.time_precision, '1');
    assert.equal(rec.disorder_type, 'Political violence');
    assert.equal(rec.event_type, 'Explosions/Remote violence');
    assert.equal(rec.sub_event_type, 'Shelling/artillery/missile attack');
    assert.equal(rec.actor1, 'Military Forces of Azerbaijan (1992-)');
    assert.equal(rec.inter1, '1');
    assert.equal(rec.inter2, '7');
    assert.equal(rec.interaction, '17');
    assert.equal(rec.iso, '031');
    assert.equal(rec.country, 'Azerbaijan');
    assert.equal(rec.location, 'Hadrut');
    assert.equal(rec.latitude, '39.52');
    assert.equal(rec.longitude, '47.03');
    assert.equal(rec.geo_precision, '1');
    assert.equal(rec.fatalities, '2');
    assert.equal(rec.notes, DOC2.slice(0, DOC2.indexOf('said.') + 5));
  });

  it('exports a flat CSV of our fields', async () => {
    const r = await get('/api/events?format=csv&docId=doc1');
    const lines = r.body.trim().split('\r\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0], /^id,doc_id,date,action,event_type/);
  });

  it('exports GeoJSON with [lon, lat] points and null geometry for unlocated events', async () => {
    const r = await get('/api/events?format=geojson&docId=doc1');
    assert.match(String(r.headers['content-type']), /geo\+json/);
    const fc = r.json();
    assert.equal(fc.type, 'FeatureCollection');
    assert.equal(fc.total, 2);
    const byId = Object.fromEntries(fc.features.map((f: { id: string }) => [f.id, f]));
    assert.deepEqual(byId['doc1#e1'].geometry, { type: 'Point', coordinates: [46.04, 40.1] });
    assert.equal(byId['doc1#e1'].properties.place, 'Kalbajar');
    assert.equal(byId['doc1#e2'].geometry, null);
  });

  const badQueries: [string, RegExp][] = [
    ['bbox=1,2,3', /bbox/],
    ['bbox=10,50,5,40', /minLat 50 is above maxLat 40/],
    ['near=46,40,0', /radius must be a positive/],
    ['near=46,95,10', /latitude 95/],
    ['from=2020-13-01', /calendar date|from/],
    ['from=2020-12-31&to=2020-12-01', /after/],
    ['limit=0', /limit/],
    ['limit=many', /limit/],
    ['format=xml', /format/],
    ['modality=maybe', /modality/],
    ['colour=red', /colour/],
  ];
  for (const [qs, re] of badQueries) {
    it(`rejects ?${qs} with 400`, async () => {
      assertProblem(await get(`/api/events?${qs}`), 400, re);
    });
  }

  it('answers 404 for an unknown agreement or provision filter', async () => {
    assertProblem(await get('/api/events?agreement=nope'), 404, /agreement "nope"/);
    assertProblem(await get('/api/events?agreement=test-2020&provision=nope'), 404, /provision/);
  });

  it('gets one event (id with # sent as %23), with its corrections and link verdicts', async () => {
    const r = await get('/api/events/doc1%23e1');
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().event.id, 'doc1#e1');
    assert.deepEqual(r.json().corrections, []);
    assertProblem(await get('/api/events/doc1%23e99'), 404, /event "doc1#e99"/);
  });
});

describe('analyst corrections', () => {
  it('refuses a correction without a token (401) and from a viewer (403), and changes nothing', async () => {
    assertProblem(await send('PATCH', '/api/events/doc2%23e1', { fatalities: 3 }), 401);
    assertProblem(await send('PATCH', '/api/events/doc2%23e1', { fatalities: 3 }, bearer(fx.tokens.viewer)), 403, /analyst/);
    assert.equal((await fx.store.getEvent('doc2#e1'))?.fatalities, 2);
    assert.equal((await fx.store.listAudit({ target: 'event:doc2#e1' })).length, 0);
  });

  it('applies an analyst\'s correction, audits who/when/before/after, and keeps it through re-extraction', async () => {
    const r = await send('PATCH', '/api/events/doc1%23e2', {
      eventType: 'Strategic developments', subEventType: 'Other', date: '2020-11-24',
      place: { name: 'Kalbajar', lat: 40.1, lon: 46.04, gazetteerId: 'adm1:AZ.26' },
    }, bearer(fx.tokens.analyst));
    assert.equal(r.statusCode, 200, r.body);
    const e = r.json();
    assert.equal(e.corrected, true);
    assert.equal(e.eventType, 'Strategic developments');
    assert.equal(e.date, '2020-11-24');
    assert.equal(e.place.name, 'Kalbajar');
    assert.equal(e.place.lat, 40.1);
    const audit = await fx.store.listAudit({ target: 'event:doc1#e2' });
    assert.equal(audit.length, 1);
    assert.equal(audit[0].user, 'ana');
    assert.equal(audit[0].action, 'event.correct');
    assert.deepEqual(audit[0].before, { eventType: null, subEventType: null, date: '2020-11', place: null });
    assert.equal((audit[0].after as { date: string }).date, '2020-11-24');
    assert.ok(Date.parse(audit[0].at) > 0);
    // the audit log is readable and exportable
    const list = (await get('/api/audit?target=event%3Adoc1%23e2')).json();
    assert.equal(list.length, 1);
    const csv = await get('/api/audit?format=csv');
    assert.match(csv.body.split('\r\n')[0], /^id,at,user,action,target,before,after$/);
    assert.match(csv.body, /event\.correct,event:doc1#e2/);
    // re-extraction keeps the correction
    await fx.store.replaceExtraction('doc1', extraction1());
    const again = (await get('/api/events/doc1%23e2')).json();
    assert.equal(again.event.date, '2020-11-24');
    assert.equal(again.event.place.name, 'Kalbajar');
    assert.equal(again.corrections.length, 1);
    // and the filters see the corrected values
    assert.ok((await get('/api/events?from=2020-11-24&to=2020-11-24')).json().items.some((x: { id: string }) => x.id === 'doc1#e2'));
  });

  const badBodies: [string, unknown][] = [
    ['an unknown field', { colour: 'red' }],
    ['an empty body', {}],
    ['a negative fatality count', { fatalities: -1 }],
    ['a bad modality', { modality: 'rumoured' }],
    ['an impossible date', { date: '2020-02-30' }],
    ['a latitude out of range', { place: { name: 'X', lat: 95, lon: 0 } }],
    ['an actor without a name', { actor1: { kind: 'military' } }],
  ];
  for (const [name, body] of badBodies) {
    it(`rejects a correction with ${name} (400)`, async () => {
      assertProblem(await send('PATCH', '/api/events/doc2%23e1', body, bearer(fx.tokens.analyst)), 400);
    });
  }

  it('answers 404 for a correction of an unknown event', async () => {
    assertProblem(await send('PATCH', '/api/events/doc9%23e1', { fatalities: 1 }, bearer(fx.tokens.analyst)), 404);
  });
});

describe('agreements, provisions, links', () => {
  it('lists and gets agreements', async () => {
    const list = (await get('/api/agreements')).json();
    assert.ok(list.some((a: { id: string }) => a.id === 'test-2020'));
    assert.equal((await get('/api/agreements/test-2020')).json().title, 'Test statement');
    assert.equal((await get('/api/agreements/test-2020/provisions')).json().length, 2);
    assertProblem(await get('/api/agreements/nope'), 404);
    assertProblem(await get('/api/agreements/nope/provisions'), 404);
  });

  const mini = { id: 'mini-1', title: 'Mini', signed: '2021-01-01', parties: ['A', 'B'], provisions: [{ id: 'p1', category: 'ceasefire', text: 'Stop firing.', ongoing: true }] };

  it('loads an agreement as an admin only: 201, then 200 unchanged, then 409 for a different one', async () => {
    assertProblem(await send('POST', '/api/agreements', mini), 401);
    assertProblem(await send('POST', '/api/agreements', mini, bearer(fx.tokens.analyst)), 403, /admin/);
    const r = await send('POST', '/api/agreements', mini, bearer(fx.tokens.admin));
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().provisions[0].due, null);
    assert.equal((await send('POST', '/api/agreements', mini, bearer(fx.tokens.admin))).statusCode, 200);
    assertProblem(await send('POST', '/api/agreements', { ...mini, title: 'Other' }, bearer(fx.tokens.admin)), 409);
    assert.equal((await fx.store.listAudit({ target: 'agreement:mini-1' })).length, 1);
  });

  it('loads an agreement sent as YAML', async () => {
    const yaml = 'id: yaml-1\ntitle: From YAML\nsigned: 2020-11-10\nparties: [Azerbaijan, Armenia]\nprovisions:\n'
      + '  - id: agdam\n    category: territorial_transfer\n    text: Agdam is returned by 20 November 2020.\n    obligors: [Armenia]\n'
      + '    action: hand_over\n    object: {name: Agdam}\n    due: 2020-11-20\n';
    const r = await app.inject({ method: 'POST', url: '/api/agreements', payload: yaml, headers: { ...bearer(fx.tokens.admin), 'content-type': 'application/yaml' } });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal((await fx.store.getAgreement('yaml-1'))?.provisions[0].due, '2020-11-20');
    const broken = await app.inject({ method: 'POST', url: '/api/agreements', payload: 'id: [unclosed', headers: { ...bearer(fx.tokens.admin), 'content-type': 'application/yaml' } });
    assertProblem(broken, 400);
  });

  const badAgreements: [string, unknown, RegExp][] = [
    ['no title', { ...mini, id: 'bad-1', title: undefined }, /title/],
    ['a deadline before signature', { ...mini, id: 'bad-2', provisions: [{ id: 'p', category: 'withdrawal', text: 't', due: '2020-12-01' }] }, /before the agreement was signed/],
    ['two provisions with one id', { ...mini, id: 'bad-3', provisions: [mini.provisions[0], mini.provisions[0]] }, /two provisions/],
    ['an unknown category', { ...mini, id: 'bad-4', provisions: [{ id: 'p', category: 'magic', text: 't' }] }, /category/],
    ['a bad id', { ...mini, id: 'has space' }, /id/],
  ];
  for (const [name, body, re] of badAgreements) {
    it(`rejects an agreement with ${name} (400), storing nothing`, async () => {
      assertProblem(await send('POST', '/api/agreements', body, bearer(fx.tokens.admin)), 400, re);
      assert.equal(await fx.store.getAgreement((body as { id: string }).id), null);
    });
  }

  it('replaces an agreement as an admin (PUT), with the body id matching the path', async () => {
    const r = await send('PUT', '/api/agreements/mini-1', { ...mini, title: 'Mini, revised' }, bearer(fx.tokens.admin));
    assert.equal(r.statusCode, 200, r.body);
    assert.equal((await fx.store.getAgreement('mini-1'))?.title, 'Mini, revised');
    assertProblem(await send('PUT', '/api/agreements/mini-1', { ...mini, id: 'other' }, bearer(fx.tokens.admin)), 400, /not the id in the path/);
    assertProblem(await send('PUT', '/api/agreements/none', { ...mini, id: 'none' }, bearer(fx.tokens.admin)), 404);
    assertProblem(await send('PUT', '/api/agreements/mini-1', mini, bearer(fx.tokens.analyst)), 403);
    const audit = await fx.store.listAudit({ target: 'agreement:mini-1' });
    assert.equal(audit.at(-1)?.action, 'agreement.replace');
    assert.equal((audit.at(-1)?.before as { title: string }).title, 'Mini');
  });

  it('lets an analyst edit a provision (audited), not a viewer', async () => {
    assertProblem(await send('PATCH', '/api/agreements/test-2020/provisions/kalbajar', { due: '2020-11-25' }, bearer(fx.tokens.viewer)), 403);
    const r = await send('PATCH', '/api/agreements/test-2020/provisions/kalbajar', { text: 'Kalbajar district is returned by 15 November 2020.' }, bearer(fx.tokens.analyst));
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().text, 'Kalbajar district is returned by 15 November 2020.');
    assert.equal(r.json().due, '2020-11-15');
    const a = await fx.store.getAgreement('test-2020');
    assert.equal(a?.provisions[0].text, 'Kalbajar district is returned by 15 November 2020.');
    const audit = await fx.store.listAudit({ target: 'provision:test-2020/kalbajar' });
    assert.deepEqual(audit.at(-1)?.before, { text: AGREEMENT.provisions[0].text });
    assertProblem(await send('PATCH', '/api/agreements/test-2020/provisions/nope', { text: 'x' }, bearer(fx.tokens.analyst)), 404);
    assertProblem(await send('PATCH', '/api/agreements/test-2020/provisions/kalbajar', { due: '2019-01-01' }, bearer(fx.tokens.analyst)), 400, /before the agreement was signed/);
    assertProblem(await send('PATCH', '/api/agreements/test-2020/provisions/kalbajar', { id: 'renamed' }, bearer(fx.tokens.analyst)), 400);
  });

  it('records an analyst\'s verdict on an event-provision link (audited)', async () => {
    const url = '/api/agreements/test-2020/provisions/kalbajar/links/doc1%23e1';
    assertProblem(await send('PUT', url, { verdict: 'confirmed' }), 401);
    assertProblem(await send('PUT', url, { verdict: 'confirmed' }, bearer(fx.tokens.viewer)), 403);
    const r = await send('PUT', url, { verdict: 'confirmed' }, bearer(fx.tokens.analyst));
    assert.equal(r.statusCode, 200, r.body);
    assert.equal((await send('PUT', url, { verdict: 'rejected' }, bearer(fx.tokens.analyst))).statusCode, 200);
    const v = await fx.store.listLinkVerdicts('test-2020');
    assert.deepEqual(v.map((x) => [x.provisionId, x.eventId, x.verdict, x.user]), [['kalbajar', 'doc1#e1', 'rejected', 'ana']]);
    assert.deepEqual((await get('/api/agreements/test-2020/links')).json().map((x: { verdict: string }) => x.verdict), ['rejected']);
    const audit = await fx.store.listAudit({ target: 'provision:test-2020/kalbajar' });
    assert.deepEqual(audit.slice(-2).map((x) => [x.action, x.before, x.after]), [
      ['link.confirm', null, { eventId: 'doc1#e1', verdict: 'confirmed' }],
      ['link.reject', { eventId: 'doc1#e1', verdict: 'confirmed' }, { eventId: 'doc1#e1', verdict: 'rejected' }],
    ]);
    assert.equal((await get('/api/events/doc1%23e1')).json().links.length, 1);
    assertProblem(await send('PUT', url, { verdict: 'maybe' }, bearer(fx.tokens.analyst)), 400);
    assertProblem(await send('PUT', '/api/agreements/test-2020/provisions/kalbajar/links/doc1%23e77', { verdict: 'confirmed' }, bearer(fx.tokens.analyst)), 404);
    assertProblem(await send('PUT', '/api/agreements/test-2020/provisions/zzz/links/doc1%23e1', { verdict: 'confirmed' }, bearer(fx.tokens.analyst)), 404);
  });
});

describe('compliance and alerts', () => {
  it('gives the status of every provision as of a date (default: today)', async () => {
    const r = (await get('/api/status?asOf=2020-12-31')).json();
    assert.equal(r.asOf, '2020-12-31');
    const k = r.agreements[0].provisions.find((p: { id: string }) => p.id === 'kalbajar');
    assert.equal(k.status, 'fulfilled_late');
    assert.equal(k.daysLate, 10);
    assert.equal((await get('/api/status')).json().asOf, '2020-11-13');
    assert.equal((await get('/api/status?agreement=test-2020&asOf=2020-12-31')).json().agreements.length, 1);
    assertProblem(await get('/api/status?agreement=none'), 404);
    assertProblem(await get('/api/status?asOf=2020-02-30'), 400, /calendar/);
    assertProblem(await get('/api/status?asOf=yesterday'), 400);
  });

  it('lists deadlines coming up and status changes since a date', async () => {
    const r = (await get('/api/alerts?asOf=2020-11-10&dueWithin=7d&changedSince=2020-11-01')).json();
    assert.equal(r.asOf, '2020-11-10');
    assert.deepEqual(r.due.map((d: { id: string; dueIn: number }) => [d.id, d.dueIn]), [['kalbajar', 5]]);
    assert.deepEqual((await get('/api/alerts?asOf=2020-11-10&dueWithin=3d')).json().due, []);
    const c = (await get('/api/alerts?asOf=2020-12-31&changedSince=2020-11-20')).json();
    assert.deepEqual(c.changed.map((x: { provisionId: string; from: string; to: string }) => [x.provisionId, x.from, x.to]).sort(),
      [['ceasefire', 'ongoing', 'violated'], ['kalbajar', 'overdue', 'fulfilled_late']]);
    assertProblem(await get('/api/alerts?dueWithin=week'), 400);
  });

  it('answers 503 when compliance tracking is not available', async () => {
    const bare = await buildServer({ store: fx.store, tracker: null, webRoot: null });
    try {
      assertProblem(await bare.inject({ method: 'GET', url: '/api/status' }), 503, /not available/);
      assertProblem(await bare.inject({ method: 'GET', url: '/api/alerts' }), 503);
      assertProblem(await bare.inject({ method: 'GET', url: '/api/events?agreement=test-2020' }), 503);
    } finally {
      await bare.close();
    }
  });
});

describe('users and the audit log', () => {
  it('lets an admin list and create users; the new token works once shown', async () => {
    assertProblem(await get('/api/users'), 401);
    assertProblem(await get('/api/users', bearer(fx.tokens.analyst)), 403);
    assert.deepEqual((await get('/api/users', bearer(fx.tokens.admin))).json().map((u: { name: string }) => u.name).sort(), ['adam', 'ana', 'vera']);
    const r = await send('POST', '/api/users', { name: 'newbie', role: 'analyst' }, bearer(fx.tokens.admin));
    assert.equal(r.statusCode, 201, r.body);
    const { token } = r.json();
    assert.match(token, /^truce_[A-Za-z0-9_-]{32}$/);
    assert.equal((await get('/api/me', bearer(token))).json().user.role, 'analyst');
    assertProblem(await send('POST', '/api/users', { name: 'newbie', role: 'viewer' }, bearer(fx.tokens.admin)), 409);
    assertProblem(await send('POST', '/api/users', { name: 'x', role: 'god' }, bearer(fx.tokens.admin)), 400);
    assertProblem(await send('POST', '/api/users', { name: 'x', role: 'viewer' }, bearer(fx.tokens.analyst)), 403);
    const a = await fx.store.listAudit({ target: 'user:newbie' });
    assert.deepEqual(a.map((x) => [x.user, x.action, x.after]), [['adam', 'user.add', { role: 'analyst' }]]);
    assert.doesNotMatch(JSON.stringify(a), new RegExp(token));
  });

  it('rejects a bad audit query', async () => {
    assertProblem(await get('/api/audit?limit=0'), 400);
    assertProblem(await get('/api/audit?format=xml'), 400);
  });
});

describe('internal errors', () => {
  it('answers 500 with a generic problem and no internals when the store fails', async () => {
    const broken = new Proxy(fx.store, {
      get(t, k, r) {
        if (k === 'listEvents' || k === 'countEvents') return async () => { throw new Error('SQLITE_CORRUPT: database disk image is malformed at /secret/path.db'); };
        return Reflect.get(t, k, r);
      },
    });
    const b = await buildServer({ store: broken, tracker: fakeTracker, webRoot: null });
    try {
      const p = assertProblem(await b.inject({ method: 'GET', url: '/api/events' }), 500);
      assert.doesNotMatch(JSON.stringify(p), /secret|CORRUPT|malformed/);
    } finally {
      await b.close();
    }
  });
});

describe('dashboard files', () => {
  it('serves the built dashboard at /', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'truce-web-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Truce Monitor dashboard</title>');
    const w = await buildServer({ store: fx.store, tracker: fakeTracker, webRoot: dir });
    try {
      const r = await w.inject({ method: 'GET', url: '/' });
      assert.equal(r.statusCode, 200);
      assert.match(r.body, /Truce Monitor dashboard/);
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assertProblem(await w.inject({ method: 'GET', url: '/nope.js' }), 404);
    } finally {
      await w.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Splits one RFC 4180 CSV line. */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '', q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') q = false; else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}
void DOC2;
