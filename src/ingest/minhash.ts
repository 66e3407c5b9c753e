// Near-duplicate detection: MinHash over word 4-shingles (32 hash functions), LSH with 8 bands of 4
// rows to find candidates, then the estimated Jaccard similarity (share of equal minhashes) decides.
// A wire story republished with small edits (J >= 0.7) is found with probability >= 0.89 (>= 0.98 at
// J >= 0.8); unrelated stories (J ~ 0) are never candidates in practice.

export const NUM_HASHES = 32;
export const BANDS = 8;
export const ROWS = NUM_HASHES / BANDS;
export const SHINGLE = 4;
export const DEFAULT_THRESHOLD = 0.7;

// fixed odd multipliers and offsets (a deterministic xorshift sequence): signatures are stable across runs
const A = new Uint32Array(NUM_HASHES);
const B = new Uint32Array(NUM_HASHES);
{
  let x = 0x9e3779b9;
  const next = () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
  for (let i = 0; i < NUM_HASHES; i++) { A[i] = next() | 1; B[i] = next(); }
}

/** FNV-1a hashes of the lower-cased words (letters and digits) of a text, without building strings. */
function wordHashes(text: string): Uint32Array {
  let out = new Uint32Array(Math.max(16, text.length >> 3));
  let n = 0;
  let h = 0x811c9dc5;
  let inWord = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    const isWord = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xc0;
    if (isWord) {
      h ^= c >= 65 && c <= 90 ? c + 32 : c;
      h = Math.imul(h, 0x01000193);
      inWord = true;
    } else if (inWord) {
      if (n === out.length) { const g = new Uint32Array(out.length * 2); g.set(out); out = g; }
      out[n++] = h >>> 0;
      h = 0x811c9dc5;
      inWord = false;
    }
  }
  return out.subarray(0, n);
}

/** The MinHash signature of a text (NUM_HASHES unsigned 32-bit values), or null when it has too few words. */
export function minhash(text: string): Uint32Array | null {
  const wh = wordHashes(text);
  if (wh.length < SHINGLE * 2) return null;
  const sig = new Uint32Array(NUM_HASHES).fill(0xffffffff);
  for (let i = 0; i + SHINGLE <= wh.length; i++) {
    // shingle hash from the word hashes
    let h = 0x811c9dc5;
    for (let k = 0; k < SHINGLE; k++) h = Math.imul(h ^ wh[i + k], 0x01000193);
    h >>>= 0;
    for (let j = 0; j < NUM_HASHES; j++) {
      const v = (Math.imul(A[j], h) + B[j]) >>> 0;
      if (v < sig[j]) sig[j] = v;
    }
  }
  return sig;
}

export function similarity(a: Uint32Array, b: Uint32Array): number {
  let eq = 0;
  for (let i = 0; i < NUM_HASHES; i++) if (a[i] === b[i]) eq++;
  return eq / NUM_HASHES;
}

function bandKey(sig: Uint32Array, band: number): number {
  let h = 0x811c9dc5 ^ band;
  for (let r = 0; r < ROWS; r++) h = Math.imul(h ^ sig[band * ROWS + r], 0x01000193);
  return h | 0; // a small integer: Map keys stay unboxed
}

/** An in-memory LSH index of document signatures. */
export class NearDupIndex {
  private ids: string[] = [];
  private sigs = new Uint32Array(1024 * NUM_HASHES);
  private bands: Map<number, number | number[]>[] = Array.from({ length: BANDS }, () => new Map());
  constructor(readonly threshold = DEFAULT_THRESHOLD) {}

  get size(): number {
    return this.ids.length;
  }

  /** The id of the most similar indexed document at or above the threshold, with its similarity. */
  find(sig: Uint32Array): { id: string; similarity: number } | null {
    let best = -1;
    let bestSim = 0;
    const seen = new Set<number>();
    for (let b = 0; b < BANDS; b++) {
      const hit = this.bands[b].get(bandKey(sig, b));
      if (hit === undefined) continue;
      for (const idx of typeof hit === 'number' ? [hit] : hit) {
        if (seen.has(idx)) continue;
        seen.add(idx);
        const s = similarity(sig, this.sigs.subarray(idx * NUM_HASHES, (idx + 1) * NUM_HASHES));
        if (s > bestSim) { bestSim = s; best = idx; }
      }
    }
    return best >= 0 && bestSim >= this.threshold ? { id: this.ids[best], similarity: bestSim } : null;
  }

  /** Renames an entry (the store gave the document another id). */
  setId(idx: number, id: string): void {
    this.ids[idx] = id;
  }

  /** Adds a signature; returns its slot (for setId). */
  add(id: string, sig: Uint32Array): number {
    const idx = this.ids.length;
    this.ids.push(id);
    if ((idx + 1) * NUM_HASHES > this.sigs.length) {
      const grown = new Uint32Array(this.sigs.length * 2);
      grown.set(this.sigs);
      this.sigs = grown;
    }
    this.sigs.set(sig, idx * NUM_HASHES);
    for (let b = 0; b < BANDS; b++) {
      const m = this.bands[b];
      const k = bandKey(sig, b);
      const cur = m.get(k);
      if (cur === undefined) m.set(k, idx);
      else if (typeof cur === 'number') m.set(k, [cur, idx]);
      else if (cur.length < 16) cur.push(idx);
    }
    return idx;
  }
}

/** Serialises (id, signature) pairs compactly for the store's state table. */
/** A signature as base64 of its little-endian 32-bit words (how the store keeps it). */
export function encodeSig(sig: Uint32Array): string {
  const buf = Buffer.alloc(sig.length * 4);
  for (let i = 0; i < sig.length; i++) buf.writeUInt32LE(sig[i], i * 4);
  return buf.toString('base64');
}

export function decodeSig(b64: string): Uint32Array {
  const buf = Buffer.from(b64, 'base64');
  const sig = new Uint32Array(NUM_HASHES);
  for (let i = 0; i < NUM_HASHES; i++) sig[i] = buf.readUInt32LE(i * 4);
  return sig;
}
