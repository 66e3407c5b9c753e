// Builds eval/gold/reports.jsonl from the hand-written source eval/gold/reports.src (compact authoring
// format, described in eval/gold/README.md), then validates it. Run: npx tsx eval/gold/build.ts
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GOLD_PATH, validateGold, type GoldEvent, type GoldModality, type GoldReport } from './format.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Short codes for ACLED (event type, sub-event type); NONE = no ACLED type. */
export const CODES: Record<string, [string, string] | null> = {
  AC: ['Battles', 'Armed clash'],
  GRT: ['Battles', 'Government regains territory'],
  NSO: ['Battles', 'Non-state actor overtakes territory'],
  CW: ['Explosions/Remote violence', 'Chemical weapon'],
  AIR: ['Explosions/Remote violence', 'Air/drone strike'],
  SB: ['Explosions/Remote violence', 'Suicide bomb'],
  SHL: ['Explosions/Remote violence', 'Shelling/artillery/missile attack'],
  IED: ['Explosions/Remote violence', 'Remote explosive/landmine/IED'],
  GRN: ['Explosions/Remote violence', 'Grenade'],
  SV: ['Violence against civilians', 'Sexual violence'],
  ATT: ['Violence against civilians', 'Attack'],
  ABD: ['Violence against civilians', 'Abduction/forced disappearance'],
  PP: ['Protests', 'Peaceful protest'],
  PWI: ['Protests', 'Protest with intervention'],
  EFP: ['Protests', 'Excessive force against protesters'],
  VD: ['Riots', 'Violent demonstration'],
  MV: ['Riots', 'Mob violence'],
  AGR: ['Strategic developments', 'Agreement'],
  ARR: ['Strategic developments', 'Arrests'],
  CHG: ['Strategic developments', 'Change to group/activity'],
  DWU: ['Strategic developments', 'Disrupted weapons use'],
  HQ: ['Strategic developments', 'Headquarters or base established'],
  LOOT: ['Strategic developments', 'Looting/property destruction'],
  NVT: ['Strategic developments', 'Non-violent transfer of territory'],
  OTH: ['Strategic developments', 'Other'],
  NONE: null,
};

/** Actor shorthands (ACLED-style names). Anything not starting with @ is taken literally. */
export const ACTORS: Record<string, string> = {
  '@RU': 'Military Forces of Russia (2000-)',
  '@UA': 'Military Forces of Ukraine (2019-)',
  '@AZ': 'Military Forces of Azerbaijan (2003-)',
  '@AM': 'Military Forces of Armenia (2018-)',
  '@NK': 'Military Forces of Artsakh (1991-2023)',
  '@SAF': 'Military Forces of Sudan (2019-)',
  '@RSF': 'RSF: Rapid Support Forces',
  '@IL': 'Military Forces of Israel (2022-)',
  '@HAMAS': 'Hamas Movement',
  '@PIJ': 'Palestinian Islamic Jihad',
  '@ET': 'Military Forces of Ethiopia (2018-)',
  '@TPLF': "TPLF: Tigray People's Liberation Front",
  '@ER': 'Military Forces of Eritrea (1993-)',
  '@MM': 'Military Forces of Myanmar (2021-)',
  '@MMPOL': 'Police Forces of Myanmar (2021-)',
  '@PDF': "PDF: People's Defense Force",
  '@ML': 'Military Forces of Mali (2021-)',
  '@WAGNER': 'Wagner Group',
  '@JNIM': 'JNIM: Group for Support of Islam and Muslims',
  '@ISS': 'Islamic State (Sahel)',
  '@BF': 'Military Forces of Burkina Faso (2022-)',
  '@CD': 'Military Forces of the Democratic Republic of Congo (2019-)',
  '@M23': 'M23: March 23 Movement',
  '@HOUTHI': 'Military Forces of Yemen (2017-) Supreme Political Council',
  '@SA': 'Military Forces of Saudi Arabia (2015-)',
  '@US': 'Military Forces of the United States (2021-)',
  '@SY': 'Military Forces of Syria (2000-2024)',
  '@HTS': 'HTS: Hayat Tahrir al Sham',
  '@TR': 'Military Forces of Turkey (2016-)',
  '@SDF': 'SDF: Syrian Democratic Forces',
  '@LNA': 'LNA: Libyan National Army',
  '@GNA': 'Military Forces of Libya (2016-2021) Government of National Accord',
  '@SHABAAB': 'Al Shabaab',
  '@SO': 'Military Forces of Somalia (2022-)',
  '@ISM': 'Islamic State (Mozambique)',
  '@MZ': 'Military Forces of Mozambique (1975-)',
  '@RW': 'Military Forces of Rwanda (2000-)',
  '@BH': 'Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad',
  '@ISWAP': 'Islamic State (West Africa)',
  '@NG': 'Military Forces of Nigeria (2023-)',
};

