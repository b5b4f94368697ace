// Contract test: a scenario that calls every operation of api-spec/openapi.json, on success and error paths,
// through Prism's validating proxy (`prism proxy --errors`) in front of the real service. Fails on any request or
// response that does not match the document, on an unexpected status, and on an operation left untested.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { root, startService, startPrism } from './service.mjs';

const spec = JSON.parse(readFileSync(join(root, 'api-spec/openapi.json'), 'utf8'));
const admin = 'dev-admin-key', apc = 'dev-apc-key', fndf = 'dev-fndf-key', google = 'dev-google-key', bing = 'dev-bing-key';
const failures = [];
const covered = new Map(); // "METHOD /template" -> Set of "2xx" | "4xx"

let prism;
await against({}, scenario);
// A second instance that throttles at once: 429 with Retry-After, as declared.
await against({ RateLimiting__PermitsPerSecond: '1', RateLimiting__Burst: '2' }, async () => {
  for (let i = 0; i < 2; i++) await call('GET', '/v1/engines', { key: google, expect: 200 });
  const throttled = await call('GET', '/v1/engines', { key: google, expect: 429 });
  if (!/^\d+$/.test(throttled.headers.get('retry-after') ?? '')) failures.push('429 without a Retry-After in seconds');
});

async function against(env, steps) {
  const service = await startService({ env });
  try {
    prism = await startPrism(service.url);
    await steps();
  } catch (e) {
    failures.push(`scenario aborted: ${e.stack ?? e}`);
  } finally {
    const violations = (prism?.output() ?? '').split('\n').filter(l => /violation/i.test(l));
    for (const line of violations) failures.push(`prism: ${line.trim()}`);
    await prism?.stop();
    await service.stop();
  }
}

for (const [path, item] of Object.entries(spec.paths)) {
  for (const method of Object.keys(item).filter(m => item[m]?.responses)) {
    const seen = covered.get(`${method.toUpperCase()} ${path}`) ?? new Set();
    for (const kind of ['2xx', '4xx']) if (!seen.has(kind)) failures.push(`${method.toUpperCase()} ${path}: no ${kind} call in the scenario`);
  }
}
const calls = [...covered.values()].reduce((n, s) => n + s.size, 0);
if (failures.length) {
  console.error(`contract: ${failures.length} failure(s)\n  ` + failures.join('\n  '));
  process.exit(1);
}
console.log(`contract: ${covered.size} operations, success and error paths, all through prism proxy --errors: no mismatch`);

