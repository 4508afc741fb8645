#!/usr/bin/env node
// Test runner: type-checks, then runs every compiled test file inside a throwaway testbed
// (own network, mount and pid namespace; real registries, token server, Docker CLI, skopeo).
//
//   node scripts/test.mjs [FILE_OR_DIR ...]      e.g. src/config/  or  test/testbed/testbed.test.ts
//
// Environment: REGAUTH_KEEP_TESTBED=1 keeps the testbed directory for inspection;
// REGAUTH_TEST_TIMEOUT_MS limits each test file and test (default 600000: files that use the
// testbed take turns, and the wait for a turn counts against the limit);
// REGAUTH_ALLOW_TYPE_ERRORS=1 runs the tests even when tsc reports errors.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const INSIDE_MARKER = 'REGAUTH_TESTBED_NAMESPACE';
const REQUIRED_TOOLS = [
  'docker', 'skopeo', 'podman', 'docker-registry', 'docker-credential-pass', 'pass', 'gpg',
  'openssl', 'htpasswd', 'unshare', 'ip', 'mount', 'go', 'containerd',
];
const DOCKER20 = join(ROOT, '.testbed', 'docker20', 'usr', 'bin', 'docker');
const TEST_ROOTS = ['src', 'test'];

function fail(message) {
  process.stderr.write(`test: ${message}\n`);
  process.exit(1);
}

