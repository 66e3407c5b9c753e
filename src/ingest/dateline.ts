// Dateline parsing: the publication date a plain-text report states in its first line
// ("BAKU, Dec. 1, 2020 (Reuters) -", "Published: 2020-11-20", "25 November 2020 —").
// Only the first non-blank line is read, and the date must come first on it, after at most a
// place name and a comma or a header word ("Date:"). Rules are data: src/resources/ingest/dateline.json.
import rules from '../resources/ingest/dateline.json' with { type: 'json' };

const MONTHS = new Map<string, number>(Object.entries(rules.months));
const HEADER = new Set<string>(rules.headerWords);

export interface Dateline {
  /** YYYY-MM-DD */
  date: string;
  start: number;
  end: number;
}

interface Tok { text: string; start: number; end: number; kind: 'word' | 'num' | 'punct' }

function tokens(line: string, base: number): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line.charCodeAt(i);
    if (c === 32 || c === 9 || c === 0xa0) { i++; continue; }
    const s = i;
    if (c >= 48 && c <= 57) {
      while (i < line.length && /[0-9]/.test(line[i])) i++;
      out.push({ text: line.slice(s, i), start: base + s, end: base + i, kind: 'num' });
    } else if (/\p{L}/u.test(line[i])) {
      while (i < line.length && /[\p{L}'’-]/u.test(line[i])) i++;
      out.push({ text: line.slice(s, i), start: base + s, end: base + i, kind: 'word' });
    } else {
      i++;
      out.push({ text: line.slice(s, i), start: base + s, end: base + i, kind: 'punct' });
    }
  }
  return out;
}

function valid(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Tries to read a date starting at token i; returns the date and the index after it. */
function dateAt(t: Tok[], i: number): { date: string | null; next: number } | null {
  const a = t[i];
  if (!a) return null;
  // ISO: 2020-12-01 (optionally followed by T10:00...)
  if (a.kind === 'num' && a.text.length === 4 && t[i + 1]?.text === '-' && t[i + 2]?.kind === 'num' && t[i + 3]?.text === '-' && t[i + 4]?.kind === 'num') {
    const y = Number(a.text), m = Number(t[i + 2].text), d = Number(t[i + 4].text.slice(0, 2));
    if (t[i + 2].end !== t[i + 3].start || t[i + 3].end !== t[i + 4].start || a.end !== t[i + 1].start) return null;
    return { date: valid(y, m, d), next: i + 5 };
  }
  // Month D, YYYY  /  Mon. D YYYY
  if (a.kind === 'word' && MONTHS.has(a.text.toLowerCase())) {
    let j = i + 1;
    if (t[j]?.text === '.') j++;
    const d = t[j];
    if (d?.kind !== 'num' || d.text.length > 2) return null;
    j++;
    if (t[j]?.text === ',') j++;
    const y = t[j];
    if (y?.kind !== 'num' || y.text.length !== 4) return null;
    return { date: valid(Number(y.text), MONTHS.get(a.text.toLowerCase())!, Number(d.text)), next: j + 1 };
  }
  // D Month YYYY
  if (a.kind === 'num' && a.text.length <= 2 && t[i + 1]?.kind === 'word' && MONTHS.has(t[i + 1].text.toLowerCase())) {
    let j = i + 2;
    if (t[j]?.text === '.') j++;
    if (t[j]?.text === ',') j++;
    const y = t[j];
    if (y?.kind !== 'num' || y.text.length !== 4) return null;
    return { date: valid(Number(y.text), MONTHS.get(t[i + 1].text.toLowerCase())!, Number(a.text)), next: j + 1 };
  }
  return null;
}

/** The dateline of a plain-text report, or null. Offsets are into `text`. */
export function parseDateline(text: string): Dateline | null {
  let s = 0;
  while (s < text.length && /\s/.test(text[s])) s++;
  let e = text.indexOf('\n', s);
  if (e < 0) e = text.length;
  e = Math.min(e, s + rules.maxChars);
  const t = tokens(text.slice(s, e), s);
  // allowed prefixes: nothing; a header word with an optional colon; a place name (words, dots) and a comma
  const starts: number[] = [0];
  if (t[0]?.kind === 'word' && HEADER.has(t[0].text.toLowerCase())) starts.push(t[1]?.text === ':' ? 2 : 1);
  let k = 0;
  while (k < t.length && k < 6 && (t[k].kind === 'word' || t[k].text === '.')) k++;
  if (k > 0 && t[k]?.text === ',') starts.push(k + 1);
  for (const i of starts) {
    const r = dateAt(t, i);
    if (r && r.date) return { date: r.date, start: t[i].start, end: t[r.next - 1].end };
  }
  return null;
}
