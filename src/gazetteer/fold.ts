// Name folding shared by the gazetteer build and lookups: lower case, diacritics stripped,
// Azerbaijani/Turkish letters mapped (ə→a, ı→i), apostrophes and modifier letters dropped
// ("Kʻelbajar" → "kelbajar"), periods dropped ("U.S." → "us"), every other non-alphanumeric
// run (hyphens, spaces, slashes) → one space. Pure ASCII input takes a fast path.

const SPECIAL: Record<string, string> = {
  'ə': 'a', 'Ə': 'a', 'ı': 'i', 'İ': 'i', 'ø': 'o', 'Ø': 'o', 'æ': 'ae', 'Æ': 'ae', 'ß': 'ss',
  'đ': 'd', 'Đ': 'd', 'ł': 'l', 'Ł': 'l', 'þ': 'th', 'Þ': 'th', 'ð': 'd', 'Ð': 'd', 'œ': 'oe', 'Œ': 'oe',
  'ħ': 'h', 'Ħ': 'h', 'ŋ': 'n',
};
// apostrophes, okina, modifier letters, backtick: removed (not a word break)
const DROP = new Set(["'", '’', '‘', 'ʻ', 'ʼ', 'ʿ', 'ʾ', '`', '´', '.', 'ˈ']);

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122);
}

/** Folds a name for lookup. Returns '' when nothing alphanumeric is left. */
export function fold(s: string): string {
  let ascii = true;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) { ascii = false; break; }
  let t = s;
  if (!ascii) {
    let m = '';
    for (const ch of s) m += SPECIAL[ch] ?? ch;
    t = m.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }
  t = t.toLowerCase();
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (isAsciiAlnum(c)) {
      if (pendingSpace && out.length) out += ' ';
      pendingSpace = false;
      out += t[i];
    } else if (DROP.has(t[i])) {
      // dropped without a break
    } else if (c > 127 && /\p{L}|\p{N}/u.test(t[i])) {
      // a letter from another script: keep it (such names simply never match Latin text)
      if (pendingSpace && out.length) out += ' ';
      pendingSpace = false;
      out += t[i];
    } else {
      pendingSpace = true;
    }
  }
  return out;
}

/** True when a folded name is plain Latin (a-z, digits, spaces): the names worth indexing for English text. */
export function isLatinFolded(f: string): boolean {
  for (let i = 0; i < f.length; i++) {
    const c = f.charCodeAt(i);
    if (!(isAsciiAlnum(c) || c === 32)) return false;
  }
  return f.length > 0;
}

/** Levenshtein distance, stopping early once it exceeds max (returns max + 1 then). */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}
