// The /api routes. Each route has one JSON schema (validation + OpenAPI); writes check the caller's role
// and write an audit entry with the values before and after.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { TruceError, checkDate } from '../model/errors.ts';
import { parseBbox, parseNear } from '../model/geo-filter.ts';
import type { Agreement, ConflictEvent, Place, Provision } from '../model/types.ts';
import type { EventCorrection, EventFilter, Role, StoredEvent } from '../store/store.ts';
import { createUser, isRole } from './auth.ts';
import { toCsv, toGeoJson, csvLine } from './formats.ts';
import { fetchDocument, ingestText } from './ingest.ts';
import { HttpProblem, badRequest, notFound } from './problem.ts';
import {
  agreement as agreementSchema, correctionBody, dateString, errors, eventQuery, provision as provisionSchema, writeSecurity,
} from './schemas.ts';
import type { Ctx } from './server.ts';
import { computeAlerts, trackerUnavailable, type StatusReport } from './track.ts';

type Q = Record<string, string | number | undefined>;

const idParam = (name: string, desc: string) => ({
  type: 'object', properties: { [name]: { type: 'string', minLength: 1, maxLength: 500, description: desc } }, required: [name],
});

const pageQuery = {
  type: 'object',
  properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 }, offset: { type: 'integer', minimum: 0, default: 0 } },
  additionalProperties: false,
};

