// Agreements as YAML (../shared/DESIGN.md "Agreements as YAML"): parse, validate with zod, and report
// every problem as one line naming the file and the line. Relative deadlines ("within", "after"+"days")
// are resolved to an absolute `due` here, so that the stored agreement is self-contained.
import { LineCounter, parseDocument, stringify, isNode } from 'yaml';
import { z } from 'zod';
import { TruceError, checkDate } from '../model/errors.ts';
import type { ProvisionCategory } from '../model/types.ts';
import { addDays, addDuration, isDay } from './dates.ts';
import type { AgreementAmendment, TrackAgreement, TrackProvision } from './types.ts';

export const CATEGORIES: ProvisionCategory[] = [
  'ceasefire', 'withdrawal', 'territorial_transfer', 'peacekeeping', 'monitoring', 'refugee_return',
  'prisoner_exchange', 'transport', 'other',
];

const date = z.string().refine(isDay, { message: 'not a real date in the form YYYY-MM-DD' });
const slug = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "-" and "_"');

const objectSchema = z.strictObject({
  name: z.string().min(1),
  gazetteerId: z.string().nullish(),
  lat: z.number().min(-90).max(90).nullish(),
  lon: z.number().min(-180).max(180).nullish(),
});

const quantitySchema = z.strictObject({
  value: z.number(),
  unit: z.string().nullish(),
  counts: z.string().nullish(),
});

const provisionSchema = z.strictObject({
  id: slug,
  category: z.enum(CATEGORIES as [ProvisionCategory, ...ProvisionCategory[]]),
  text: z.string().min(1),
  obligors: z.array(z.string().min(1)).default([]),
  action: z.string().regex(/^[a-z][a-z_]*$/, 'an action is a lower-case verb like hand_over, withdraw, deploy'),
  object: objectSchema.nullish(),
  due: date.nullish(),
  within: z.string().regex(/^P\d+[DWMY]$/, 'a duration like P14D, P2W, P6M or P3Y').nullish(),
  after: slug.nullish(),
  days: z.number().int().min(0).nullish(),
  from: date.nullish(),
  ongoing: z.boolean().default(false),
  quantities: z.array(quantitySchema).default([]),
  dueRule: z.string().nullish(),
});

const amendmentSchema = z.strictObject({
  provision: slug,
  due: date,
  source: z.string().nullish(),
  text: z.string().nullish(),
});

const agreementSchema = z.strictObject({
  id: slug,
  title: z.string().min(1),
  signed: date,
  parties: z.array(z.string().min(1)).default([]),
  source: z.string().nullish(),
  provisions: z.array(provisionSchema).min(1, 'an agreement needs at least one provision'),
  amendments: z.array(amendmentSchema).default([]),
});

type Path = (string | number)[];

