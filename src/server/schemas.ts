// JSON schemas of the API: one per route; they drive validation, the OpenAPI document and the tests.
// Response schemas document the shapes (responses are serialised with JSON.stringify, so a field the
// store adds later is never silently dropped).

const nullable = (t: string | string[]) => ({ type: ([] as string[]).concat(t, 'null') });
export const dateString = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' } as const;

export const problem = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details (served as application/problem+json)',
  properties: {
    type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' },
    instance: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
  },
  required: ['type', 'title', 'status'],
} as const;

const span = { type: 'object', properties: { start: { type: 'integer' }, end: { type: 'integer' } }, required: ['start', 'end'] };
const eventActor = {
  type: ['object', 'null'],
  properties: { name: { type: 'string' }, kind: { type: 'string' }, countryCode: nullable('string') },
  required: ['name', 'kind'],
  additionalProperties: false,
};
const place = {
  type: ['object', 'null'],
  properties: {
    name: { type: 'string' }, gazetteerId: nullable('string'), featureType: { type: 'string' },
    countryCode: nullable('string'), admin1: nullable('string'), lat: nullable('number'), lon: nullable('number'),
  },
};

export const event = {
  $id: 'Event',
  type: 'object',
  properties: {
    id: { type: 'string', description: 'store-wide id: docId#eventId' },
    docId: { type: 'string' },
    action: { type: 'string' },
    eventType: nullable('string'),
    subEventType: nullable('string'),
    actor1: eventActor,
    actor2: eventActor,
    place,
    date: nullable('string'),
    modality: { type: 'string' },
    fatalities: nullable('integer'),
    attribution: { type: ['object', 'null'], properties: { source: { type: 'string' }, via: nullable('string') } },
    evidence: span,
    mentions: { type: 'array', items: span },
    evidenceText: { type: 'string' },
    corrected: { type: 'boolean' },
  },
  additionalProperties: true,
} as const;

export const documentSummary = {
  $id: 'DocumentSummary',
  type: 'object',
  properties: {
    id: { type: 'string' }, title: nullable('string'), url: nullable('string'), source: nullable('string'),
    dct: nullable('string'), dctInferred: { type: 'boolean' }, ingestedAt: { type: 'string' },
    events: { type: 'integer' }, chars: { type: 'integer' },
  },
} as const;

export const provision = {
  $id: 'Provision',
  type: 'object',
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 200 },
    agreementId: nullable('string'),
    category: {
      type: 'string',
      enum: ['ceasefire', 'withdrawal', 'territorial_transfer', 'peacekeeping', 'monitoring', 'refugee_return', 'prisoner_exchange', 'transport', 'other'],
    },
    text: { type: 'string', maxLength: 20000 },
    obligors: { type: 'array', items: { type: 'string' } },
    action: { type: 'string' },
    object: {
      type: ['object', 'null'],
      properties: { name: { type: 'string' }, gazetteerId: nullable('string'), lat: nullable('number'), lon: nullable('number') },
      required: ['name'],
    },
    due: { anyOf: [dateString, { type: 'null' }] },
    ongoing: { type: 'boolean' },
    quantities: { type: 'array', items: { type: 'object' } },
    evidence: { type: ['object', 'null'] },
  },
  required: ['id', 'category', 'text'],
  additionalProperties: true,
} as const;

export const agreement = {
  $id: 'Agreement',
  type: 'object',
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._-]+$' },
    title: { type: 'string', minLength: 1, maxLength: 1000 },
    signed: dateString,
    parties: { type: 'array', items: { type: 'string' } },
    provisions: { type: 'array', items: { $ref: 'Provision#' }, maxItems: 2000 },
    source: nullable('string'),
  },
  required: ['id', 'title', 'signed', 'provisions'],
  additionalProperties: true,
} as const;

export const user = {
  $id: 'User',
  type: 'object',
  properties: { name: { type: 'string' }, role: { type: 'string', enum: ['viewer', 'analyst', 'admin'] }, createdAt: { type: 'string' } },
} as const;

export const auditEntry = {
  $id: 'AuditEntry',
  type: 'object',
  properties: {
    id: { type: 'integer' }, at: { type: 'string' }, user: { type: 'string' }, action: { type: 'string' },
    target: { type: 'string' }, before: {}, after: {},
  },
} as const;

export const sharedSchemas = [problem, event, documentSummary, provision, agreement, user, auditEntry];

/** Error responses a route can give, all problem details. */
export function errors(...codes: number[]): Record<number, unknown> {
  const out: Record<number, unknown> = {};
  for (const c of codes) out[c] = { $ref: 'Problem#', description: 'problem details' };
  return out;
}

export const writeSecurity = [{ bearer: [] }];

export const eventQuery = {
  type: 'object',
  properties: {
    type: { type: 'string', description: 'ACLED event type, e.g. Battles' },
    subType: { type: 'string', description: 'ACLED sub-event type' },
    action: { type: 'string', description: 'our action: hand_over, enter, withdraw, shell, ...' },
    actor: { type: 'string', description: 'actor name contains' },
    place: { type: 'string', description: 'place name contains, or gazetteer id' },
    bbox: { type: 'string', pattern: '^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$', description: 'minLon,minLat,maxLon,maxLat (minLon > maxLon crosses the antimeridian)' },
    near: { type: 'string', pattern: '^-?[0-9.]+,-?[0-9.]+,[0-9.]+$', description: 'lon,lat,km: events placed within km kilometres of the point' },
    from: { ...dateString, description: 'event date on or after (YYYY-MM-DD)' },
    to: { ...dateString, description: 'event date on or before (YYYY-MM-DD)' },
    agreement: { type: 'string', description: 'events linked to a provision of this agreement' },
    provision: { type: 'string', description: 'events linked to this provision (with agreement, or any agreement)' },
    asOf: { ...dateString, description: 'the date the links are computed as of (default: today)' },
    modality: { type: 'string', enum: ['asserted', 'planned', 'obligated', 'denied', 'disputed', 'hypothetical'] },
    q: { type: 'string', maxLength: 500, description: 'full-text search in the evidence' },
    docId: { type: 'string', description: 'events of one document' },
    limit: { type: 'integer', minimum: 1, maximum: 50000, default: 100 },
    offset: { type: 'integer', minimum: 0, default: 0 },
    format: { type: 'string', enum: ['json', 'csv', 'acled', 'geojson'], default: 'json', description: 'csv is our flat layout, acled ACLED\'s column layout' },
  },
  additionalProperties: false,
} as const;

export const correctionBody = {
  type: 'object',
  description: 'the fields to correct; each replaces the extracted value (null clears it)',
  properties: {
    eventType: nullable('string'),
    subEventType: nullable('string'),
    date: { anyOf: [{ type: 'string', pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$' }, { type: 'null' }] },
    action: { type: 'string', minLength: 1, maxLength: 100 },
    modality: { type: 'string', enum: ['asserted', 'planned', 'obligated', 'denied', 'disputed', 'hypothetical'] },
    fatalities: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }] },
    actor1: eventActor,
    actor2: eventActor,
    place: {
      type: ['object', 'null'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 300 }, gazetteerId: nullable('string'), countryCode: nullable('string'),
        featureType: { type: 'string' }, admin1: nullable('string'),
        lat: { anyOf: [{ type: 'number', minimum: -90, maximum: 90 }, { type: 'null' }] },
        lon: { anyOf: [{ type: 'number', minimum: -180, maximum: 180 }, { type: 'null' }] },
      },
      required: ['name'],
      additionalProperties: false,
    },
  },
  additionalProperties: false,
  minProperties: 1,
} as const;