async function call(method, template, { params = {}, query = '', key = admin, body, raw, headers = {}, expect }) {
  const path = template.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(params[name]));
  const response = await fetch(prism.url + path + query, {
    method,
    headers: { ...(key ? { 'X-Api-Key': key } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  const json = text && /json/.test(type) && !/jsonl/.test(type) ? JSON.parse(text) : null;
  const label = `${method} ${path}${query} (${key})`;
  if (response.headers.get('sl-violations')) failures.push(`${label}: ${response.headers.get('sl-violations')}`);
  if (json?.type?.startsWith?.('https://stoplight.io/prism/')) failures.push(`${label}: prism refused it: ${text}`);
  else if (response.status !== expect) failures.push(`${label}: expected ${expect}, got ${response.status}: ${text.slice(0, 300)}`);
  const kind = `${String(response.status)[0]}xx`;
  const op = `${method} ${template}`;
  if (!covered.has(op)) covered.set(op, new Set());
  if (response.status === expect) covered.get(op).add(kind);
  return { status: response.status, headers: response.headers, json };
}

async function scenario() {
  // Reference data
  await call('GET', '/v1/engines', { key: google, expect: 200 });
  await call('GET', '/v1/engines', { key: 'not-a-key', expect: 401 });
  await call('GET', '/v1/organisations', { key: apc, expect: 200 });
  await call('GET', '/v1/organisations', { key: 'not-a-key', expect: 401 });
  await call('GET', '/v1/organisations/{organisationId}', { params: { organisationId: 'apc' }, expect: 200 });
  await call('GET', '/v1/organisations/{organisationId}', { params: { organisationId: 'nobody' }, expect: 404 });
  await call('POST', '/v1/organisations', { body: { id: 'sacem', name: 'SACEM' }, expect: 201 });
  await call('POST', '/v1/organisations', { body: { id: 'sacem', name: 'SACEM again' }, expect: 409 });
  await call('POST', '/v1/organisations', { body: { id: 'Not A Slug', name: 'x' }, expect: 422 });
  await call('POST', '/v1/organisations', { key: apc, body: { id: 'scpp', name: 'SCPP' }, expect: 403 });
  await call('POST', '/v1/organisations', { body: { id: 'too-large', name: 'x'.repeat(1_100_000) }, expect: 413 });

  // Keys
  const sacemKey = await call('POST', '/v1/api-keys', { body: { role: 'rights-holder', organisation: 'sacem', label: 'SACEM crawler' }, expect: 201 });
  await call('POST', '/v1/api-keys', { body: { role: 'engine', engine: 'bing' }, expect: 201 });
  await call('POST', '/v1/api-keys', { body: { role: 'rights-holder' }, expect: 422 });
  await call('POST', '/v1/api-keys', { body: { role: 'engine', engine: 'altavista' }, expect: 422 });
  await call('POST', '/v1/api-keys', { key: apc, body: { role: 'admin' }, expect: 403 });
  const keys = await call('GET', '/v1/api-keys', { query: '?limit=2', expect: 200 });
  await call('GET', '/v1/api-keys', { query: `?after=${keys.json.next}`, expect: 200 });
  await call('GET', '/v1/api-keys', { query: '?after=not-a-cursor', expect: 400 });
  await call('GET', '/v1/api-keys', { key: google, expect: 403 });
  const sacem = sacemKey.json.key;

  // Rulings
  const today = new Date();
  const day = offset => new Date(today.getTime() + offset * 86400000).toISOString().slice(0, 10);
  const ruling = {
    id: 'tj-paris-contract', court: 'Tribunal judiciaire de Paris', caseReference: 'RG 26/00002',
    decidedOn: day(-10), servedOn: day(-7), timeZone: 'Europe/Paris', complianceDays: 15, inForceUntil: day(365),
    plaintiffs: ['apc', 'sacem'], engines: ['google', 'bing'],
    sites: [{ domain: 'WWW.Example-Pirate.COM.', network: 'Example' }, { domain: 'example-pirate.net' }],
  };
  await call('POST', '/v1/rulings', { body: ruling, expect: 201 });
  await call('POST', '/v1/rulings', { body: ruling, expect: 409 });
  await call('POST', '/v1/rulings', { body: { ...ruling, id: 'tj-paris-unknowns', plaintiffs: ['nobody'], engines: ['altavista'] }, expect: 422 });
  await call('POST', '/v1/rulings', { body: { ...ruling, id: 'tj-paris-suffix', sites: [{ domain: 'co.uk' }] }, expect: 422 });
  await call('POST', '/v1/rulings', { key: apc, body: { ...ruling, id: 'tj-paris-apc' }, expect: 403 });
  const rulings = await call('GET', '/v1/rulings', { key: apc, query: '?limit=1', expect: 200 });
  await call('GET', '/v1/rulings', { key: apc, query: `?after=${rulings.json.next}&limit=1000`, expect: 200 });
  await call('GET', '/v1/rulings', { key: google, query: '?after=%%%', expect: 400 });
  await call('GET', '/v1/rulings/{rulingId}', { params: { rulingId: 'tgi-paris-2013-11-28-allostreaming' }, key: google, expect: 200 });
  await call('GET', '/v1/rulings/{rulingId}', { params: { rulingId: 'no-such-ruling' }, key: google, expect: 404 });

  // Protected hosts
  const hosts = await call('GET', '/v1/protected-hosts', { key: google, query: '?limit=2', expect: 200 });
  await call('GET', '/v1/protected-hosts', { key: apc, query: `?after=${hosts.json.next}`, expect: 200 });
  await call('GET', '/v1/protected-hosts', { key: apc, query: '?after=not-a-cursor', expect: 400 });
  const protectedHost = await call('POST', '/v1/protected-hosts', { body: { host: 'files.shared-contract.example', includeSubdomains: true,
    reason: 'Shared file host', withdrawOpenItems: true }, expect: 201 });
  await call('POST', '/v1/protected-hosts', { body: { host: 'files.shared-contract.example', reason: 'again' }, expect: 409 });
  await call('POST', '/v1/protected-hosts', { body: { host: '192.0.2.1', reason: 'an address' }, expect: 422 });
  await call('POST', '/v1/protected-hosts', { key: apc, body: { host: 'other.example', reason: 'no' }, expect: 403 });
  await call('POST', '/v1/rulings', { body: { ...ruling, id: 'tj-paris-protected', sites: [{ domain: 'google.com' }] }, expect: 422 });
  await call('DELETE', '/v1/protected-hosts/{protectedHostId}', { params: { protectedHostId: protectedHost.json.id }, expect: 204 });
  await call('DELETE', '/v1/protected-hosts/{protectedHostId}', { params: { protectedHostId: protectedHost.json.id }, expect: 404 });

  // Mirror reports and extensions of the site list
  const rulingId = 'tj-paris-contract';
  const reported = await call('POST', '/v1/rulings/{rulingId}/mirror-reports', { params: { rulingId }, key: apc,
    body: { domain: 'example-pirate.org', mirrorOf: 'example-pirate.net', evidence: ['https://example-pirate.org/film/1'], note: 'same catalogue' }, expect: 201 });
  await call('POST', '/v1/rulings/{rulingId}/mirror-reports', { params: { rulingId }, key: sacem,
    body: { domain: 'Example-Pirate.org', mirrorOf: 'example-pirate.net', evidence: ['https://example-pirate.org/film/2'] }, expect: 409 });
  const toDismiss = await call('POST', '/v1/rulings/{rulingId}/mirror-reports', { params: { rulingId }, key: apc,
    body: { domain: 'example-pirate.info', mirrorOf: 'example-pirate.net', evidence: ['https://example-pirate.info/x'] }, expect: 201 });
  await call('POST', '/v1/rulings/{rulingId}/mirror-reports', { params: { rulingId }, key: apc,
    body: { domain: 'example-pirate.biz', mirrorOf: 'not-a-site.com', evidence: ['https://example-pirate.biz/x'] }, expect: 422 });
  await call('POST', '/v1/rulings/{rulingId}/mirror-reports', { params: { rulingId }, key: fndf,
    body: { domain: 'example-pirate.biz', mirrorOf: 'example-pirate.net', evidence: ['https://example-pirate.biz/x'] }, expect: 403 });
  await call('POST', '/v1/rulings/{rulingId}/mirror-reports', { params: { rulingId: 'no-such-ruling' }, key: apc,
    body: { domain: 'example-pirate.biz', mirrorOf: 'example-pirate.net', evidence: ['https://example-pirate.biz/x'] }, expect: 404 });
  const reports = await call('GET', '/v1/rulings/{rulingId}/mirror-reports', { params: { rulingId }, key: apc, query: '?status=reported&limit=1', expect: 200 });
  await call('GET', '/v1/rulings/{rulingId}/mirror-reports', { params: { rulingId }, key: google, query: `?after=${reports.json.next}`, expect: 200 });
  await call('GET', '/v1/rulings/{rulingId}/mirror-reports', { params: { rulingId }, key: fndf, expect: 403 });
  await call('GET', '/v1/rulings/{rulingId}/mirror-reports', { params: { rulingId }, key: apc, query: '?after=qq', expect: 400 });
  await call('GET', '/v1/rulings/{rulingId}/mirror-reports/{reportId}', { params: { rulingId, reportId: reported.json.id }, key: admin, expect: 200 });
  await call('GET', '/v1/rulings/{rulingId}/mirror-reports/{reportId}', { params: { rulingId, reportId: 'mir_nope' }, key: admin, expect: 404 });
  await call('POST', '/v1/rulings/{rulingId}/mirror-reports/{reportId}/dismissal', { params: { rulingId, reportId: toDismiss.json.id },
    body: { reason: 'Only links to the original; hosts nothing.' }, expect: 200 });
  await call('POST', '/v1/rulings/{rulingId}/mirror-reports/{reportId}/dismissal', { params: { rulingId, reportId: toDismiss.json.id },
    body: { reason: 'Again.' }, expect: 409 });
  await call('POST', '/v1/rulings/{rulingId}/mirror-reports/{reportId}/dismissal', { params: { rulingId, reportId: 'mir_nope' },
    body: { reason: 'Unknown.' }, expect: 404 });
  await call('POST', '/v1/rulings/{rulingId}/mirror-reports/{reportId}/dismissal', { params: { rulingId, reportId: reported.json.id }, key: apc,
    body: { reason: 'Not mine to decide.' }, expect: 403 });
  const extension = { basis: 'court-decision', reference: 'RG 26/00043', decidedOn: day(-1), servedOn: null, inForceUntil: day(365),
    sites: [{ domain: 'example-pirate.org', network: 'Example', mirrorOf: 'example-pirate.net' }], mirrorReports: [reported.json.id] };
  const extended = await call('POST', '/v1/rulings/{rulingId}/extensions', { params: { rulingId }, body: extension, expect: 201 });
  await call('POST', '/v1/rulings/{rulingId}/extensions', { params: { rulingId }, body: { ...extension, mirrorReports: [] }, expect: 422 });
  await call('POST', '/v1/rulings/{rulingId}/extensions', { params: { rulingId }, key: apc, body: extension, expect: 403 });
  await call('POST', '/v1/rulings/{rulingId}/extensions', { params: { rulingId: 'no-such-ruling' }, body: extension, expect: 404 });
  await call('GET', '/v1/rulings/{rulingId}/extensions', { params: { rulingId }, key: google, expect: 200 });
  await call('GET', '/v1/rulings/{rulingId}/extensions', { params: { rulingId: 'no-such-ruling' }, key: google, expect: 404 });
  await call('GET', '/v1/rulings/{rulingId}/extensions/{extensionId}', { params: { rulingId, extensionId: extended.json.id }, key: apc, expect: 200 });
  await call('GET', '/v1/rulings/{rulingId}/extensions/{extensionId}', { params: { rulingId, extensionId: 'ext_nope' }, key: apc, expect: 404 });
  const history = await call('GET', '/v1/rulings/{rulingId}/events', { params: { rulingId }, key: apc, query: '?limit=1', expect: 200 });
  await call('GET', '/v1/rulings/{rulingId}/events', { params: { rulingId }, key: admin, query: `?after=${history.json.next}`, expect: 200 });
  await call('GET', '/v1/rulings/{rulingId}/events', { params: { rulingId: 'no-such-ruling' }, key: apc, expect: 404 });
  await call('GET', '/v1/rulings/{rulingId}/events', { params: { rulingId }, key: apc, query: '?after=~', expect: 400 });

  // Evidence: a capture stored under its SHA-256 (201, then 200 for the same bytes), read whole and in part, headers only
  const capture = Buffer.from('Capture of https://example-pirate.org/film/1 for the contract scenario');
  const sha256 = createHash('sha256').update(capture).digest('hex');
  const binary = { 'Content-Type': 'application/octet-stream' }; // the type GET answers with, as the document declares
  await call('PUT', '/v1/evidence/{sha256}', { params: { sha256 }, key: apc, raw: capture, headers: binary, expect: 201 });
  await call('PUT', '/v1/evidence/{sha256}', { params: { sha256 }, key: apc, raw: capture, headers: binary, expect: 200 });
  await call('PUT', '/v1/evidence/{sha256}', { params: { sha256: '0'.repeat(64) }, key: apc, raw: capture, headers: binary, expect: 422 });
  await call('PUT', '/v1/evidence/{sha256}', { params: { sha256: 'not-a-hash' }, key: apc, raw: capture, headers: binary, expect: 400 });
  await call('PUT', '/v1/evidence/{sha256}', { params: { sha256 }, key: google, raw: capture, headers: binary, expect: 403 });
  await call('GET', '/v1/evidence/{sha256}', { params: { sha256 }, key: apc, expect: 200 });
  await call('GET', '/v1/evidence/{sha256}', { params: { sha256 }, key: apc, headers: { Range: 'bytes=0-9' }, expect: 206 });
  await call('GET', '/v1/evidence/{sha256}', { params: { sha256 }, key: fndf, expect: 404 });
  await call('HEAD', '/v1/evidence/{sha256}', { params: { sha256 }, key: admin, expect: 200 });
  await call('HEAD', '/v1/evidence/{sha256}', { params: { sha256: '1'.repeat(64) }, key: admin, expect: 404 });

  // Requests
  const idempotencyKey = randomUUID();
  const body = { rulingId: 'tj-paris-contract', clientReference: 'contract-001',
    urls: ['https://WWW.example-pirate.com/film/123#player', 'https://www.example-pirate.com/film/124', 'https://example-pirate.net/a?b=c',
      'https://example-pirate.org/film/1'] };
  const first = await call('POST', '/v1/requests', { key: apc, body, headers: { 'Idempotency-Key': idempotencyKey }, expect: 201 });
  const replay = await call('POST', '/v1/requests', { key: apc, body, headers: { 'Idempotency-Key': idempotencyKey }, expect: 201 });
  if (replay.headers.get('idempotent-replayed') !== 'true') failures.push('replayed request without Idempotent-Replayed: true');
  if (!first.headers.get('location')?.endsWith(first.json.id)) failures.push('201 of POST /v1/requests without its Location');
  await call('POST', '/v1/requests', { key: apc, body: { ...body, clientReference: 'other' }, headers: { 'Idempotency-Key': idempotencyKey }, expect: 422 });
  await call('POST', '/v1/requests', { key: sacem, body: { rulingId: 'tj-paris-contract', urls: ['https://www.example-pirate.com/film/124'] }, expect: 201 });
  await call('POST', '/v1/requests', { key: apc, body: { rulingId: 'tj-paris-contract', urls: ['https://mirror-pirate.com/film/1', 'ftp://example-pirate.com/x'] }, expect: 422 });
  await call('POST', '/v1/requests', { key: apc, body: { rulingId: 'tgi-paris-2013-11-28-allostreaming', urls: ['https://allostreaming.com/x'] }, expect: 422 });
  await call('POST', '/v1/requests', { key: fndf, body, expect: 403 });
  await call('POST', '/v1/requests', { key: google, body, expect: 403 });
  await call('POST', '/v1/requests', { key: apc, body: { rulingId: 'demo-ruling-in-force', urls: ['https://www.streaming-demo.example/film/123'] }, expect: 201 });

  // Change feeds: pages with next, a short long poll, scopes and bad parameters
  const engineFeed = await call('GET', '/v1/engines/{engine}/changes', { params: { engine: 'google' }, key: google, query: '?limit=2', expect: 200 });
  await call('GET', '/v1/engines/{engine}/changes', { params: { engine: 'google' }, key: admin, query: `?after=${engineFeed.json.next}&wait=1`, expect: 200 });
  await call('GET', '/v1/engines/{engine}/changes', { params: { engine: 'google' }, key: bing, expect: 403 });
  await call('GET', '/v1/engines/{engine}/changes', { params: { engine: 'google' }, key: google, query: '?wait=31', expect: 400 });
  await call('GET', '/v1/organisations/{organisation}/changes', { params: { organisation: 'apc' }, key: apc, expect: 200 });
  await call('GET', '/v1/organisations/{organisation}/changes', { params: { organisation: 'apc' }, key: fndf, expect: 403 });
  await call('GET', '/v1/organisations/{organisation}/changes', { params: { organisation: 'nosuch' }, key: admin, expect: 404 });
  const requestId = first.json.id;
  await call('GET', '/v1/requests', { key: apc, query: '?state=open&limit=1', expect: 200 });
  await call('GET', '/v1/requests', { key: admin, query: '?rulingId=tj-paris-contract', expect: 200 });
  await call('GET', '/v1/requests', { key: apc, query: '?after=zzz', expect: 400 });
  await call('GET', '/v1/requests', { key: google, expect: 403 });
  await call('GET', '/v1/requests/{requestId}', { params: { requestId }, key: apc, expect: 200 });
  await call('GET', '/v1/requests/{requestId}', { params: { requestId }, key: fndf, expect: 404 });
  const items = await call('GET', '/v1/requests/{requestId}/items', { params: { requestId }, key: apc, query: '?engine=google&limit=2', expect: 200 });
  await call('GET', '/v1/requests/{requestId}/items', { params: { requestId }, key: apc, query: `?after=${items.json.next}`, expect: 200 });
  await call('GET', '/v1/requests/{requestId}/items', { params: { requestId }, key: apc, query: '?status=delisted', expect: 200 });
  await call('GET', '/v1/requests/{requestId}/items', { params: { requestId }, key: apc, query: '?after=bm9wZQ', expect: 400 });
  await call('GET', '/v1/requests/{requestId}/items', { params: { requestId: 'req_nope' }, key: apc, expect: 404 });

  // Engines
  const queue = await call('GET', '/v1/engines/{engine}/items', { params: { engine: 'google' }, key: google, query: '?status=pending&limit=2', expect: 200 });
  await call('GET', '/v1/engines/{engine}/items', { params: { engine: 'google' }, key: google, query: `?after=${queue.json.next}`, expect: 200 });
  await call('GET', '/v1/engines/{engine}/items', { params: { engine: 'bing' }, key: google, expect: 403 });
  await call('GET', '/v1/engines/{engine}/items', { params: { engine: 'altavista' }, key: admin, expect: 404 });
  await call('GET', '/v1/engines/{engine}/items', { params: { engine: 'google' }, key: google, query: '?after=xyz', expect: 400 });
  // This request's own google items: the oldest of the queue are the Development demo scenario's.
  const own = await call('GET', '/v1/requests/{requestId}/items', { params: { requestId }, key: apc, query: '?engine=google&limit=2', expect: 200 });
  const [a, b] = own.json.items.map(i => i.id);
  await call('POST', '/v1/engines/{engine}/responses', { params: { engine: 'google' }, key: google,
    body: { responses: [{ itemId: a, status: 'delisted', engineReference: 'G-1' }, { itemId: b, status: 'rejected', reasonCode: 'not-in-index', reason: 'URL not in our index' }] }, expect: 200 });
  await call('POST', '/v1/engines/{engine}/responses', { params: { engine: 'google' }, key: google,
    body: { responses: [{ itemId: a, status: 'delisted' }] }, expect: 200 });
  await call('POST', '/v1/engines/{engine}/responses', { params: { engine: 'google' }, key: google,
    body: { responses: [{ itemId: a, status: 'acknowledged' }] }, expect: 409 });
  await call('POST', '/v1/engines/{engine}/responses', { params: { engine: 'google' }, key: google,
    body: { responses: [{ itemId: 'itm_nope', status: 'acknowledged' }] }, expect: 422 });
  await call('POST', '/v1/engines/{engine}/responses', { params: { engine: 'google' }, key: google,
    body: { responses: [{ itemId: b, status: 'rejected', reasonCode: 'other' }] }, expect: 422 });
  await call('POST', '/v1/engines/{engine}/responses', { params: { engine: 'google' }, key: bing,
    body: { responses: [{ itemId: a, status: 'delisted' }] }, expect: 403 });
  await call('POST', '/v1/engines/{engine}/responses', { params: { engine: 'google' }, key: apc,
    body: { responses: [{ itemId: a, status: 'delisted' }] }, expect: 403 });

  // Status, compliance, history
  await call('GET', '/v1/requests/{requestId}', { params: { requestId }, key: admin, expect: 200 });
  await call('GET', '/v1/rulings/{rulingId}/compliance', { params: { rulingId: 'tj-paris-contract' }, key: apc, expect: 200 });
  await call('GET', '/v1/rulings/{rulingId}/compliance', { params: { rulingId: 'tj-paris-contract' }, key: google, expect: 200 });
  await call('GET', '/v1/rulings/{rulingId}/compliance', { params: { rulingId: 'tj-paris-contract' }, key: fndf, expect: 403 });
  await call('GET', '/v1/rulings/{rulingId}/compliance', { params: { rulingId: 'no-such-ruling' }, key: admin, expect: 404 });
  const exported = await call('GET', '/v1/rulings/{rulingId}/compliance/export', { params: { rulingId: 'tj-paris-contract' }, key: apc, expect: 200 });
  if (!exported.headers.get('as-of') || !/filename/.test(exported.headers.get('content-disposition') ?? '')) failures.push('export without As-Of or a file name');
  await call('GET', '/v1/rulings/{rulingId}/compliance/export', { params: { rulingId: 'tj-paris-contract' }, key: google,
    query: `?format=jsonl&asOf=${encodeURIComponent(exported.headers.get('as-of'))}`, expect: 200 });
  await call('GET', '/v1/rulings/{rulingId}/compliance/export', { params: { rulingId: 'tj-paris-contract' }, key: fndf, expect: 403 });
  await call('GET', '/v1/rulings/{rulingId}/compliance/export', { params: { rulingId: 'tj-paris-contract' }, key: apc, query: '?asOf=tomorrow', expect: 400 });
  await call('GET', '/v1/rulings/{rulingId}/compliance/export', { params: { rulingId: 'no-such-ruling' }, key: admin, expect: 404 });
  // Transparency: public figures without a key (a key is accepted), and the ruling as a Lumen notice for its plaintiffs
  const figures = await call('GET', '/v1/transparency/rulings', { key: null, expect: 200 });
  await call('GET', '/v1/transparency/rulings', { key: null, headers: { 'If-None-Match': figures.headers.get('etag') }, expect: 304 });
  await call('GET', '/v1/transparency/rulings', { key: null, query: '?after=not-a-cursor', expect: 400 });
  await call('GET', '/v1/transparency/rulings/{rulingId}/months', { params: { rulingId: 'tj-paris-contract' }, key: null, expect: 200 });
  await call('GET', '/v1/transparency/rulings/{rulingId}/months', { params: { rulingId: 'no-such-ruling' }, key: null, expect: 404 });
  await call('GET', '/v1/rulings/{rulingId}/lumen', { params: { rulingId: 'tj-paris-contract' }, key: apc, expect: 200 });
  await call('GET', '/v1/rulings/{rulingId}/lumen', { params: { rulingId: 'tj-paris-contract' }, key: fndf, expect: 403 });
  await call('GET', '/v1/rulings/{rulingId}/lumen', { params: { rulingId: 'tj-paris-contract' }, key: apc, query: '?asOf=tomorrow', expect: 400 });
  await call('GET', '/v1/rulings/{rulingId}/lumen', { params: { rulingId: 'no-such-ruling' }, key: admin, expect: 404 });
  const events = await call('GET', '/v1/requests/{requestId}/events', { params: { requestId }, key: apc, query: '?limit=1', expect: 200 });
  await call('GET', '/v1/requests/{requestId}/events', { params: { requestId }, key: apc, query: `?after=${events.json.next}`, expect: 200 });
  await call('GET', '/v1/requests/{requestId}/events', { params: { requestId }, key: fndf, expect: 404 });
  await call('GET', '/v1/requests/{requestId}/events', { params: { requestId }, key: apc, query: '?after=abc', expect: 400 });

  // Withdrawals: a rights holder takes back a URL of its request; an admin ends every claim under the ruling
  await call('POST', '/v1/requests/{requestId}/withdrawals', { params: { requestId }, key: apc,
    body: { urls: ['https://www.example-pirate.com/film/123'], reason: 'sent by mistake' }, expect: 200 });
  await call('POST', '/v1/requests/{requestId}/withdrawals', { params: { requestId }, key: apc,
    body: { urls: ['https://www.example-pirate.com/never-sent'], reason: 'sent by mistake' }, expect: 422 });
  await call('POST', '/v1/requests/{requestId}/withdrawals', { params: { requestId }, key: fndf,
    body: { urls: ['https://www.example-pirate.com/film/124'], reason: 'not ours' }, expect: 404 });
  await call('POST', '/v1/rulings/{rulingId}/withdrawals', { params: { rulingId: 'tj-paris-contract' }, key: admin,
    body: { urls: ['https://www.example-pirate.com/film/124'], reason: 'over-blocking' }, expect: 200 });
  await call('POST', '/v1/rulings/{rulingId}/withdrawals', { params: { rulingId: 'tj-paris-contract' }, key: apc,
    body: { urls: ['https://www.example-pirate.com/film/124'], reason: 'over-blocking' }, expect: 403 });

  // Webhooks: subscribe (the Development service allows a loopback receiver), read, ping, enable, deliveries, delete
  const hook = await call('POST', '/v1/webhooks', { key: apc, body: { url: 'http://127.0.0.1:9/contract-hook', feed: 'organisation', description: 'contract' }, expect: 201 });
  await call('POST', '/v1/webhooks', { key: apc, body: { url: 'ftp://127.0.0.1/hook', feed: 'organisation' }, expect: 422 });
  await call('POST', '/v1/webhooks', { key: admin, body: { url: 'http://127.0.0.1:9/hook', feed: 'organisation' }, expect: 403 });
  const webhookId = hook.json.id;
  await call('GET', '/v1/webhooks', { key: apc, expect: 200 });
  await call('GET', '/v1/webhooks', { key: apc, query: '?after=zzz', expect: 400 });
  await call('GET', '/v1/webhooks/{webhookId}', { params: { webhookId }, key: apc, expect: 200 });
  await call('GET', '/v1/webhooks/{webhookId}', { params: { webhookId }, key: fndf, expect: 404 });
  await call('POST', '/v1/webhooks/{webhookId}/ping', { params: { webhookId }, key: apc, expect: 202 });
  await call('POST', '/v1/webhooks/{webhookId}/ping', { params: { webhookId: 'whk_nope' }, key: apc, expect: 404 });
  await call('POST', '/v1/webhooks/{webhookId}/enable', { params: { webhookId }, key: apc, expect: 200 });
  await call('POST', '/v1/webhooks/{webhookId}/enable', { params: { webhookId }, key: google, expect: 404 });
  await call('GET', '/v1/webhooks/{webhookId}/deliveries', { params: { webhookId }, key: apc, expect: 200 });
  await call('GET', '/v1/webhooks/{webhookId}/deliveries', { params: { webhookId: 'whk_nope' }, key: apc, expect: 404 });
  await call('DELETE', '/v1/webhooks/{webhookId}', { params: { webhookId }, key: apc, expect: 204 });
  await call('DELETE', '/v1/webhooks/{webhookId}', { params: { webhookId }, key: apc, expect: 404 });

  // Revocation
  const keyId = sacemKey.json.id;
  await call('DELETE', '/v1/api-keys/{keyId}', { params: { keyId }, expect: 204 });
  await call('DELETE', '/v1/api-keys/{keyId}', { params: { keyId }, expect: 204 });
  await call('DELETE', '/v1/api-keys/{keyId}', { params: { keyId: 'key_never_issued' }, expect: 404 });
  await call('GET', '/v1/engines', { key: sacem, expect: 401 });
  await call('DELETE', '/v1/api-keys/{keyId}', { params: { keyId }, key: apc, expect: 403 });
}