/** Parses and validates an agreement written as YAML. `file` names the input in error messages. */
export function parseAgreementYaml(src: string, file: string): TrackAgreement {
  const lc = new LineCounter();
  const doc = parseDocument(src, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line ?? lc.linePos(e.pos[0]).line;
    throw new TruceError('BAD_YAML', `${file}:${line}`, `malformed YAML: ${e.message.split('\n')[0]}`);
  }
  const lineOf = (path: Path): number => {
    for (let p = path; ; p = p.slice(0, -1)) {
      const node = p.length ? doc.getIn(p, true) : doc.contents;
      if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
      // an unknown or missing key: point at the key itself when there is one
      if (!p.length) return 1;
    }
  };
  const keyLine = (path: Path, key: string): number => {
    const parent = path.length ? doc.getIn(path, true) : doc.contents;
    const items = (parent as { items?: { key?: unknown }[] } | null)?.items;
    const pair = items?.find((it) => isNode(it.key) && (it.key as { value?: unknown }).value === key);
    const k = pair?.key;
    return isNode(k) && k.range ? lc.linePos(k.range[0]).line : lineOf(path);
  };
  const fail = (line: number, problem: string, code: 'BAD_AGREEMENT' | 'BAD_DATE' = 'BAD_AGREEMENT'): never => {
    throw new TruceError(code, `${file}:${line}`, problem);
  };

  const raw = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(1, 'an agreement file is a YAML mapping (id, title, signed, parties, provisions)');
  const parsed = agreementSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path as Path;
    const where = path.length ? path.join('.') : 'agreement';
    if (issue.code === 'unrecognized_keys') {
      const key = (issue as { keys: string[] }).keys[0];
      fail(keyLine(path, key), `unknown field "${key}" in ${where}`);
    }
    const isDateField = ['due', 'signed', 'from'].includes(String(path[path.length - 1]));
    fail(lineOf(path), `${where}: ${issue.message}`, isDateField ? 'BAD_DATE' : 'BAD_AGREEMENT');
  }
  const a = parsed.data!;
  checkDate(a.signed, `${file}:${lineOf(['signed'])}`);

  const byId = new Map<string, number>();
  a.provisions.forEach((p, i) => {
    if (byId.has(p.id)) fail(lineOf(['provisions', i, 'id']), `duplicate provision id "${p.id}"`);
    byId.set(p.id, i);
  });

  // Resolve deadlines: absolute, within (from signature), after another provision (+ days).
  const due = new Map<string, string | null>();
  const resolving = new Set<string>();
  const resolve = (i: number): string | null => {
    const p = a.provisions[i];
    if (due.has(p.id)) return due.get(p.id)!;
    if (resolving.has(p.id)) fail(lineOf(['provisions', i, 'after']), `provision "${p.id}": deadlines run in a circle`);
    resolving.add(p.id);
    const given = [p.due ? 'due' : null, p.within ? 'within' : null, p.after ? 'after' : null].filter(Boolean);
    if (given.length > 1) fail(lineOf(['provisions', i]), `provision "${p.id}": give only one of due, within, after (got ${given.join(', ')})`);
    if (p.days != null && !p.after) fail(lineOf(['provisions', i, 'days']), `provision "${p.id}": "days" needs "after"`);
    let d: string | null = p.due ?? null;
    if (p.within) d = addDuration(a.signed, p.within);
    if (p.after) {
      const j = byId.get(p.after);
      if (j === undefined) fail(lineOf(['provisions', i, 'after']), `provision "${p.id}": unknown provision reference "${p.after}"`);
      const base = resolve(j!) ?? a.provisions[j!].from ?? null;
      if (!base) fail(lineOf(['provisions', i, 'after']), `provision "${p.id}": "${p.after}" has no date to count from`);
      d = addDays(base!, p.days ?? 0);
    }
    if (d && d < a.signed) {
      fail(lineOf(['provisions', i, p.due ? 'due' : 'id']), `provision "${p.id}": deadline ${d} is before the signature date ${a.signed}`);
    }
    if (p.from && p.from < a.signed && daysBefore(p.from, a.signed) > 31) {
      fail(lineOf(['provisions', i, 'from']), `provision "${p.id}": start ${p.from} is long before the signature date ${a.signed}`);
    }
    resolving.delete(p.id);
    due.set(p.id, d);
    return d;
  };
  a.provisions.forEach((_, i) => resolve(i));

  a.amendments.forEach((m, i) => {
    if (!byId.has(m.provision)) fail(lineOf(['amendments', i, 'provision']), `amendment: unknown provision reference "${m.provision}"`);
    if (m.due < a.signed) fail(lineOf(['amendments', i, 'due']), `amendment of "${m.provision}": deadline ${m.due} is before the signature date ${a.signed}`);
  });

  const provisions: TrackProvision[] = a.provisions.map((p) => {
    const out: TrackProvision = {
      id: p.id,
      agreementId: a.id,
      category: p.category,
      text: p.text,
      obligors: p.obligors,
      action: p.action,
      object: p.object ? { name: p.object.name, gazetteerId: p.object.gazetteerId ?? null, lat: p.object.lat ?? null, lon: p.object.lon ?? null } : null,
      due: due.get(p.id) ?? null,
      ongoing: p.ongoing,
      quantities: p.quantities.map((q) => ({ value: q.value, unit: q.unit ?? null, counts: q.counts ?? null })),
      evidence: null,
    };
    if (p.from) out.from = p.from;
    if (p.within) out.within = p.within;
    if (p.after) { out.after = p.after; out.days = p.days ?? 0; }
    if (p.dueRule) out.dueRule = p.dueRule;
    return out;
  });
  const agreement: TrackAgreement = {
    id: a.id,
    title: a.title,
    signed: a.signed,
    parties: a.parties,
    provisions,
    source: a.source ?? null,
  };
  if (a.amendments.length) {
    agreement.amendments = a.amendments.map((m): AgreementAmendment => ({ provision: m.provision, due: m.due, source: m.source ?? null, text: m.text ?? null }));
  }
  return agreement;
}

function daysBefore(a: string, b: string): number {
  return (Date.parse(b) - Date.parse(a)) / 86_400_000;
}

/** Writes an agreement back as YAML in the documented schema (for review and editing). */
export function agreementToYaml(a: TrackAgreement): string {
  const provisions = a.provisions.map((p) => {
    const o: Record<string, unknown> = {
      id: p.id,
      category: p.category,
      text: p.text,
      obligors: p.obligors,
      action: p.action,
      object: p.object ? dropNulls({ ...p.object }) : null,
    };
    if (p.after) { o.after = p.after; o.days = p.days ?? 0; }
    else if (p.within) o.within = p.within;
    else if (p.due) o.due = p.due;
    if (p.from) o.from = p.from;
    if (p.ongoing) o.ongoing = true;
    if (p.quantities?.length) o.quantities = p.quantities.map((q) => dropNulls({ value: q.value, unit: q.unit, counts: q.counts }));
    if (p.dueRule) o.dueRule = p.dueRule;
    return o;
  });
  const top: Record<string, unknown> = { id: a.id, title: a.title, signed: a.signed, parties: a.parties };
  if (a.source) top.source = a.source;
  top.provisions = provisions;
  if (a.amendments?.length) top.amendments = a.amendments.map((m) => dropNulls({ ...m }));
  return stringify(top, { lineWidth: 0 });
}

function dropNulls<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === null || o[k] === undefined) delete o[k];
  return o;
}
