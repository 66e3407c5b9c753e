// The dashboard in a real browser (playwright-core + Debian's chromium) on a database with the example
// data: the map draws the event points, the compliance board shows Kalbajar late by 10 days, the evidence
// view highlights the event's sentence, an analyst's correction reaches the audit log, a viewer's is
// refused, and the page works at phone width. Screenshots go to test-artifacts/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, artifact, launch, loadExamples, startLive, type Live } from './server-browser-helpers.ts';

const skip = existsSync(CHROMIUM) ? false : `no browser at ${CHROMIUM} (apt-get install -y chromium)`;
const T = { timeout: 120_000 };

let live: Live;
let ctx: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

async function ready(p: Page, renders?: number) {
  await p.waitForFunction((n) => document.body.dataset.ready === '1' && (n === undefined || Number(document.body.dataset.renders) > n), renders, { timeout: 90_000 });
}
const renders = (p: Page) => p.evaluate(() => Number(document.body.dataset.renders ?? 0));

describe('dashboard in chromium', { skip, concurrency: false }, () => {
  before(async () => {
    live = await startLive(loadExamples);
    ctx = await launch();
    page = await ctx.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${live.base}/?asOf=2020-12-31`);
    await ready(page);
    await page.waitForFunction(() => document.body.dataset.board === '1', undefined, { timeout: 90_000 });
  }, T);
  after(async () => {
    await ctx?.close();
    await live?.close();
  });

  it('draws the event points on the map (rendered features and pixels)', T, async () => {
    const located = (await live.store.listEvents()).filter((e) => e.place?.lat != null);
    assert.ok(located.length > 0, 'the example data has located events');
    const r = await page.evaluate(() => {
      const map = (window as unknown as { truce: { map: import('maplibre-gl').Map } }).truce.map;
      const feats = map.queryRenderedFeatures({ layers: ['ev-points', 'ev-clusters'] });
      // sample the canvas at each drawn point: it must not be the land or sea colour
      const canvas = map.getCanvas();
      const c2 = document.createElement('canvas');
      c2.width = canvas.width;
      c2.height = canvas.height;
      const g = c2.getContext('2d')!;
      g.drawImage(canvas, 0, 0);
      const dpr = window.devicePixelRatio || 1;
      const samples = feats.map((f) => {
        const { x, y } = map.project((f.geometry as unknown as { coordinates: [number, number] }).coordinates);
        return Array.from(g.getImageData(Math.round(x * dpr), Math.round(y * dpr), 1, 1).data.slice(0, 3));
      });
      return { n: feats.length, layers: [...new Set(feats.map((f) => f.layer.id))], samples };
    });
    assert.ok(r.n > 0, 'no event features rendered');
    const land = [0xf4, 0xf1, 0xea], sea = [0xcf, 0xe3, 0xf3];
    const far = (a: number[], b: number[]) => Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]) > 40;
    assert.ok(r.samples.some((s) => far(s, land) && far(s, sea)), `no event colour at the points: ${JSON.stringify(r.samples)}`);
    await page.screenshot({ path: artifact('dashboard-1280.png'), fullPage: true });
  });

  it('shows Kalbajar on the compliance board as fulfilled late by 10 days (amended deadline met)', T, async () => {
    const row = page.locator('table[data-agreement="karabakh-2020"] tr[data-provision="kalbajar"]');
    await row.waitFor();
    const status = await row.getAttribute('data-status');
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    assert.equal(status, 'fulfilled_late', text);
    assert.match(await row.locator('.status').innerText(), /fulfilled late/);
    assert.equal((await row.locator('.days-late').innerText()).trim(), '10 days late');
    assert.equal((await row.locator('.due').innerText()).trim(), '2020-11-15');
    assert.equal((await row.locator('.amended').innerText()).trim(), '2020-11-25');
    assert.equal((await row.locator('.done').innerText()).trim(), '2020-11-25');
    await row.screenshot({ path: artifact('board-kalbajar.png') });
  });

  it('opens the evidence view from the table by keyboard and highlights the event\'s sentence', T, async () => {
    // an event of the Lachin report, chosen through the API (not from the page)
    const evs = await live.store.listEvents({ docId: '2020-12-01-lachin-handover' });
    assert.ok(evs.length > 0, 'the Lachin report has events');
    const ev = evs.find((e) => e.action === 'enter') ?? evs[0];
    const doc = (await live.store.getDocument(ev.docId))!;
    let s = ev.evidence.start, e = ev.evidence.end;
    for (const sn of doc.extraction.sentences) {
      if (sn.start <= ev.evidence.start && sn.end > ev.evidence.start) s = Math.min(s, sn.start);
      if (sn.start < ev.evidence.end && sn.end >= ev.evidence.end) e = Math.max(e, sn.end);
    }
    const sentence = doc.text.slice(s, e);
    const before = await renders(page);
    await page.fill('input[name=q]', '');
    const row = page.locator(`#events tr[data-id="${ev.id}"]`);
    await row.focus();
    await page.keyboard.press('Enter');
    await ready(page, before);
    assert.equal(new URL(page.url()).searchParams.get('event'), ev.id);
    await page.locator('#evidenceBody .sel').first().waitFor();
    const marked = await page.$$eval('#evidenceBody .doctext .sel', (xs) => xs.map((x) => x.textContent).join(''));
    assert.equal(marked, sentence);
    // extracted values are highlighted at their offsets
    const hl = await page.$$eval('#evidenceBody .doctext [data-start]', (xs) => xs.map((x) => ({ cls: x.className, s: Number((x as HTMLElement).dataset.start), e: Number((x as HTMLElement).dataset.end), t: x.textContent })));
    for (const h of hl) assert.equal(doc.text.slice(h.s, h.e), h.t);
    for (const p of doc.extraction.places) {
      assert.ok(hl.some((h) => h.cls.includes('hl-place') && h.s >= p.start && h.e <= p.end), `place ${p.text} not highlighted`);
    }
    for (const t of doc.extraction.timexes) {
      assert.ok(hl.some((h) => h.cls.includes('hl-time') && h.s >= t.start && h.e <= t.end), `date ${t.text} not highlighted`);
    }
    await page.locator('#evidence').screenshot({ path: artifact('evidence-lachin.png') });
  });

  it('refuses a viewer\'s correction and shows why; nothing changes', T, async () => {
    const id = new URL(page.url()).searchParams.get('event')!;
    await setToken(page, live.tokens.viewer);
    await page.waitForFunction(() => /vic \(viewer\)/.test(document.querySelector('#whoami')?.textContent ?? '') && document.body.dataset.auth === 'viewer');
    const form = page.locator('#correctForm');
    await form.locator('input[name=fatalities]').fill('7');
    await form.locator('button[type=submit]').click();
    const msg = form.locator('.formmsg.err');
    await msg.waitFor();
    assert.match(await msg.innerText(), /Refused: 403 Forbidden/);
    assert.notEqual((await live.store.getEvent(id))?.fatalities, 7);
    assert.equal((await live.store.listAudit({ target: `event:${id}` })).length, 0);
  });

  it('applies an analyst\'s correction and shows it in the audit trail', T, async () => {
    const id = new URL(page.url()).searchParams.get('event')!;
    await setToken(page, live.tokens.analyst);
    await page.waitForFunction(() => /alma \(analyst\)/.test(document.querySelector('#whoami')?.textContent ?? '') && document.body.dataset.auth === 'analyst');
    await page.locator('#correctForm').waitFor();
    const before = await renders(page);
    const form = page.locator('#correctForm');
    await form.locator('input[name=date]').fill('2020-11-30');
    await form.locator('button[type=submit]').click();
    await ready(page, before);
    const entry = page.locator('#evidenceBody .auditlist li', { hasText: 'event.correct' });
    await entry.waitFor();
    const t = await entry.innerText();
    assert.match(t, /alma · event\.correct/);
    assert.match(t, /"date":"2020-11-30"/);
    assert.equal((await live.store.getEvent(id))?.date, '2020-11-30');
    const audit = await live.store.listAudit({ target: `event:${id}` });
    assert.equal(audit.length, 1);
    assert.equal(audit[0].user, 'alma');
    await page.locator('#evidence').screenshot({ path: artifact('evidence-audit.png') });
  });

  it('keeps the state in the URL: a shared link restores the filters', T, async () => {
    const p2 = await ctx.newPage();
    await p2.goto(`${live.base}/?type=Strategic%20developments&asOf=2020-12-31`);
    await ready(p2);
    assert.equal(await p2.inputValue('select[name=type]'), 'Strategic developments');
    const types = await p2.$$eval('#events tbody tr td:nth-child(2)', (xs) => xs.map((x) => x.textContent));
    const want = (await live.store.listEvents({ eventType: 'Strategic developments' })).length;
    assert.equal(types.length, want);
    await p2.close();
  });

  it('works at phone width without sideways scrolling', T, async () => {
    const phone = await ctx.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${live.base}/?asOf=2020-12-31`);
    await ready(phone);
    const w = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(w <= 392, `page is ${w}px wide at 390px`);
    await phone.screenshot({ path: artifact('dashboard-phone.png'), fullPage: true });
    await phone.close();
    assert.deepEqual(pageErrors, []);
  });
});

async function setToken(p: Page, token: string) {
  await p.click('#signin');
  await p.fill('#tokenDialog input[name=token]', token);
  await p.click('#tokenDialog button[value=save]');
}
