// The public transparency page in a real browser (Debian's chromium, driven by playwright-core), against the service
// in Development: a demo request gives the charts data; the page must load nothing from elsewhere, each chart must
// draw one mark (a bar, a box) per month of its table, and a screenshot at phone width is kept as a CI artifact.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { root, startService } from './service.mjs';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const artifacts = process.env.ARTIFACTS_DIR ?? join(root, 'TestResults', 'ci');
const service = await startService();
let browser;
let failed = false;
try {
  await giveTheChartsData(service.url);
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  page.setDefaultTimeout(30_000);
  const elsewhere = [];
  page.on('request', request => { if (!request.url().startsWith(service.url)) elsewhere.push(request.url()); });
  const response = await page.goto(`${service.url}/transparency`);
  if (response.status() !== 200) throw new Error(`GET /transparency answered ${response.status()}`);
  if (elsewhere.length) throw new Error(`the page loaded from outside the service: ${elsewhere.join(', ')}`);

  const charts = await page.locator('svg.chart').evaluateAll(svgs => svgs.map(svg => {
    const section = svg.closest('section');
    const id = svg.id.replace(/^(volumes|delay)-/, '');
    const table = section.querySelector(`table#table-${CSS.escape(id)}`);
    return {
      id: svg.id,
      months: Number(svg.dataset.months),
      marks: svg.querySelectorAll('g.bar, g.box').length,
      drawn: svg.querySelectorAll('g.bar rect, g.box rect').length,
      rows: table ? table.querySelectorAll('tbody tr').length : -1,
      width: svg.getBoundingClientRect().width,
      labelled: !!svg.querySelector('title') && svg.querySelectorAll('text.axis-label').length === 2,
    };
  }));
  if (charts.length === 0) throw new Error('the page has no chart');
  for (const chart of charts) {
    if (chart.months < 1 || chart.marks !== chart.months || chart.rows !== chart.months) {
      throw new Error(`${chart.id}: ${chart.marks} marks for ${chart.months} months and ${chart.rows} table rows`);
    }
    if (!chart.labelled) throw new Error(`${chart.id}: no title or axis labels`);
    if (chart.width > 390) throw new Error(`${chart.id} is ${chart.width} px wide on a 390 px screen`);
  }
  const demo = charts.filter(c => c.id.includes('demo-ruling-in-force-google'));
  if (demo.length !== 2 || demo.some(c => c.drawn === 0)) throw new Error(`the demo ruling's google charts drew nothing: ${JSON.stringify(demo)}`);

  mkdirSync(artifacts, { recursive: true });
  await page.locator('section[data-ruling="demo-ruling-in-force"]').screenshot({ path: join(artifacts, 'transparency.png') });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(artifacts, 'transparency-top.png') });
  console.log(`transparency page: ${charts.length} charts, each one mark per month of its table, nothing loaded from elsewhere; ` +
    `screenshots in ${artifacts}`);
} catch (e) {
  failed = true;
  console.error(`transparency page: ${e.stack ?? e}`);
  console.error(service.output().slice(-3000));
} finally {
  await browser?.close();
  await service.stop();
}
process.exit(failed ? 1 : 0);

/** apc asks for six URLs under the demo ruling; google delists four of them and rejects one. */
async function giveTheChartsData(url) {
  const post = async (path, key, body) => {
    const headers = { 'X-Api-Key': key, 'Content-Type': 'application/json' };
    const response = await fetch(url + path, { method: 'POST', headers, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const urls = [1, 2, 3, 4, 5, 6].map(i => `https://streaming-demo.example/film/ci-${i}`);
  await post('/v1/requests', 'dev-apc-key', { rulingId: 'demo-ruling-in-force', urls });
  const pending = await fetch(`${url}/v1/engines/google/items?status=pending&limit=1000`, { headers: { 'X-Api-Key': 'dev-google-key' } });
  const queue = await pending.json();
  const ids = queue.items.filter(i => urls.includes(i.url)).map(i => i.id);
  await post('/v1/engines/google/responses', 'dev-google-key', {
    responses: [...ids.slice(0, 4).map(itemId => ({ itemId, status: 'delisted' })), { itemId: ids[4], status: 'rejected', reasonCode: 'not-found' }],
  });
}
