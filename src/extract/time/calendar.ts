// Small proleptic-Gregorian calendar helpers on plain integers (no Date objects in hot paths).

export interface Ymd { y: number; m: number; d: number }

export function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
const MDAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeap(y) ? 29 : MDAYS[m - 1];
}
export function validDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}
/** Days since 1970-01-01 (can be negative). */
export function toDays(y: number, m: number, d: number): number {
  // Howard Hinnant's days_from_civil
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
export function fromDays(z: number): Ymd {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: m <= 2 ? y + 1 : y, m, d };
}
/** ISO weekday 1 = Monday .. 7 = Sunday. */
export function weekday(y: number, m: number, d: number): number {
  const z = toDays(y, m, d); // 1970-01-01 was a Thursday (4)
  return ((((z + 3) % 7) + 7) % 7) + 1;
}
export function addDays(p: Ymd, n: number): Ymd {
  return fromDays(toDays(p.y, p.m, p.d) + n);
}
export function addMonths(y: number, m: number, n: number): { y: number; m: number } {
  const t = y * 12 + (m - 1) + n;
  return { y: Math.floor(t / 12), m: (t % 12 + 12) % 12 + 1 };
}
/** ISO 8601 week: {year, week}. */
export function isoWeek(y: number, m: number, d: number): { y: number; w: number } {
  const z = toDays(y, m, d);
  const wd = weekday(y, m, d);
  const thursday = fromDays(z + 4 - wd);
  const jan1 = toDays(thursday.y, 1, 1);
  return { y: thursday.y, w: Math.floor((z + 4 - wd - jan1) / 7) + 1 };
}
export function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}
export function pad4(n: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + (s.length >= 4 ? s : '0000'.slice(s.length) + s);
}
export function fmtDate(p: Ymd): string {
  return `${pad4(p.y)}-${pad2(p.m)}-${pad2(p.d)}`;
}
export function fmtWeek(y: number, m: number, d: number): string {
  const w = isoWeek(y, m, d);
  return `${pad4(w.y)}-W${pad2(w.w)}`;
}
/** Parses YYYY-MM-DD (optionally followed by T...) into a date, or null. */
export function parseYmd(s: string | null | undefined): Ymd | null {
  if (!s || s.length < 10) return null;
  const y = Number(s.slice(0, 4)), m = Number(s.slice(5, 7)), d = Number(s.slice(8, 10));
  if (s[4] !== '-' || s[7] !== '-' || !Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  return validDate(y, m, d) ? { y, m, d } : null;
}
/** Easter Sunday (anonymous Gregorian algorithm). */
export function easter(y: number): Ymd {
  const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return { y, m: month, d: day };
}
/** n-th (1-based; -1 = last) given ISO weekday of a month. */
export function nthWeekday(y: number, m: number, wd: number, n: number): Ymd {
  if (n > 0) {
    const first = weekday(y, m, 1);
    return { y, m, d: 1 + ((wd - first + 7) % 7) + (n - 1) * 7 };
  }
  const last = daysInMonth(y, m);
  const lw = weekday(y, m, last);
  return { y, m, d: last - ((lw - wd + 7) % 7) };
}