export async function registerRoutes(api: FastifyInstance, ctx: Ctx): Promise<void> {
  const { store } = ctx;

  // the role a write needs is checked before the body is even read: 401/403 come before any 400 or 413
  api.addHook('onRequest', async (req) => {
    const role = (req.routeOptions.config as { role?: Role } | undefined)?.role;
    if (role) ctx.need(req, role);
  });
  // a write may change compliance: drop the cached status reports
  api.addHook('onResponse', async (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') ctx.statusCache.clear();
  });

  // text/plain bodies for document ingestion: curl --data-binary @report.txt -H 'content-type: text/plain'
  api.addContentTypeParser(['text/plain', 'text/markdown'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
  // agreements as YAML (the schema of `truce agreements load`), parsed by the track module's reader
  api.addContentTypeParser(['application/yaml', 'application/x-yaml', 'text/yaml'], { parseAs: 'string' }, async (_req: unknown, body: string | Buffer) => {
    const spec = '../track/agreement-yaml.ts';
    const mod = (await import(spec).catch(() => null)) as { parseAgreementYaml?: (src: string, file: string) => unknown } | null;
    if (!mod?.parseAgreementYaml) throw new HttpProblem(415, 'Unsupported Media Type', 'YAML agreements need the track module; send JSON');
    return mod.parseAgreementYaml(String(body), 'body');
  });

  api.get('/', { schema: { summary: 'API index', tags: ['documents'] } }, async () => ({
    name: 'Truce Monitor API',
    openapi: '/openapi.json',
    reference: '/api/docs',
    routes: ['/api/documents', '/api/events', '/api/regions', '/api/agreements', '/api/status', '/api/alerts', '/api/audit', '/api/users', '/api/me'],
  }));

  api.get('/health', { schema: { summary: 'liveness and counts', tags: ['documents'] } }, async () => ({
    ok: true, store: store.kind, documents: await store.countDocuments(), events: await store.countEvents(),
    compliance: (await ctx.tracker()) !== null,
  }));

  api.get('/me', {
    schema: {
      summary: 'who the token belongs to (null without a token)', tags: ['users'],
      response: { 200: { type: 'object', properties: { user: { anyOf: [{ $ref: 'User#' }, { type: 'null' }] }, canWrite: { type: 'boolean' } } }, 401: errors(401)[401] },
    },
  }, async (req) => ({ user: ctx.user(req), canWrite: ctx.user(req) !== null && ctx.user(req)!.role !== 'viewer' }));

  // ---- documents ---------------------------------------------------------------------------------

  api.get('/documents', {
    schema: {
      summary: 'stored documents, newest first', tags: ['documents'], querystring: pageQuery,
      response: { 200: { type: 'object', properties: { total: { type: 'integer' }, items: { type: 'array', items: { $ref: 'DocumentSummary#' } } } }, ...errors(400) },
    },
  }, async (req) => {
    const q = req.query as { limit: number; offset: number };
    return { total: await store.countDocuments(), items: await store.listDocuments({ limit: q.limit, offset: q.offset }) };
  });

  api.post('/documents', {
    config: { role: 'analyst' },
    bodyLimit: ctx.opts.maxDocumentBytes ?? 5 * 1024 * 1024,
    preValidation: async (req) => {
      if (typeof req.body === 'string') {
        const q = req.query as Q;
        req.body = { text: req.body, ...(q.date ? { dct: String(q.date) } : {}), ...(q.title ? { title: String(q.title) } : {}) };
      }
    },
    schema: {
      summary: 'ingest a report (text or URL): extract its events and store it (analyst)', tags: ['documents'], security: writeSecurity,
      description: 'JSON `{text | url, dct?, title?, source?, id?}`, or the raw text as text/plain with `?date=YYYY-MM-DD&title=...`. '
        + 'The same text stored before is answered with 200 and `duplicateOf`.',
      querystring: { type: 'object', properties: { date: dateString, title: { type: 'string' } }, additionalProperties: false },
      body: {
        type: 'object',
        properties: {
          text: { type: 'string', maxLength: 5_000_000 },
          url: { type: 'string', maxLength: 2000 },
          dct: { anyOf: [dateString, { type: 'null' }], description: 'publication date; inferred when missing' },
          title: { type: ['string', 'null'], maxLength: 1000 },
          source: { type: ['string', 'null'], maxLength: 300 },
          id: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^\\s#/?]+$' },
        },
        oneOf: [{ required: ['text'] }, { required: ['url'] }],
        additionalProperties: false,
      },
      response: {
        201: { type: 'object', properties: { id: { type: 'string' }, duplicateOf: { type: 'null' }, events: { type: 'integer' }, dct: { type: ['string', 'null'] }, dctInferred: { type: 'boolean' } } },
        200: { type: 'object', description: 'already stored', properties: { id: { type: 'string' }, duplicateOf: { type: 'string' } } },
        ...errors(400, 401, 403, 409, 413, 415, 502),
      },
    },
  }, async (req, reply) => {
    const u = ctx.need(req, 'analyst');
    const b = req.body as { text?: string; url?: string; dct?: string | null; title?: string | null; source?: string | null; id?: string };
    let text = b.text;
    let title = b.title ?? null;
    let dct = b.dct ?? null;
    if (b.url !== undefined) {
      if (ctx.opts.allowUrlIngest === false) throw new HttpProblem(403, 'Forbidden', 'URL ingestion is disabled on this server');
      const page = await fetchDocument(b.url);
      text = page.text;
      title ??= page.title;
      dct ??= page.dct;
    }
    const r = await ingestText(store, { text: text ?? '', dct, title, source: b.source ?? null, url: b.url ?? null, id: b.id });
    if (r.duplicateOf) return reply.code(200).send(r);
    await store.audit({ user: u.name, action: 'document.ingest', target: `document:${r.id}`, before: null, after: { title, url: b.url ?? null, events: r.events } });
    return reply.code(201).header('Location', `/api/documents/${encodeURIComponent(r.id)}`).send(r);
  });

  api.get('/documents/:id', {
    schema: {
      summary: 'one document with its text, extraction (annotations with offsets), events and its other sources (duplicates)', tags: ['documents'],
      params: idParam('id', 'document id'),
      response: { 200: { type: 'object', additionalProperties: true }, ...errors(404) },
    },
  }, async (req) => {
    const { id } = req.params as { id: string };
    const d = await store.getDocument(id);
    if (!d) throw notFound('document', id);
    const [events, sources] = await Promise.all([store.listEvents({ docId: id }), store.listDocumentSources(id)]);
    return { ...d, events, sources };
  });

  // ---- events ------------------------------------------------------------------------------------

  api.get('/events', {
    schema: {
      summary: 'events, filtered (filters combine with AND), paged; JSON, CSV (flat or ACLED layout) or GeoJSON', tags: ['events'],
      querystring: eventQuery,
      response: {
        200: {
          description: 'format=json: `{total, limit, offset, items}`; geojson: a FeatureCollection with `total`; csv/acled: text/csv',
          type: 'object', properties: { total: { type: 'integer' }, limit: { type: 'integer' }, offset: { type: 'integer' }, items: { type: 'array', items: { $ref: 'Event#' } } },
        },
        ...errors(400, 404, 503),
      },
    },
  }, async (req, reply) => {
    const q = req.query as Q & { limit: number; offset: number; format: string };
    const filter = toFilter(q);
    let items: StoredEvent[];
    let total: number;
    if (q.agreement || q.provision) {
      const ids = await linkedEventIds(ctx, String(q.agreement ?? ''), String(q.provision ?? ''), q.asOf ? String(q.asOf) : undefined);
      const all = (await store.listEvents({ ...filter, limit: undefined, offset: undefined })).filter((e) => ids.has(e.id));
      total = all.length;
      items = all.slice(q.offset, q.offset + q.limit);
    } else {
      [items, total] = await Promise.all([store.listEvents({ ...filter, limit: q.limit, offset: q.offset }), store.countEvents(filter)]);
    }
    reply.header('X-Total-Count', String(total));
    if (q.format === 'csv' || q.format === 'acled') {
      return reply.type('text/csv; charset=utf-8')
        .header('Content-Disposition', `inline; filename="events${q.format === 'acled' ? '-acled' : ''}.csv"`)
        .send(toCsv(items, q.format === 'acled' ? 'acled' : 'flat'));
    }
    if (q.format === 'geojson') return reply.type('application/geo+json').send(toGeoJson(items, total));
    return { total, limit: q.limit, offset: q.offset, items };
  });

  api.get('/events/:id', {
    schema: {
      summary: 'one event with its corrections and link verdicts (the id contains "#": send it as %23)', tags: ['events'],
      params: idParam('id', 'docId#eventId'),
      response: { 200: { type: 'object', properties: { event: { $ref: 'Event#' }, corrections: { type: 'array' }, links: { type: 'array' } } }, ...errors(404) },
    },
  }, async (req) => {
    const { id } = req.params as { id: string };
    const event = await store.getEvent(id);
    if (!event) throw notFound('event', id);
    const links = (await store.listLinkVerdicts()).filter((v) => v.eventId === id);
    return { event, corrections: await store.listCorrections(id), links };
  });

  api.patch('/events/:id', {
    config: { role: 'analyst' },
    schema: {
      summary: 'correct an event\'s fields (analyst); the correction survives re-extraction and is audited', tags: ['events'],
      security: writeSecurity, params: idParam('id', 'docId#eventId'), body: correctionBody,
      response: { 200: { $ref: 'Event#' }, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => {
    const u = ctx.need(req, 'analyst');
    const { id } = req.params as { id: string };
    const ev = await store.getEvent(id);
    if (!ev) throw notFound('event', id);
    const body = req.body as Record<string, unknown>;
    const fields: EventCorrection['fields'] = {};
    const before: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(body)) {
      const key = k as keyof EventCorrection['fields'];
      before[k] = ev[key] ?? null;
      if (key === 'place') (fields as Record<string, unknown>).place = v === null ? null : correctedPlace(ev, v as Partial<Place> & { name: string });
      else (fields as Record<string, unknown>)[k] = v;
    }
    if (typeof fields.date === 'string' && fields.date.length === 10) checkDate(fields.date, 'date');
    await store.correctEvent({ eventId: id, fields, user: u.name, at: new Date().toISOString() });
    await store.audit({ user: u.name, action: 'event.correct', target: `event:${id}`, before, after: fields });
    return (await store.getEvent(id))!;
  });

  // ---- agreements and provisions -------------------------------------------------------------------

  api.get('/agreements', {
    schema: {
      summary: 'agreements with their provisions', tags: ['agreements'],
      response: { 200: { type: 'array', items: { $ref: 'Agreement#' } } },
    },
  }, async () => store.listAgreements());

  api.post('/agreements', {
    config: { role: 'admin' },
    schema: {
      summary: 'load an agreement (admin): 201 inserted, 200 when an identical one is already stored, 409 when a different one has the id',
      tags: ['agreements'], security: writeSecurity, body: { $ref: 'Agreement#' },
      response: { 201: { $ref: 'Agreement#' }, 200: { $ref: 'Agreement#' }, ...errors(400, 401, 403, 409) },
    },
  }, async (req, reply) => {
    const u = ctx.need(req, 'admin');
    const a = normaliseAgreement(req.body as Agreement);
    const r = await store.putAgreement(a);
    if (r === 'unchanged') return reply.code(200).send(a);
    await store.audit({ user: u.name, action: 'agreement.load', target: `agreement:${a.id}`, before: null, after: a });
    return reply.code(201).header('Location', `/api/agreements/${encodeURIComponent(a.id)}`).send(a);
  });

  api.get('/agreements/:id', {
    schema: { summary: 'one agreement', tags: ['agreements'], params: idParam('id', 'agreement id'), response: { 200: { $ref: 'Agreement#' }, ...errors(404) } },
  }, async (req) => {
    const { id } = req.params as { id: string };
    const a = await store.getAgreement(id);
    if (!a) throw notFound('agreement', id);
    return a;
  });

  api.put('/agreements/:id', {
    config: { role: 'admin' },
    schema: {
      summary: 'replace an agreement (admin)', tags: ['agreements'], security: writeSecurity,
      params: idParam('id', 'agreement id'), body: { $ref: 'Agreement#' },
      response: { 200: { $ref: 'Agreement#' }, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => {
    const u = ctx.need(req, 'admin');
    const { id } = req.params as { id: string };
    const old = await store.getAgreement(id);
    if (!old) throw notFound('agreement', id);
    const a = normaliseAgreement(req.body as Agreement);
    if (a.id !== id) throw badRequest(`the body's id "${a.id}" is not the id in the path "${id}"`);
    await store.replaceAgreement(a);
    await store.audit({ user: u.name, action: 'agreement.replace', target: `agreement:${id}`, before: old, after: a });
    return a;
  });

  api.get('/agreements/:id/provisions', {
    schema: { summary: 'the provisions of an agreement', tags: ['agreements'], params: idParam('id', 'agreement id'), response: { 200: { type: 'array', items: { $ref: 'Provision#' } }, ...errors(404) } },
  }, async (req) => {
    const { id } = req.params as { id: string };
    const a = await store.getAgreement(id);
    if (!a) throw notFound('agreement', id);
    return a.provisions;
  });

  api.patch('/agreements/:id/provisions/:pid', {
    config: { role: 'analyst' },
    schema: {
      summary: 'edit a provision (analyst): text, category, obligors, action, object, due, ongoing', tags: ['agreements'], security: writeSecurity,
      params: { type: 'object', properties: { id: { type: 'string' }, pid: { type: 'string' } }, required: ['id', 'pid'] },
      body: {
        type: 'object',
        properties: {
          text: provisionSchema.properties.text, category: provisionSchema.properties.category, obligors: provisionSchema.properties.obligors,
          action: { type: 'string', minLength: 1, maxLength: 100 }, object: provisionSchema.properties.object, due: provisionSchema.properties.due,
          ongoing: { type: 'boolean' },
        },
        additionalProperties: false, minProperties: 1,
      },
      response: { 200: { $ref: 'Provision#' }, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => {
    const u = ctx.need(req, 'analyst');
    const { id, pid } = req.params as { id: string; pid: string };
    const a = await store.getAgreement(id);
    if (!a) throw notFound('agreement', id);
    const i = a.provisions.findIndex((p) => p.id === pid);
    if (i < 0) throw notFound('provision', `${id}/${pid}`);
    const changes = req.body as Partial<Provision>;
    if (changes.due) {
      checkDate(changes.due, 'due');
      if (changes.due < a.signed) throw badRequest(`due ${changes.due} is before the agreement was signed (${a.signed})`);
    }
    const old = a.provisions[i];
    const before: Record<string, unknown> = {};
    for (const k of Object.keys(changes)) before[k] = (old as unknown as Record<string, unknown>)[k] ?? null;
    const next: Provision = { ...old, ...changes };
    const updated: Agreement = { ...a, provisions: a.provisions.map((p, j) => (j === i ? next : p)) };
    await store.replaceAgreement(updated);
    await store.audit({ user: u.name, action: 'provision.edit', target: `provision:${id}/${pid}`, before, after: changes });
    return next;
  });

  api.get('/agreements/:id/links', {
    schema: { summary: 'analysts\' verdicts on event-provision links of an agreement', tags: ['agreements'], params: idParam('id', 'agreement id'), response: { 200: { type: 'array' }, ...errors(404) } },
  }, async (req) => {
    const { id } = req.params as { id: string };
    if (!(await store.getAgreement(id))) throw notFound('agreement', id);
    return store.listLinkVerdicts(id);
  });

  api.put('/agreements/:id/provisions/:pid/links/:eventId', {
    config: { role: 'analyst' },
    schema: {
      summary: 'confirm or reject an event-provision link (analyst)', tags: ['agreements'], security: writeSecurity,
      params: { type: 'object', properties: { id: { type: 'string' }, pid: { type: 'string' }, eventId: { type: 'string', description: 'docId#eventId (send # as %23)' } }, required: ['id', 'pid', 'eventId'] },
      body: { type: 'object', properties: { verdict: { type: 'string', enum: ['confirmed', 'rejected'] } }, required: ['verdict'], additionalProperties: false },
      response: { 200: { type: 'object', additionalProperties: true }, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => {
    const u = ctx.need(req, 'analyst');
    const { id, pid, eventId } = req.params as { id: string; pid: string; eventId: string };
    const a = await store.getAgreement(id);
    if (!a) throw notFound('agreement', id);
    if (!a.provisions.some((p) => p.id === pid)) throw notFound('provision', `${id}/${pid}`);
    if (!(await store.getEvent(eventId))) throw notFound('event', eventId);
    const { verdict } = req.body as { verdict: 'confirmed' | 'rejected' };
    const prev = (await store.listLinkVerdicts(id)).find((v) => v.provisionId === pid && v.eventId === eventId);
    const v = { agreementId: id, provisionId: pid, eventId, verdict, user: u.name, at: new Date().toISOString() };
    await store.setLinkVerdict(v);
    await store.audit({ user: u.name, action: `link.${verdict === 'confirmed' ? 'confirm' : 'reject'}`, target: `provision:${id}/${pid}`, before: prev ? { eventId, verdict: prev.verdict } : null, after: { eventId, verdict } });
    return v;
  });

  // ---- compliance ----------------------------------------------------------------------------------

  api.get('/status', {
    schema: {
      summary: 'compliance of every provision as of a date (the JSON of `truce status --json`)', tags: ['compliance'],
      querystring: { type: 'object', properties: { asOf: dateString, agreement: { type: 'string' } }, additionalProperties: false },
      response: { 200: { type: 'object', properties: { asOf: { type: 'string' }, agreements: { type: 'array' } }, additionalProperties: true }, ...errors(400, 404, 503) },
    },
  }, async (req) => {
    const q = req.query as { asOf?: string; agreement?: string };
    if (q.agreement && !(await store.getAgreement(q.agreement))) throw notFound('agreement', q.agreement);
    return status(ctx, q.asOf, q.agreement);
  });

  api.get('/alerts', {
    schema: {
      summary: 'deadlines coming up and status changes since a date', tags: ['compliance'],
      querystring: {
        type: 'object',
        properties: {
          asOf: dateString,
          dueWithin: { type: 'string', pattern: '^\\d{1,4}d$', default: '7d', description: 'e.g. 7d' },
          changedSince: dateString,
        },
        additionalProperties: false,
      },
      response: { 200: { type: 'object', properties: { asOf: { type: 'string' }, due: { type: 'array' }, changed: { type: 'array' } } }, ...errors(400, 503) },
    },
  }, async (req) => {
    const q = req.query as { asOf?: string; dueWithin: string; changedSince?: string };
    const t = await ctx.tracker();
    if (!t) throw trackerUnavailable();
    const asOf = q.asOf ? checkDate(q.asOf, 'asOf') : ctx.today();
    if (q.changedSince) checkDate(q.changedSince, 'changedSince');
    return computeAlerts(t, store, { asOf, dueWithinDays: parseInt(q.dueWithin, 10), changedSince: q.changedSince });
  });

  api.get('/regions', {
    schema: {
      summary: 'disputed regions as GeoJSON polygons (approximate extents: centre and radius from the curated gazetteer supplement)',
      tags: ['events'], response: { 200: { type: 'object', properties: { type: { type: 'string' }, features: { type: 'array' } } } },
    },
  }, async (_req, reply) => reply.type('application/geo+json').send(await disputedRegions()));

  // ---- audit and users -------------------------------------------------------------------------------

  api.get('/audit', {
    schema: {
      summary: 'the append-only audit log (who, when, what, before, after); format=csv exports it', tags: ['audit'],
      querystring: {
        type: 'object',
        properties: { target: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 100000, default: 1000 }, format: { type: 'string', enum: ['json', 'csv'], default: 'json' } },
        additionalProperties: false,
      },
      response: { 200: { type: 'array', items: { $ref: 'AuditEntry#' } }, ...errors(400) },
    },
  }, async (req, reply) => {
    const q = req.query as { target?: string; limit: number; format: string };
    const rows = await store.listAudit({ target: q.target, limit: q.limit });
    if (q.format === 'csv') {
      const out = [csvLine(['id', 'at', 'user', 'action', 'target', 'before', 'after'])];
      for (const r of rows) out.push(csvLine([r.id, r.at, r.user, r.action, r.target, JSON.stringify(r.before), JSON.stringify(r.after)]));
      return reply.type('text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="audit.csv"').send(out.join(''));
    }
    return rows;
  });

  api.get('/users', {
    config: { role: 'admin' },
    schema: { summary: 'users and roles (admin)', tags: ['users'], security: writeSecurity, response: { 200: { type: 'array', items: { $ref: 'User#' } }, ...errors(401, 403) } },
  }, async (req) => {
    ctx.need(req, 'admin');
    return store.listUsers();
  });

  api.post('/users', {
    config: { role: 'admin' },
    schema: {
      summary: 'create a user (admin); the token is in this response only', tags: ['users'], security: writeSecurity,
      body: {
        type: 'object',
        properties: { name: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._@-]+$' }, role: { type: 'string', enum: ['viewer', 'analyst', 'admin'] } },
        required: ['name', 'role'], additionalProperties: false,
      },
      response: { 201: { type: 'object', properties: { name: { type: 'string' }, role: { type: 'string' }, token: { type: 'string' } } }, ...errors(400, 401, 403, 409) },
    },
  }, async (req, reply) => {
    const u = ctx.need(req, 'admin');
    const { name, role } = req.body as { name: string; role: string };
    if (!isRole(role)) throw badRequest(`"${role}" is not a role`);
    const token = await createUser(store, name, role as Role);
    await store.audit({ user: u.name, action: 'user.add', target: `user:${name}`, before: null, after: { role } });
    return reply.code(201).send({ name, role, token });
  });
}

let regionsCache: Promise<unknown> | null = null;

/** Curated disputed regions (src/resources/places/supplement.json) as 64-gon approximations of their extent. */
function disputedRegions(): Promise<unknown> {
  regionsCache ??= (async () => {
    const features: unknown[] = [];
    try {
      const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../resources/places/supplement.json');
      const data = JSON.parse(await readFile(file, 'utf8')) as { entries?: { id: string; name: string; featureType: string; lat: number; lon: number; radiusKm?: number | null }[] };
      for (const e of data.entries ?? []) {
        if (e.featureType !== 'disputed region' || !e.radiusKm || !Number.isFinite(e.lat) || !Number.isFinite(e.lon)) continue;
        const ring: [number, number][] = [];
        for (let i = 0; i <= 64; i++) {
          const a = (i / 64) * 2 * Math.PI;
          const dLat = (e.radiusKm / 111.32) * Math.sin(a);
          const dLon = (e.radiusKm / (111.32 * Math.cos((e.lat * Math.PI) / 180))) * Math.cos(a);
          ring.push([+(e.lon + dLon).toFixed(4), +(e.lat + dLat).toFixed(4)]);
        }
        features.push({ type: 'Feature', id: e.id, geometry: { type: 'Polygon', coordinates: [ring] }, properties: { id: e.id, name: e.name, radiusKm: e.radiusKm, approximate: true } });
      }
    } catch { /* no supplement: no regions */ }
    return { type: 'FeatureCollection', features };
  })();
  return regionsCache;
}

// ---- helpers -----------------------------------------------------------------------------------------

function toFilter(q: Q): EventFilter {
  const f: EventFilter = {};
  const s = (k: string) => (q[k] === undefined || q[k] === '' ? undefined : String(q[k]));
  f.eventType = s('type');
  f.subEventType = s('subType');
  f.action = s('action');
  f.actor = s('actor');
  f.place = s('place');
  f.modality = s('modality');
  f.q = s('q');
  f.docId = s('docId');
  if (s('from')) f.from = checkDate(s('from')!, 'from');
  if (s('to')) f.to = checkDate(s('to')!, 'to');
  if (f.from && f.to && f.from > f.to) throw badRequest(`from ${f.from} is after to ${f.to}`);
  if (s('bbox')) {
    const b = parseBbox(s('bbox')!);
    if (typeof b === 'string') throw badRequest(`bbox ${b}`);
    f.bbox = b;
  }
  if (s('near')) {
    const n = parseNear(s('near')!);
    if (typeof n === 'string') throw badRequest(`near ${n}`);
    f.near = n;
  }
  for (const k of Object.keys(f) as (keyof EventFilter)[]) if (f[k] === undefined) delete f[k];
  return f;
}

const STATUS_TTL_MS = 5000;

/** The tracker's report, shared by concurrent requests and kept while the store is unchanged (or, for a
 * store that cannot tell, a few seconds): it reads every event. Any write through the API drops it at once. */
async function status(ctx: Ctx, asOf?: string, agreementId?: string): Promise<StatusReport> {
  const t = await ctx.tracker();
  if (!t) throw trackerUnavailable();
  const day = asOf ? checkDate(asOf, 'asOf') : ctx.today();
  const key = `${day}|${agreementId ?? ''}`;
  const now = Date.now();
  const version = ctx.store.dataVersion ? await ctx.store.dataVersion() : null;
  const hit = ctx.statusCache.get(key);
  // a store that reports its version keeps the report until anything is committed (by any process);
  // otherwise the report lives a few seconds
  if (hit && (version !== null ? hit.version === version : now - hit.at < STATUS_TTL_MS)) return hit.report;
  const report = t.statusReport(ctx.store, { asOf: day, ...(agreementId ? { agreementId } : {}) });
  ctx.statusCache.set(key, { at: now, version, report });
  report.catch(() => ctx.statusCache.delete(key));
  return report;
}

/** The ids of the events linked to a provision (or to any provision of an agreement), from the tracker. */
async function linkedEventIds(ctx: Ctx, agreement: string, provision: string, asOf?: string): Promise<Set<string>> {
  const r = await status(ctx, asOf);
  const ags = agreement ? r.agreements.filter((a) => a.id === agreement) : r.agreements;
  if (agreement && !ags.length) throw notFound('agreement', agreement);
  const ids = new Set<string>();
  let found = !provision;
  for (const a of ags) {
    for (const p of a.provisions) {
      if (provision && p.id !== provision) continue;
      found = true;
      for (const e of p.events ?? []) ids.add(e);
    }
  }
  if (!found) throw notFound('provision', agreement ? `${agreement}/${provision}` : provision);
  return ids;
}

/** A corrected place keeps the mention's offsets (evidence) and takes the analyst's name and coordinates. */
function correctedPlace(ev: ConflictEvent, v: Partial<Place> & { name: string }): Place {
  const base: Place = ev.place ?? {
    start: ev.evidence.start, end: ev.evidence.start, text: '', name: v.name, gazetteerId: null, featureType: 'other',
    countryCode: null, lat: null, lon: null, confidence: 1,
  };
  return {
    ...base,
    name: v.name,
    gazetteerId: v.gazetteerId ?? null,
    countryCode: v.countryCode ?? (v.gazetteerId === undefined ? base.countryCode : null),
    featureType: v.featureType ?? base.featureType,
    admin1: v.admin1 ?? null,
    lat: v.lat ?? null,
    lon: v.lon ?? null,
    confidence: 1,
    candidates: undefined,
  };
}

/** Fills a posted agreement's optional provision fields and checks what the schema cannot. */
function normaliseAgreement(a: Agreement): Agreement {
  checkDate(a.signed, 'signed');
  const seen = new Set<string>();
  const provisions = a.provisions.map((p) => {
    if (seen.has(p.id)) throw new TruceError('BAD_AGREEMENT', `${a.id}/${p.id}`, 'two provisions have this id');
    seen.add(p.id);
    if (p.due) {
      checkDate(p.due, `${a.id}/${p.id} due`);
      if (p.due < a.signed) throw new TruceError('BAD_AGREEMENT', `${a.id}/${p.id}`, `due ${p.due} is before the agreement was signed (${a.signed})`);
    }
    return {
      ...p,
      agreementId: a.id,
      obligors: p.obligors ?? [],
      action: p.action ?? 'other',
      object: p.object ?? null,
      due: p.due ?? null,
      ongoing: p.ongoing ?? false,
      quantities: p.quantities ?? [],
      evidence: p.evidence ?? null,
    };
  });
  return { ...a, parties: a.parties ?? [], provisions };
}

export type { FastifyReply };
