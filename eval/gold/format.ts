// The hand-written event gold set (eval/gold/reports.jsonl): its types, loader and validator.
// Format documented in eval/gold/README.md. Used by eval/events-gold.ts and test/gold-format.test.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type GoldModality = 'asserted' | 'planned' | 'obligated' | 'denied' | 'disputed' | 'hypothetical';
export const MODALITIES: readonly GoldModality[] = ['asserted', 'planned', 'obligated', 'denied', 'disputed', 'hypothetical'];

export interface GoldPlace {
  name: string;
  lat: number;
  lon: number;
}

export interface GoldEvent {
  /** Exact substring of the report text (the sentence or clause that tells the event); must occur once. */
  evidence: string;
  action: string;
  eventType: string | null;
  subEventType: string | null;
  actor1: string | null;
  actor2: string | null;
  place: GoldPlace | null;
  /** YYYY-MM-DD, or a coarser TIMEX3 value (YYYY-MM, YYYY-Www, YYYY), optionally with a TIMEX time suffix (TNI, TMO...). */
  date: string;
  fatalities: number | null;
  modality: GoldModality;
}

/** A span of the text that must NOT yield an event (statement, history, a cumulative toll...). */
export interface GoldNonEvent {
  evidence: string;
  why: string;
}

export interface GoldReport {
  id: string;
  /** Publication date (the DCT), YYYY-MM-DD. */
  date: string;
  style: 'wire' | 'acled';
  text: string;
  events: GoldEvent[];
  nonEvents?: GoldNonEvent[];
}

/** ACLED's six event types and 25 sub-event types, spelled as in ../shared/ACLED-TYPES.md. */
export const ACLED_TYPES: Readonly<Record<string, readonly string[]>> = {
  Battles: ['Armed clash', 'Government regains territory', 'Non-state actor overtakes territory'],
  'Explosions/Remote violence': [
    'Chemical weapon',
    'Air/drone strike',
    'Suicide bomb',
    'Shelling/artillery/missile attack',
    'Remote explosive/landmine/IED',
    'Grenade',
  ],
  'Violence against civilians': ['Sexual violence', 'Attack', 'Abduction/forced disappearance'],
  Protests: ['Peaceful protest', 'Protest with intervention', 'Excessive force against protesters'],
  Riots: ['Violent demonstration', 'Mob violence'],
  'Strategic developments': [
    'Agreement',
    'Arrests',
    'Change to group/activity',
    'Disrupted weapons use',
    'Headquarters or base established',
    'Looting/property destruction',
    'Non-violent transfer of territory',
    'Other',
  ],
};

export const SUB_TO_TYPE: ReadonlyMap<string, string> = new Map(
  Object.entries(ACLED_TYPES).flatMap(([t, subs]) => subs.map((s) => [s, t] as [string, string])),
);

const here = path.dirname(fileURLToPath(import.meta.url));
export const GOLD_PATH = path.join(here, 'reports.jsonl');

export function loadGold(file: string = GOLD_PATH): GoldReport[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: GoldReport[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      out.push(JSON.parse(line) as GoldReport);
    } catch (e) {
      throw new Error(`${file}:${i + 1}: bad JSON: ${(e as Error).message}`);
    }
  });
  return out;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
// TIMEX3 date values we allow for an event: day, month, ISO week, year; optional time-of-day suffix.
const TIMEX_RE = /^\d{4}(-\d{2}(-\d{2})?|-W\d{2})?(T(MO|AF|EV|NI|\d{2}:\d{2}))?$/;

export function isRealDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(s + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function isTimexDate(s: string): boolean {
  if (!TIMEX_RE.test(s)) return false;
  const day = s.slice(0, 10);
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) return isRealDate(day);
  const m = /^\d{4}-(\d{2})$/.exec(s.slice(0, 7));
  if (m && !s.includes('W')) return +m[1] >= 1 && +m[1] <= 12;
  return true;
}

function countOccurrences(hay: string, needle: string): number {
  let n = 0;
  let i = hay.indexOf(needle);
  while (i >= 0) {
    n++;
    i = hay.indexOf(needle, i + 1);
  }
  return n;
}

