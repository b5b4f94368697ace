// Starts the built service (and optionally Prism's validating proxy in front of it) as child processes on free
// loopback ports, with a temporary SQLite database, for the CI checks that need a real instance.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..', '..');

export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

async function waitFor(url, child, name, seconds = 60) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before it answered ${url}`);
    try {
      await fetch(url);
      return;
    } catch { await new Promise(r => setTimeout(r, 250)); }
  }
  throw new Error(`${name} did not answer ${url} within ${seconds} s`);
}

function start(name, command, args, env, log) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const keep = chunk => { lines.push(chunk.toString()); if (lines.length > 400) lines.shift(); if (log) process.stderr.write(chunk); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.output = () => lines.join('');
  return child;
}

/** The service in Development (demo keys, demo ruling) from the dll `dotnet test` built, on a fresh database. */
export async function startService({ log = false, env = {} } = {}) {
  const dll = ['Debug', 'Release'].map(c => join(root, 'src/Delisting.Api/bin', c, 'net10.0/Delisting.Api.dll')).find(existsSync);
  if (!dll) throw new Error('Delisting.Api.dll is not built: run dotnet build (or dotnet test) first');
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'delisting-ci-'));
  const child = start('service', 'dotnet', [dll], {
    ASPNETCORE_ENVIRONMENT: 'Development',
    ASPNETCORE_URLS: `http://127.0.0.1:${port}`,
    ConnectionStrings__Delisting: `Data Source=${join(dataDir, 'delisting.db')}`,
    Logging__LogLevel__Default: 'Warning',
    ...env,
  }, log);
  return ready(child, `http://127.0.0.1:${port}`, '/health/ready', 'the service', () => rmSync(dataDir, { recursive: true, force: true }));
}

/** Prism's validating proxy in front of `upstream`: every request and response is checked against the document. */
export async function startPrism(upstream, { log = false, spec = join(root, 'api-spec/openapi.json') } = {}) {
  const port = await freePort();
  const prism = join(import.meta.dirname, 'node_modules/.bin/prism');
  const child = start('prism', prism, ['proxy', spec, upstream, '--errors', '--host', '127.0.0.1', '--port', String(port)], {}, log);
  return ready(child, `http://127.0.0.1:${port}`, '/health/live', 'prism');
}

/** Waits until `child` answers on `probe`, then hands out its url, its output and a stop that also runs `cleanup`. */
async function ready(child, url, probe, what, cleanup = () => {}) {
  try {
    await waitFor(`${url}${probe}`, child, what);
  } catch (e) {
    child.kill();
    throw new Error(`${e.message}\n${child.output()}`);
  }
  return {
    url,
    output: () => child.output(),
    async stop() {
      child.kill('SIGTERM');
      await new Promise(r => (child.exitCode !== null ? r() : child.once('exit', r)));
      cleanup();
    },
  };
}