const MODS: Record<string, GoldModality> = {
  A: 'asserted', P: 'planned', O: 'obligated', D: 'denied', X: 'disputed', H: 'hypothetical',
};

export function parseSource(src: string): GoldReport[] {
  const reports: GoldReport[] = [];
  let cur: (GoldReport & { lines: string[] }) | null = null;
  const flush = () => {
    if (cur) {
      const { lines: _l, ...r } = cur;
      reports.push(r);
    }
  };
  src.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\s+$/, '');
    const where = `reports.src:${i + 1}`;
    if (line.startsWith('#') || (!line && !cur)) return;
    if (line.startsWith('=== ')) {
      flush();
      const [id, date, style] = line.slice(4).split('|').map((s) => s.trim());
      cur = { id, date, style: style as 'wire' | 'acled', text: '', events: [], lines: [] };
      return;
    }
    if (!cur) throw new Error(`${where}: text before the first === header`);
    const c: GoldReport & { lines: string[] } = cur;
    if (line.startsWith('> ')) {
      const [evidence, rest] = splitOnce(line.slice(2), '||', where);
      const f = rest.split('|').map((s) => s.trim());
      if (f.length !== 8) throw new Error(`${where}: expected 8 fields after ||, got ${f.length}`);
      const [action, code, a1, a2, place, date, fat, mod] = f;
      if (!(code in CODES)) throw new Error(`${where}: unknown code ${code}`);
      const t = CODES[code];
      const ev: GoldEvent = {
        evidence: evidence.trim(),
        action,
        eventType: t ? t[0] : null,
        subEventType: t ? t[1] : null,
        actor1: actor(a1, where),
        actor2: actor(a2, where),
        place: parsePlace(place, where),
        date: date === '=' ? c.date : date,
        fatalities: fat === '-' ? null : Number(fat),
        modality: MODS[mod] ?? (mod as GoldModality),
      };
      c.events.push(ev);
      return;
    }
    if (line.startsWith('x ')) {
      const [evidence, why] = splitOnce(line.slice(2), '||', where);
      (c.nonEvents ??= []).push({ evidence: evidence.trim(), why: why.trim() });
      return;
    }
    if (!line) return;
    c.lines.push(line);
    c.text = c.lines.join('\n');
  });
  flush();
  return reports;
}

function splitOnce(s: string, sep: string, where: string): [string, string] {
  const i = s.indexOf(sep);
  if (i < 0) throw new Error(`${where}: missing ${sep}`);
  return [s.slice(0, i), s.slice(i + sep.length)];
}

function actor(s: string, where: string): string | null {
  if (s === '-') return null;
  if (s.startsWith('@')) {
    const v = ACTORS[s];
    if (!v) throw new Error(`${where}: unknown actor shorthand ${s}`);
    return v;
  }
  return s;
}

function parsePlace(s: string, where: string): GoldEvent['place'] {
  if (s === '-') return null;
  const m = /^(.+)@(-?\d+(?:\.\d+)?),\s*(-?\d+(?:\.\d+)?)$/.exec(s);
  if (!m) throw new Error(`${where}: place must be Name@lat,lon: ${s}`);
  return { name: m[1].trim(), lat: Number(m[2]), lon: Number(m[3]) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const reports = parseSource(readFileSync(path.join(here, 'reports.src'), 'utf8'));
  const errs = validateGold(reports, { minEvents: 300, minReports: 40 });
  writeFileSync(GOLD_PATH, reports.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const n = reports.reduce((s, r) => s + r.events.length, 0);
  console.log(`wrote ${GOLD_PATH}: ${reports.length} reports, ${n} events`);
  if (errs.length) {
    for (const e of errs) console.error('  ' + e);
    process.exitCode = 1;
  }
}