/** Returns a list of problems (empty when the gold set is valid). */
export function validateGold(reports: GoldReport[], opts: { minEvents?: number; minReports?: number } = {}): string[] {
  const errs: string[] = [];
  const ids = new Set<string>();
  let nEvents = 0;
  reports.forEach((r, ri) => {
    const where = `report ${ri} (${r.id})`;
    if (typeof r.id !== 'string' || !r.id) errs.push(`${where}: missing id`);
    if (ids.has(r.id)) errs.push(`${where}: duplicate id`);
    ids.add(r.id);
    if (!isRealDate(r.date)) errs.push(`${where}: bad publication date ${JSON.stringify(r.date)}`);
    if (r.date < '2018-01-01' || r.date > '2024-12-31') errs.push(`${where}: publication date outside 2018-2024`);
    if (r.style !== 'wire' && r.style !== 'acled') errs.push(`${where}: style must be wire|acled`);
    if (typeof r.text !== 'string' || r.text.length < 40) errs.push(`${where}: text missing or too short`);
    if (!Array.isArray(r.events)) {
      errs.push(`${where}: events must be an array`);
      return;
    }
    const spans: [number, number, string][] = [];
    r.events.forEach((e, ei) => {
      nEvents++;
      const w = `${where} event ${ei}`;
      if (typeof e.evidence !== 'string' || !e.evidence) errs.push(`${w}: no evidence`);
      else {
        const n = countOccurrences(r.text, e.evidence);
        if (n === 0) errs.push(`${w}: evidence is not a substring of text: ${JSON.stringify(e.evidence)}`);
        else if (n > 1) errs.push(`${w}: evidence occurs ${n} times (must be unique): ${JSON.stringify(e.evidence)}`);
        else {
          const s = r.text.indexOf(e.evidence);
          spans.push([s, s + e.evidence.length, e.action]);
        }
      }
      if (typeof e.action !== 'string' || !/^[a-z_]+$/.test(e.action)) errs.push(`${w}: action must be a lower_snake word`);
      if (e.eventType === null) {
        if (e.subEventType !== null) errs.push(`${w}: subEventType without eventType`);
      } else if (!(e.eventType in ACLED_TYPES)) errs.push(`${w}: unknown eventType ${JSON.stringify(e.eventType)}`);
      else if (e.subEventType === null || !ACLED_TYPES[e.eventType].includes(e.subEventType))
        errs.push(`${w}: subEventType ${JSON.stringify(e.subEventType)} is not a sub-type of ${e.eventType}`);
      for (const k of ['actor1', 'actor2'] as const) {
        const a = e[k];
        if (a !== null && (typeof a !== 'string' || !a.trim())) errs.push(`${w}: ${k} must be a name or null`);
      }
      if (e.place !== null) {
        const p = e.place;
        if (!p || typeof p.name !== 'string' || !p.name) errs.push(`${w}: place needs a name`);
        else if (typeof p.lat !== 'number' || typeof p.lon !== 'number' || Math.abs(p.lat) > 90 || Math.abs(p.lon) > 180)
          errs.push(`${w}: place ${p.name} has bad coordinates`);
      }
      if (typeof e.date !== 'string' || !isTimexDate(e.date)) errs.push(`${w}: bad date ${JSON.stringify(e.date)}`);
      if (e.fatalities !== null && (!Number.isInteger(e.fatalities) || e.fatalities < 0))
        errs.push(`${w}: fatalities must be a non-negative integer or null`);
      if (!MODALITIES.includes(e.modality)) errs.push(`${w}: bad modality ${JSON.stringify(e.modality)}`);
    });
    for (const ne of r.nonEvents ?? []) {
      const n = countOccurrences(r.text, ne.evidence);
      if (n !== 1) errs.push(`${where}: nonEvent evidence must occur once (found ${n}): ${JSON.stringify(ne.evidence)}`);
      else {
        const s = r.text.indexOf(ne.evidence);
        for (const [a, b] of spans) {
          if (s < b && a < s + ne.evidence.length) {
            errs.push(`${where}: nonEvent overlaps an event: ${JSON.stringify(ne.evidence)}`);
            break;
          }
        }
      }
    }
  });
  if (opts.minReports !== undefined && reports.length < opts.minReports)
    errs.push(`only ${reports.length} reports (need >= ${opts.minReports})`);
  if (opts.minEvents !== undefined && nEvents < opts.minEvents) errs.push(`only ${nEvents} events (need >= ${opts.minEvents})`);
  return errs;
}

/** Start offset of an evidence string in its report (UTF-16). */
export function evidenceSpan(r: GoldReport, evidence: string): { start: number; end: number } {
  const start = r.text.indexOf(evidence);
  return { start, end: start + evidence.length };
}