function which(tool) {
  const result = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

function typecheck() {
  const result = spawnSync('npx', ['tsc', '-p', '.'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    if (process.env.REGAUTH_ALLOW_TYPE_ERRORS === '1') {
      process.stderr.write('test: tsc reported errors; continuing because REGAUTH_ALLOW_TYPE_ERRORS=1\n');
      return;
    }
    fail('tsc -p . failed: fix the type errors above');
  }
  // the tests run bin/regauth.js as users do: through the bundle `npm run build` makes
  const bundled = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (bundled.status !== 0) fail('scripts/bundle.mjs failed: the bundled CLI differs from the compiled modules');
}

function checkPrerequisites() {
  if (process.getuid?.() !== 0) fail('must run as root: the testbed creates network and mount namespaces');
  let missing = REQUIRED_TOOLS.filter((tool) => which(tool) === null);
  if ((missing.length > 0 || !existsSync(DOCKER20)) && which('apt-get') !== null) {
    process.stderr.write(`test: installing the real components (${missing.join(', ') || 'Docker CLI 20.10'})\n`);
    const installed = spawnSync('bash', [join(ROOT, 'scripts', 'install-components.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (installed.status !== 0) fail('scripts/install-components.sh failed');
    missing = REQUIRED_TOOLS.filter((tool) => which(tool) === null);
  }
  if (missing.length > 0) {
    fail(`missing required programs: ${missing.join(', ')} (install them as .ci/run does; tests are never skipped)`);
  }
  if (!existsSync(DOCKER20)) {
    process.stderr.write('test: Docker CLI 20.10 not cached yet, fetching it\n');
    const fetched = spawnSync('bash', [join(ROOT, 'test', 'testbed', 'fetch-docker20.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (fetched.status !== 0 || !existsSync(DOCKER20)) fail('could not fetch the Docker CLI 20.10 client (test/testbed/fetch-docker20.sh)');
  }
}

/** The Go oracles need the module proxy, so they are built (or taken from the cache) before the namespace. */
function buildOracles() {
  const built = spawnSync(process.execPath, [join(ROOT, 'test', 'oracles', 'build.mjs')], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (built.status !== 0) fail('test/oracles/build.mjs failed: the Go oracles must build (tests are never skipped)');
}

/** Compiled test files whose TypeScript source still exists (stale outputs are ignored). */
function allTestFiles() {
  const files = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.test.js')) {
        const source = join(ROOT, relative(join(ROOT, 'dist'), path)).replace(/\.js$/, '.ts');
        if (existsSync(source)) files.push(path);
      }
    }
  };
  for (const root of TEST_ROOTS) walk(join(ROOT, 'dist', root));
  return files.sort();
}

/** Arguments may name sources or compiled files, files or directories. */
function selectTestFiles(args) {
  const files = allTestFiles();
  if (args.length === 0) return files;
  const selected = new Set();
  for (const arg of args) {
    let wanted = relative(ROOT, resolve(arg));
    if (!wanted.startsWith(`dist${sep}`)) wanted = join('dist', wanted);
    wanted = wanted.replace(/\.ts$/, '.js');
    const matches = files.filter((file) => {
      const rel = relative(ROOT, file);
      return rel === wanted || rel.startsWith(wanted.endsWith(sep) ? wanted : `${wanted}${sep}`);
    });
    if (matches.length === 0) fail(`no test files match ${arg}`);
    for (const match of matches) selected.add(match);
  }
  return [...selected].sort();
}

function startNodeTest(files, env) {
  const child = spawn(
    process.execPath,
    ['--enable-source-maps', '--test', '--test-concurrency=2', `--test-timeout=${process.env.REGAUTH_TEST_TIMEOUT_MS ?? 600000}`, ...files],
    { cwd: ROOT, env, stdio: 'inherit' },
  );
  const exited = new Promise((resolvePromise) => {
    child.on('exit', (code, signal) => resolvePromise(code ?? (signal ? 1 : 0)));
  });
  return { child, exited };
}

function testEnvironment(descriptor) {
  const env = { ...process.env };
  for (const name of descriptor.unsetEnv) delete env[name];
  delete env[INSIDE_MARKER];
  return { ...env, ...descriptor.env };
}

async function insideNamespace(args) {
  const files = selectTestFiles(args);
  const dir = mkdtempSync(join(tmpdir(), 'regauth-testbed-'));
  const keep = process.env.REGAUTH_KEEP_TESTBED === '1';
  let testbed;
  let tests;
  // As pid 1 of its namespace this process would ignore signals it does not handle. Leaving
  // ends every process in the namespace; only the directory needs removing.
  let aborting = false;
  const abort = async (signal) => {
    if (aborting) return;
    aborting = true;
    tests?.child.kill('SIGKILL');
    await testbed?.stop().catch(() => undefined);
    if (!keep) rmSync(dir, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);

  const started = Date.now();
  const { startTestbed } = await import(join(ROOT, 'dist', 'test', 'testbed', 'setup.js'));
  try {
    testbed = await startTestbed({ dir, docker20: DOCKER20, dockerBin: which('docker') ?? '/usr/local/bin/docker' });
  } catch (error) {
    process.stderr.write(`test: the testbed did not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.stderr.write(`test: logs kept in ${dir}\n`);
    process.exit(1);
  }
  process.stdout.write(`# testbed ready in ${Date.now() - started} ms at ${dir}; running ${files.length} test files\n`);
  tests = startNodeTest(files, testEnvironment(testbed.descriptor));
  const code = await tests.exited;
  await testbed.stop();
  if (!keep) rmSync(dir, { recursive: true, force: true });
  process.exit(code);
}

function reexecuteInNamespace(args) {
  const child = spawn(
    'unshare',
    ['--net', '--mount', '--propagation', 'private', '--pid', '--fork', '--kill-child=SIGTERM', '--mount-proc', '--', process.execPath, fileURLToPath(import.meta.url), ...args],
    { cwd: ROOT, env: { ...process.env, [INSIDE_MARKER]: '1' }, stdio: 'inherit' },
  );
  // unshare ignores SIGINT/SIGTERM while it waits; killing it makes it SIGTERM the namespace's
  // first process (--kill-child), which cleans up
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill('SIGKILL'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const args = process.argv.slice(2);
if (process.env[INSIDE_MARKER] === '1') {
  await insideNamespace(args);
} else {
  typecheck();
  if (process.env.REGAUTH_TESTBED) {
    // already inside a testbed (e.g. a shell opened in one): just run the tests
    process.exit(await startNodeTest(selectTestFiles(args), process.env).exited);
  }
  checkPrerequisites();
  buildOracles();
  reexecuteInNamespace(args);
}
