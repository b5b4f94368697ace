// Swagger UI in a real browser (Debian's chromium, driven by playwright-core), against a fresh Development start, as a
// person would use it, without ever reloading the page: every operation found on the page that has a pre-filled body or
// path parameters is opened, "Try it out", Execute. Pass 1: every one must answer 2xx. Pass 2, on the same page: each is
// executed again and must answer what the contract says for a repeat (REPEAT below; otherwise 2xx, or 409 where the
// operation documents it). The key is chosen as a person would: the one authorized, and when the operation answers 401
// or 403, Authorize again with the next demo key.
import { chromium } from 'playwright-core';
import { startService } from './service.mjs';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const KEYS = ['dev-admin-key', 'dev-apc-key', 'dev-google-key'];

// Operations the click-test does not execute, by "METHOD path", each with why.
const SKIP = {
  // The body is the bytes of a capture (application/octet-stream): Swagger UI offers a file picker, nothing pre-filled.
  'PUT /v1/evidence/{sha256}': 'binary body',
};

// What a second execution on the same page answers, where the contract says it is not 2xx (by operationId).
const REPEAT = {
  CreateOrganisation: 409, // the id exists
  CreateRuling: 409, // the id exists
  ReportMirror: 409, // the domain is already reported and still `reported` (the problem carries existingId)
  DismissMirrorReport: 409, // a decision on a report is final
  ExtendRuling: 422, // the site is now covered by a site of the ruling whose window has not ended (422 at sites[0].domain)
  DeleteWebhook: 404, // the subscription is gone
  DeleteProtectedHost: 404, // the entry is gone (a removed seeded entry stays removed)
};

const service = await startService();
let browser;
const failures = [];
try {
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${service.url}/swagger/index.html`);
  // The document Swagger UI loaded, to know which operations have a body or path parameters.
  const document = await page.evaluate(async () => (await fetch('/openapi/v1.json')).json());
  await page.locator('.opblock').first().waitFor();

  let authorized = null;
  async function authorize(key) {
    await page.locator('.auth-wrapper button.authorize').click();
    const dialog = page.locator('.modal-ux');
    const logout = dialog.locator('button.btn-done', { hasText: 'Logout' }).or(dialog.locator('button', { hasText: 'Logout' }));
    if (await logout.count() > 0) await logout.first().click();
    await dialog.locator('input[type="text"], input[type="password"]').first().fill(key);
    await dialog.locator('button.authorize').click();
    await dialog.locator('button.btn-done', { hasText: 'Close' }).click();
    authorized = key;
  }

  const ids = await page.locator('.opblock').evaluateAll(blocks => blocks.map(b => b.id));
  const operations = [];
  for (const id of ids) {
    const block = page.locator(`#${id}`);
    const method = (await block.locator('.opblock-summary-method').first().innerText()).trim().toUpperCase();
    const path = await block.locator('.opblock-summary-path').first().getAttribute('data-path');
    const spec = document.paths[path]?.[method.toLowerCase()];
    if (!spec) { failures.push(`${method} ${path}: on the page but not in the document`); continue; }
    const hasPathParameters = (spec.parameters ?? []).some(p => p.in === 'path');
    if (!spec.requestBody && !hasPathParameters) continue;
    if (SKIP[`${method} ${path}`]) { console.log(`skip ${method} ${path}: ${SKIP[`${method} ${path}`]}`); continue; }
    operations.push({ id, method, path, spec, key: null });
  }

  // Execute, read the status shown, then Clear and collapse: a page that keeps thirty highlighted responses open
  // renders slowly on a busy machine, and a person would close what they have read.
  async function execute(operation) {
    const block = page.locator(`#${operation.id}`);
    await block.locator('button.execute').click();
    const status = block.locator('.live-responses-table tr.response .response-col_status').first();
    await status.waitFor();
    const shown = Number.parseInt((await status.innerText()).trim(), 10);
    const body = await block.locator('.live-responses-table .response-col_description pre').first().innerText().catch(() => '');
    await block.locator('button.btn-clear').first().click();
    return { status: shown, body: body.slice(0, 400) };
  }

  async function collapse(operation) {
    await page.locator(`#${operation.id} .opblock-summary`).first().click();
  }

  async function open(operation) {
    const block = page.locator(`#${operation.id}`);
    await block.locator('.opblock-summary').first().click();
    const tryOut = block.locator('button.try-out__btn');
    if ((await tryOut.innerText()).trim() === 'Try it out') await tryOut.click();
    if (operation.spec.requestBody?.content?.['application/json']) {
      const body = await block.locator('textarea.body-param__text').inputValue();
      if (!body.trim()) throw new Error(`${operation.method} ${operation.path}: the body is not pre-filled`);
    }
    for (const parameter of (operation.spec.parameters ?? []).filter(p => p.in === 'path')) {
      const input = block.locator(`tr[data-param-name="${parameter.name}"] input`);
      if (!(await input.inputValue()).trim()) throw new Error(`${operation.method} ${operation.path}: {${parameter.name}} is not pre-filled`);
    }
  }

  // Pass 1: every operation as pre-filled answers 2xx, with the first demo key that may use it.
  for (const operation of operations) {
    await open(operation);
    let answer;
    for (const key of [authorized, ...KEYS.filter(k => k !== authorized)].filter(Boolean)) {
      if (key !== authorized) await authorize(key);
      answer = await execute(operation);
      if (answer.status !== 401 && answer.status !== 403) { operation.key = key; break; }
    }
    await collapse(operation);
    const line = `${operation.method} ${operation.path} (${operation.key ?? 'no key may'}): ${answer.status}`;
    if (answer.status >= 200 && answer.status < 300) console.log(`pass 1 ${line}`);
    else failures.push(`pass 1 ${line} ${answer.body}`);
  }

  // Pass 2, same page, no reload: what the contract says for a repeat.
  for (const operation of operations) {
    if (operation.key && operation.key !== authorized) await authorize(operation.key);
    await open(operation);
    const answer = await execute(operation);
    await collapse(operation);
    const declared409 = Object.hasOwn(operation.spec.responses ?? {}, '409');
    const expected = REPEAT[operation.spec.operationId];
    const ok = expected ? answer.status === expected : (answer.status >= 200 && answer.status < 300) || (answer.status === 409 && declared409);
    const line = `${operation.method} ${operation.path}: ${answer.status}${expected ? ` (expected ${expected})` : ''}`;
    if (ok) console.log(`pass 2 ${line}`);
    else failures.push(`pass 2 ${line} ${answer.body}`);
  }
  if (operations.length < 20) failures.push(`only ${operations.length} operations with a pre-filled body or path parameters were found on the page`);
  console.log(`swagger-ui: ${operations.length} operations executed twice as pre-filled on one page load`);
} catch (e) {
  failures.push(e.stack ?? String(e));
} finally {
  await browser?.close();
  await service.stop();
}
if (failures.length) {
  console.error(`swagger-ui: ${failures.length} failure(s)\n  ${failures.join('\n  ')}`);
  console.error(service.output().slice(-3000));
  process.exit(1);
}
