// Swagger UI in a real browser (Debian's chromium, driven by playwright-core), against the service in Development:
// Authorize with a demo key → POST /v1/requests → Try it out → Execute with the pre-filled example → 201 on the page.
import { chromium } from 'playwright-core';
import { startService } from './service.mjs';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const service = await startService();
let browser;
let failed = false;
try {
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${service.url}/swagger/index.html`);

  await page.locator('.auth-wrapper button.authorize').click();
  const dialog = page.locator('.modal-ux');
  await dialog.locator('input[type="text"], input[type="password"]').first().fill('dev-apc-key');
  await dialog.locator('button.authorize').click();
  await dialog.locator('button.btn-done').click();

  const operation = page.locator('#operations-Delisting_requests-SubmitRequest');
  await operation.locator('.opblock-summary').first().click();
  await operation.locator('button.try-out__btn').click();
  const body = await operation.locator('textarea.body-param__text').inputValue();
  if (!body.includes('demo-ruling-in-force')) throw new Error(`the pre-filled body is not the example: ${body}`);
  await operation.locator('button.execute').click();

  const status = operation.locator('.live-responses-table tr.response .response-col_status').first();
  await status.waitFor();
  const shown = (await status.innerText()).trim();
  const responseBody = await operation.locator('.live-responses-table .response-col_description pre').first().innerText().catch(() => '');
  if (!shown.startsWith('201')) throw new Error(`Swagger UI shows ${shown}, not 201: ${responseBody.slice(0, 500)}`);
  if (!responseBody.includes('"state": "open"') && !responseBody.includes('"state":"open"')) throw new Error(`unexpected response body: ${responseBody.slice(0, 500)}`);
  console.log(`swagger-ui: Authorize (dev-apc-key) → POST /v1/requests → Try it out → Execute with the pre-filled example: ${shown} shown`);
} catch (e) {
  failed = true;
  console.error(`swagger-ui: ${e.stack ?? e}`);
  console.error(service.output().slice(-3000));
} finally {
  await browser?.close();
  await service.stop();
}
process.exit(failed ? 1 : 0);
