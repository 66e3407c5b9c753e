// `truce extract` as users and scripts call it: real processes, exit codes, stdout/stderr.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readOneDocument } from '../src/ingest/one.ts';
import { parseSize } from '../src/ingest/decode.ts';
import type { TruceError } from '../src/model/errors.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixture = path.resolve(root, '../shared/fixtures/lachin-handover.txt');
const dir = mkdtempSync(path.join(tmpdir(), 'truce-cli-x-'));

function truce(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/truce.js'), ...args], { input, encoding: 'utf8', cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The same, without blocking: independent cases run side by side. */
function truceAsync(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [path.join(root, 'bin/truce.js'), ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

test('extract FILE --json prints one Extraction whose id is the base name', () => {
  const r = truce(['extract', fixture, '--json', '--date', '2020-12-01']);
  assert.equal(r.code, 0, r.err);
  const x = JSON.parse(r.out);
  assert.equal(x.id, 'lachin-handover');
  for (const k of ['dct', 'sentences', 'timexes', 'places', 'actors', 'quantities', 'events', 'provisions']) assert.ok(k in x, k);
  assert.ok(x.sentences.length > 5);
  assert.deepEqual(x.dct, { value: '2020-12-01', inferred: false, confidence: 1, method: 'given' });
});

test('extract without --json prints a short summary; - reads stdin', () => {
  const r = truce(['extract', '-', '--date', '2020-12-01'], 'Troops entered the town on Tuesday. Residents fled.');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^stdin: 51 characters, DCT 2020-12-01 \(given\)\n {2}2 sentences/);
});

test('extract --jsonl: one Extraction per line, same order, same ids; bad lines -> {id, error}, exit 1', () => {
  const lines = [
    JSON.stringify({ id: 'z9', text: 'Shelling was reported overnight near the border.', date: '2020-10-02' }),
    '{oops',
    JSON.stringify({ id: 'q', text: 'x', date: '2020-02-30' }),
    JSON.stringify({ id: 'a1', text: 'The truce took effect at midnight.' }),
  ];
  const r = truce(['extract', '--jsonl', '--date', '2020-11-10'], `${lines.join('\n')}\n`);
  assert.equal(r.code, 1);
  const ys = r.out.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(ys.length, 4);
  assert.deepEqual([ys[0].id, ys[0].dct.value], ['z9', '2020-10-02']);
  assert.equal(ys[1].id, null);
  assert.match(ys[1].error, /stdin:2/);
  assert.equal(ys[2].id, 'q');
  assert.match(ys[2].error, /2020-02-30/);
  assert.deepEqual([ys[3].id, ys[3].dct.value], ['a1', '2020-11-10']);
  assert.ok(Array.isArray(ys[3].sentences));
  assert.match(r.err, /2 of 4 lines failed/);
});

test('bad input: one-line error naming the input, exit 1; usage errors exit 2', async () => {
  // every kind of bad input in-process (fast), then the CLI's error path in real processes
  const empty = path.join(dir, 'empty.txt'); writeFileSync(empty, '');
  const blank = path.join(dir, 'blank.txt'); writeFileSync(blank, ' \n\t\n');
  const bin = path.join(dir, 'bin.txt'); writeFileSync(bin, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1]));
  const latin = path.join(dir, 'latin.txt'); writeFileSync(latin, Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a]));
  const big = path.join(dir, 'big.txt'); writeFileSync(big, 'word '.repeat(300));
  const cases: [string, number, string, RegExp][] = [
    [empty, 1 << 20, 'EMPTY_INPUT', /empty\.txt: the input is empty/],
    [blank, 1 << 20, 'EMPTY_INPUT', /blank\.txt: the input has no text/],
    [bin, 1 << 20, 'BINARY_INPUT', /bin\.txt: the input looks binary/],
    [latin, 1 << 20, 'BAD_ENCODING', /latin\.txt: the input is not valid UTF-8/],
    [path.join(dir, 'missing.txt'), 1 << 20, 'NOT_FOUND', /missing\.txt: no such file/],
    [big, 1024, 'TOO_LARGE', /big\.txt: 1500 bytes is over the size limit of 1024 bytes/],
    [dir, 1 << 20, 'USAGE', /is a folder/],
  ];
  for (const [file, max, code, re] of cases) {
    await assert.rejects(readOneDocument(file, null, max), (e: TruceError) => {
      assert.equal(e.code, code, file);
      assert.match(e.message, re);
      assert.equal(e.exitCode, code === 'USAGE' ? 2 : 1);
      return true;
    });
  }
  assert.equal((await readOneDocument(big, '2020-12-01', 2048)).text.length, 1500);
  assert.equal(parseSize('20MB'), 20 * 1024 * 1024);
  assert.equal(parseSize('1k'), 1024);

  const [tooBig, badDate, flag] = await Promise.all([
    ['extract', big, '--max-size', '1k'], ['extract', fixture, '--date', '2020-02-30'], ['extract', '--no-such-flag'],
  ].map(truceAsync));
  assert.equal(tooBig.code, 1);
  assert.equal(tooBig.err, `truce: ${big}: 1500 bytes is over the size limit of 1024 bytes (raise it with --max-size)\n`);
  assert.equal(tooBig.out, '');
  assert.equal(badDate.code, 1);
  assert.equal(badDate.err, 'truce: --date: "2020-02-30" is not a real calendar date\n');
  assert.equal(flag.code, 2);
});

test('extract reads an HTML file as its article (title, date from meta tags), id = base name', async () => {
  const f = path.join(dir, 'story.html');
  writeFileSync(f, `<html><head><title>Truce holds</title><meta name="date" content="2020-11-26"></head><body><nav>Menu</nav>
    <article><p>Monitors reported a quiet night along the line of contact, the first since the truce was signed, and the road to the south reopened.</p>
    <p>Families began returning to the villages near the river on Thursday morning.</p></article></body></html>`);
  const d = await readOneDocument(f, null, 1 << 20);
  assert.equal(d.id, 'story');
  assert.equal(d.title, 'Truce holds');
  assert.equal(d.dct, '2020-11-26');
  assert.match(d.text, /^Monitors reported a quiet night/);
  assert.doesNotMatch(d.text, /Menu/);
  assert.equal((await readOneDocument(f, '2020-12-01', 1 << 20)).dct, '2020-12-01');
});
