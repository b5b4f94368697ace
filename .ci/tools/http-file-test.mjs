// Runs src/Delisting.Api/Delisting.http top to bottom against a fresh Development instance, as an IDE would, and then
// a second time against the same instance (the file must be re-runnable): file variables, {{$guid}},
// {{$randomInt min max}}, {{$timestamp}}, {{$datetime 'YYYY-MM-DD' [n d|y]}}, and {{name.response.body.$.path}} from named
// requests. Every request must answer 2xx unless its block says `# expect: <status>`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { root, startService } from './service.mjs';

const file = join(root, 'src/Delisting.Api/Delisting.http');
const blocks = readFileSync(file, 'utf8').split(/^###.*$/m);
const variables = {};
const responses = {};
const failures = [];

function pathValue(value, path) {
  for (const part of path.replace(/^\$\.?/, '').match(/[^.[\]]+/g) ?? []) value = value?.[/^\d+$/.test(part) ? Number(part) : part];
  return value;
}

function datetime(format, amount, unit) {
  const date = new Date();
  if (unit === 'd') date.setUTCDate(date.getUTCDate() + amount);
  if (unit === 'y') date.setUTCFullYear(date.getUTCFullYear() + amount);
  if (format !== 'YYYY-MM-DD') throw new Error(`unsupported $datetime format ${format}`);
  return date.toISOString().slice(0, 10);
}

function substitute(text) {
  return text.replace(/\{\{\s*([^}]+?)\s*\}\}/g, (_, expression) => {
    if (expression === '$guid') return randomUUID();
    if (expression === '$timestamp') return String(Math.floor(Date.now() / 1000));
    const random = expression.match(/^\$randomInt (-?\d+) (-?\d+)$/);
    if (random) return String(Number(random[1]) + Math.floor(Math.random() * (Number(random[2]) - Number(random[1]))));
    const date = expression.match(/^\$datetime '([^']+)'(?: (-?\d+) ([dy]))?$/);
    if (date) return datetime(date[1], Number(date[2] ?? 0), date[3] ?? 'd');
    const reference = expression.match(/^(\w+)\.response\.body\.(\$.*)$/);
    if (reference) {
      if (!(reference[1] in responses)) throw new Error(`{{${expression}}}: no earlier request is named ${reference[1]}`);
      const value = pathValue(responses[reference[1]], reference[2]);
      if (value === undefined) throw new Error(`{{${expression}}} is not in the response of ${reference[1]}`);
      return String(value);
    }
    if (expression in variables) return substitute(variables[expression]);
    throw new Error(`unknown variable {{${expression}}}`);
  });
}

const service = await startService();
let count = 0;
try {
  for (const run of [1, 2]) for (const block of blocks) {
    const lines = block.split('\n');
    let name, expect, i = 0;
    // Variables and comments, up to the request line
    for (; i < lines.length; i++) {
      const line = lines[i].trim();
      const variable = line.match(/^@(\w+)\s*=\s*(.*)$/);
      if (variable) { variables[variable[1]] = variable[1] === 'api' ? service.url : variable[2]; continue; }
      if (line.startsWith('#')) {
        name = line.match(/^#\s*@name\s+(\w+)/)?.[1] ?? name;
        expect = Number(line.match(/^#\s*expect:\s*(\d{3})/)?.[1] ?? expect ?? 0) || expect;
        continue;
      }
      if (line) break;
    }
    if (i >= lines.length) continue;
    const [method, url] = substitute(lines[i].trim()).split(/\s+/);
    const headers = {};
    for (i++; i < lines.length && lines[i].trim(); i++) {
      if (lines[i].trim().startsWith('#')) continue;
      const [header, ...value] = lines[i].split(':');
      headers[header.trim()] = substitute(value.join(':').trim());
    }
    const body = lines.slice(i).filter(l => !l.trim().startsWith('#')).join('\n').trim();
    const response = await fetch(url, { method, headers, body: body ? substitute(body) : undefined });
    const text = await response.text();
    count++;
    const ok = expect ? response.status === expect : response.status >= 200 && response.status < 300;
    if (!ok) failures.push(`run ${run}: ${method} ${url}: ${response.status} ${text.slice(0, 300)}`);
    if (name) responses[name] = text ? JSON.parse(text) : null;
  }
} catch (e) {
  failures.push(e.stack ?? String(e));
} finally {
  await service.stop();
}
if (failures.length) {
  console.error(`Delisting.http: ${failures.length} failure(s)\n  ` + failures.join('\n  '));
  process.exit(1);
}
console.log(`Delisting.http: ${count} requests (the file twice) ran as written against one fresh Development instance`);
