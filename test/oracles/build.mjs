#!/usr/bin/env node
// Builds every Go oracle under test/oracles/<name>/ (each a Go module of its own: go.mod, go.sum,
// *.go) from the Go module proxy, and caches the binaries outside the checkout, keyed by the
// oracle's sources and the Go version, so later runs (and fresh clones) reuse them.
//
//   node test/oracles/build.mjs [NAME ...]
//
// Writes .testbed/oracles.json: { "<name>": "/abs/path/to/binary", ... }, read by oracle.ts.
//
// Oracles that share their program and differ only in the module versions they build against
// (one directory per release) keep the Go files once: an `include` file in the oracle directory
// names other directories under test/oracles/ (one per line) whose *.go files are compiled with
// the oracle's own go.mod and go.sum. Such oracles are built in a staging copy in the cache.
//
// A directory without Go files of its own builds the real program its go.mod names with a
// `tool` directive (e.g. a client's command-line binary at a pinned release).
// Fails (exit 1) when Go is missing or any oracle does not build: tests never skip.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const MANIFEST = join(ROOT, '.testbed', 'oracles.json');
const CACHE = process.env.REGAUTH_ORACLE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'regauth-oracles');

function fail(message) {
  process.stderr.write(`oracles: ${message}\n`);
  process.exit(1);
}

const go = spawnSync('go', ['version'], { encoding: 'utf8' });
if (go.status !== 0) fail('Go is required to build the test oracles (go version failed)');
const goVersion = go.stdout.trim();

function oracleNames() {
  return readdirSync(HERE, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(HERE, entry.name, 'go.mod')))
    .map((entry) => entry.name)
    .sort();
}

function sourceFiles(dir) {
  const files = [];
  const walk = (current) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(go|mod|sum)$/.test(entry.name)) files.push(path);
    }
  };
  walk(dir);
  return files.sort();
}

/** The directories named by the oracle's `include` file (see above). */
function includedDirs(name) {
  const list = join(HERE, name, 'include');
  if (!existsSync(list)) return [];
  return readFileSync(list, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((dir) => {
      const path = resolve(HERE, dir);
      if (!path.startsWith(`${HERE}/`) || !existsSync(path)) fail(`${name}/include names ${dir}, which is not a directory under test/oracles/`);
      return path;
    });
}

function cacheKey(name) {
  const hash = createHash('sha256').update(goVersion);
  for (const dir of [join(HERE, name), ...includedDirs(name)]) {
    for (const file of sourceFiles(dir)) hash.update(file.slice(HERE.length)).update('\0').update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Where `go build` runs: the oracle directory itself, or a staging copy when it includes shared files. */
function buildDir(name, outputDir) {
  const includes = includedDirs(name);
  if (includes.length === 0) return join(HERE, name);
  const staging = join(outputDir, 'src');
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const dir of [join(HERE, name), ...includes]) {
    for (const entry of readdirSync(dir)) {
      if (/\.(go|mod|sum)$/.test(entry) && (dir === join(HERE, name) || entry.endsWith('.go'))) copyFileSync(join(dir, entry), join(staging, entry));
    }
  }
  return staging;
}

/** `.`, or the program named by the go.mod `tool` directive of an oracle without Go files. */
function buildTarget(name) {
  const dir = join(HERE, name);
  if (readdirSync(dir).some((entry) => entry.endsWith('.go')) || includedDirs(name).length > 0) return '.';
  const tools = [...readFileSync(join(dir, 'go.mod'), 'utf8').matchAll(/^tool\s+(\S+)\s*$/gm)].map((match) => match[1]);
  if (tools.length !== 1) fail(`${name} has no Go files, so its go.mod must name exactly one program with a tool directive`);
  return tools[0];
}

function goCommand(args, cwd) {
  return new Promise((resolvePromise) => {
    const child = spawn('go', args, {
      cwd,
      env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('close', (code) => resolvePromise({ code, output }));
  });
}

/** What an oracle needs: its binary path, and whether the cache already holds it. */
function plan(name) {
  const binary = join(CACHE, `${name}-${cacheKey(name)}`, 'oracle');
  if (existsSync(binary) && statSync(binary).size > 0) return { name, binary, cached: true };
  mkdirSync(dirname(binary), { recursive: true });
  return { name, binary, cached: false, dir: buildDir(name, dirname(binary)), target: buildTarget(name) };
}

/** Downloads the modules an oracle's packages need (no compiling): network-bound, so many run at once. */
async function fetchModules(item) {
  const { code, output } = await goCommand(['list', '-mod=mod', '-deps', '-f', '{{.ImportPath}}', item.target], item.dir);
  return code === 0 ? item : { ...item, error: `go list failed (exit ${code}):\n${output.trim()}` };
}

async function compile(item) {
  if (item.cached || item.error !== undefined) return item;
  const partial = `${item.binary}.partial-${process.pid}`;
  const started = Date.now();
  const { code, output } = await goCommand(['build', '-mod=mod', '-trimpath', '-o', partial, item.target], item.dir);
  if (code !== 0) return { ...item, error: `go build failed (exit ${code}):\n${output.trim()}` };
  renameSync(partial, item.binary);
  return { ...item, ms: Date.now() - started };
}

async function eachLimited(items, limit, fn) {
  const results = [];
  const queue = [...items];
  await Promise.all(Array.from({ length: limit }, async () => {
    while (queue.length > 0) results.push(await fn(queue.shift()));
  }));
  return results;
}

async function main() {
  const wanted = process.argv.slice(2);
  const names = wanted.length > 0 ? wanted : oracleNames();
  for (const name of names) if (!existsSync(join(HERE, name, 'go.mod'))) fail(`no oracle named ${name} (test/oracles/${name}/go.mod)`);
  const started = Date.now();
  const plans = names.map(plan);
  // downloads wait on the network: all at once; go build already uses both cores for one
  // package graph, two builds at once keep them busy
  const fetched = await eachLimited(plans.filter((item) => !item.cached), 8, fetchModules);
  const fetchMs = Date.now() - started;
  const compiled = await eachLimited(fetched, Math.max(1, Math.min(2, cpus().length)), compile);
  const results = [...plans.filter((item) => item.cached), ...compiled];
  const failed = results.filter((result) => result.error !== undefined);
  for (const result of failed) process.stderr.write(`oracles: ${result.name}: ${result.error}\n`);
  if (failed.length > 0) fail(`${failed.length} of ${names.length} oracles did not build`);
  const manifest = existsSync(MANIFEST) ? JSON.parse(readFileSync(MANIFEST, 'utf8')) : {};
  for (const result of results) manifest[result.name] = result.binary;
  mkdirSync(dirname(MANIFEST), { recursive: true });
  writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
  const built = results.filter((result) => !result.cached);
  const detail = built.length > 0 ? `: modules fetched in ${Math.round(fetchMs / 1000)}s, then ${built.map((r) => `${r.name} ${Math.round(r.ms / 1000)}s`).join(', ')}` : '';
  process.stdout.write(`oracles: ${results.length} ready (${built.length} built${detail}; ${Math.round((Date.now() - started) / 1000)}s; cache ${CACHE})\n`);
}

await main();
