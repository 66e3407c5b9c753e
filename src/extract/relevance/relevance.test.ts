import { test } from 'node:test';
import assert from 'node:assert/strict';
import data from '../../resources/relevance/relevance.json' with { type: 'json' };
import { extract } from '../pipeline.ts';

const run = (text: string) => extract({ id: 'r', text, dct: '2024-05-10', title: null, source: null, url: null });
const keep = new Set(data.keepActions);

test('a long report with no armed actor and no conflict vocabulary yields no violent or territorial events', () => {
  const x = run(data.examples.notConflict);
  assert.ok(x.sentences.length > data.maxShortSentences);
  assert.deepEqual(x.events.filter((e) => !keep.has(e.action)).map((e) => e.action), []);
});

test('political events survive in a report without conflict vocabulary', () => {
  const x = run(data.examples.notConflictButPolitical);
  const actions = x.events.map((e) => e.action);
  assert.ok(actions.includes('protest'), `protest kept: ${actions.join(', ')}`);
  assert.ok(actions.every((a) => keep.has(a)), `only political actions: ${actions.join(', ')}`);
});

test('a conflict report keeps its events', () => {
  const actions = run(data.examples.conflict).events.map((e) => e.action);
  assert.ok(actions.includes('enter'), actions.join(', '));
  assert.ok(actions.includes('withdraw'), actions.join(', '));
});

test('a short text is not judged: one figurative sentence keeps its event', () => {
  // a snippet is usually about the event it names; the gate only judges longer reports
  const x = run('Rebels entered the town of Kidal on Sunday.');
  assert.ok(x.events.some((e) => e.action === 'enter'));
});
