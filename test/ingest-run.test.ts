// ingest(): readers -> dedupe -> worker pool -> one batched writer, into a real SQLite store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { ingest } from '../src/ingest/ingest.ts';
import { contentHash } from '../src/ingest/hash.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'truce-ingest-'));

const story = (town: string, n: number) =>
  `Government forces withdrew from ${town} on Tuesday after ${n} weeks of fighting, the regional governor said. ` +
  `Convoys of trucks carried equipment out of ${town} along the main highway while observers from the monitoring ` +
  `mission counted vehicles at the checkpoint. Local officials said about ${n * 100} families had returned to their ` +
  `homes in ${town} since the truce took effect, and that the market had reopened for the first time in months.`;

function tree(name: string) {
  const root = path.join(dir, name);
  mkdirSync(path.join(root, 'wire'), { recursive: true });
  writeFileSync(path.join(root, 'north.txt'), story('Northtown', 3));
  writeFileSync(path.join(root, 'south.txt'), story('Southville', 5));
  // the same text with other white space and case: an exact duplicate
  writeFileSync(path.join(root, 'wire', 'north-copy.txt'), `  ${story('Northtown', 3).toUpperCase().replace(/ /g, '\n')}`);
  // a wire copy with small edits: a near duplicate
  writeFileSync(path.join(root, 'wire', 'south-edited.txt'), story('Southville', 5).replace('the regional governor said', 'the governor of the region told reporters'));
  writeFileSync(path.join(root, 'empty.txt'), '');
  writeFileSync(path.join(root, 'batch.jsonl'), [
    JSON.stringify({ id: 'east', text: story('Eastburg', 2), date: '2020-11-20', url: 'https://x.example/east' }),
    '{broken',
    JSON.stringify({ id: 'west', text: story('Westport', 7) }),
  ].join('\n'));
  return root;
}

for (const workers of [0, 2]) {
  test(`ingest with ${workers} workers: stores new documents once, reports duplicates and failures`, async () => {
    const root = tree(`w${workers}`);
    const store = openSqliteStore(path.join(dir, `w${workers}.db`));
    await store.migrate();
    const s = await ingest([root], store, { maxBytes: 1 << 20, workers, date: '2020-12-01', batchSize: 2 });
    assert.deepEqual([...s.ingested].sort(), ['east', 'north', 'south', 'west']);
    assert.equal(s.read, 8);
    assert.deepEqual(s.duplicates.map((d) => [path.basename(d.input), d.existingId, d.kind]).sort(), [
      ['north-copy.txt', 'north', 'exact'], ['south-edited.txt', 'south', 'near'],
    ]);
    assert.deepEqual(s.failed.map((f) => f.code).sort(), ['BAD_JSON', 'EMPTY_INPUT']);
    assert.ok(s.failed.some((f) => f.message.includes('batch.jsonl:2')));
    assert.equal(await store.countDocuments(), 4);
    const east = await store.getDocument('east');
    assert.equal(east?.dct, '2020-11-20');
    assert.equal(east?.url, 'https://x.example/east');
    assert.equal(east?.contentHash, contentHash(story('Eastburg', 2)));
    assert.equal((await store.getDocument('west'))?.dct, '2020-12-01');
    assert.equal((await store.getDocument('north'))?.extraction.id, 'north');
    const extra = await store.listDocumentSources('south');
    assert.deepEqual(extra.map((e) => [e.docId, e.id, e.kind]), [['south', 'south-edited', 'near']]);
    assert.ok(extra[0].similarity! >= 0.7);
    assert.match(extra[0].input, /south-edited\.txt$/);

    // the same inputs again: nothing new, nothing changed (near-duplicate signatures persist across runs)
    const sourcesBefore = await store.listDocumentSources();
    const again = await ingest([root], store, { maxBytes: 1 << 20, workers, date: '2020-12-01' });
    assert.deepEqual(again.ingested, []);
    assert.equal(again.duplicates.length, 6);
    assert.equal(await store.countDocuments(), 4);
    assert.deepEqual(await store.listDocumentSources(), sourcesBefore);
    await store.close();
  });
}

test('ingest: a near-duplicate arriving in a later run is found through the stored signatures', async () => {
  const store = openSqliteStore(path.join(dir, 'later.db'));
  await store.migrate();
  const a = path.join(dir, 'later-a.txt');
  const b = path.join(dir, 'later-b.txt');
  writeFileSync(a, story('Midfield', 4));
  writeFileSync(b, story('Midfield', 4).replace('on Tuesday', 'late on Tuesday'));
  assert.deepEqual((await ingest([a], store, { maxBytes: 1 << 20, workers: 0 })).ingested, ['later-a']);
  const s = await ingest([b], store, { maxBytes: 1 << 20, workers: 0 });
  assert.deepEqual(s.ingested, []);
  assert.deepEqual(s.duplicates.map((d) => [d.existingId, d.kind]), [['later-a', 'near']]);
  const off = await ingest([b], store, { maxBytes: 1 << 20, workers: 0, nearDup: false });
  assert.deepEqual(off.ingested, ['later-b']);
  await store.close();
});
