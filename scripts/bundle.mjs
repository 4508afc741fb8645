#!/usr/bin/env node
// Bundles the compiled CLI (dist/src/cli/main.js, after tsc) into one CommonJS file that
// bin/regauth.js runs through V8's code cache, and the commands that only read files
// (main-offline.js) and those that ask registries (main-registry.js) into smaller ones, then
// checks that the bundles answer exactly as the compiled modules do and, by running them, leaves
// their code caches beside them.
//
//   node scripts/bundle.mjs        (part of `npm run build`)
//
// CommonJS because only classic scripts can use a code cache on Node 20.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isBuiltin } from 'node:module';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'src', 'cli');
// beside main.js, so that `new URL('../../../package.json', import.meta.url)` still holds
const BUNDLES = [
  { entry: join(CLI, 'main.js'), bundle: join(CLI, 'regauth.bundle.cjs') },
  { entry: join(CLI, 'main-offline.js'), bundle: join(CLI, 'regauth-offline.bundle.cjs') },
  // its code cache is written by the first run that reaches a registry (see smokeTest)
  { entry: join(CLI, 'main-registry.js'), bundle: join(CLI, 'regauth-registry.bundle.cjs'), connects: true },
];
const BIN = join(ROOT, 'bin', 'regauth.js');
const KUBECTL_BIN = join(ROOT, 'bin', 'kubectl-regauth.js');

function fail(message) {
  process.stderr.write(`bundle: ${message}\n`);
  process.exit(1);
}

const COMMON = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  // jsonc-parser's UMD build requires its parts dynamically; its ESM build bundles cleanly
  mainFields: ['module', 'main'],
  // less source to read and a smaller code cache at every start (~1 ms); stack frames of the CLI
  // bundles are mapped back through the source map beside them (node --enable-source-maps)
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: true,
};

/**
 * Packages most commands never call, loaded on their first call instead of at start-up: the
 * YAML parser (~75 modules) and jsonc-parser are needed only for pull-secret or containerd files,
 * helper answers and config edits, yet `resolve` imports them through the modules that read
 * those. Each is bundled into a file of its own beside the CLI bundles (packages/NAME.cjs), which
 * then need not read it at every start; the CLI bundles import a stand-in that forwards each of
 * these functions to that file. An import of any other name fails the build, so the list stays
 * complete.
 */
const LAZY_PACKAGES = {
  yaml: ['isAlias', 'isMap', 'isScalar', 'isSeq', 'parseAllDocuments', 'parseDocument'],
  'jsonc-parser': ['getNodeValue', 'parseTree', 'printParseErrorCode'],
};

const lazyPackages = {
  name: 'lazy-packages',
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(LAZY_PACKAGES).map((name) => name.replace(/[.-]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'lazy-package' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (args) => ({
      resolveDir: ROOT,
      loader: 'js',
      contents: [
        'let loaded;',
        // __dirname is the bundle's directory (bin/regauth.js passes it), and its require() Node's own
        `const load = () => (loaded ??= require(require("node:path").join(__dirname, ${JSON.stringify(packageBundle(args.path))})));`,
        ...LAZY_PACKAGES[args.path].map((name) => `exports.${name} = (...args) => load().${name}(...args);`),
      ].join('\n'),
    }));
  },
};

/** Where the bundle of a lazily loaded package goes, relative to the CLI bundles. */
function packageBundle(name) {
  return `packages/${name}.cjs`;
}

async function bundlePackages() {
  for (const name of Object.keys(LAZY_PACKAGES)) {
    await build({ ...COMMON, stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: ROOT }, outfile: join(CLI, packageBundle(name)) });
  }
}

async function bundle({ entry, bundle: outfile }) {
  for (const kind of ['', '.network']) rmSync(`${outfile}${kind}.v8cache`, { force: true });
  await build({
    ...COMMON,
    entryPoints: [entry],
    outfile,
    plugins: [lazyPackages],
    // command modules stay lazily evaluated; import() becomes require() inside the bundle
    supported: { 'dynamic-import': false },
    // computed on first use: pathToFileURL costs start-up half a millisecond, and only a few commands need it
    define: { 'import.meta.url': '__bundleModule.url' },
    // inside the function wrapper Node gives a CommonJS module, so bin/regauth.js compiles the file as it is
    banner: { js: '(function (exports, require, module, __filename, __dirname) {\nvar __bundleModule = { get url() { return require("node:url").pathToFileURL(__filename).href; } };' },
    footer: { js: '})' },
    sourcemap: 'linked',
    // ASCII only (esbuild escapes the rest), so bin/regauth.js can read it as latin1, the cheaper decoding
    charset: 'ascii',
  });
  if (/[^\x00-\x7f]/.test(readFileSync(outfile, 'latin1'))) fail(`${outfile} is not ASCII, but bin/regauth.js reads it as latin1`);
  // bin/regauth.js hands the bundle its own require(), which is right for Node's modules only
  const required = [...readFileSync(outfile, 'latin1').matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1]);
  const outside = [...new Set(required.filter((name) => !isBuiltin(name)))];
  if (outside.length > 0) fail(`${outfile} requires ${outside.join(', ')}, but bin/regauth.js can only give it Node's own modules`);
}

/** A small home with one entry per client file, so the smoke run touches the common paths. */
function smokeHome() {
  const home = mkdtempSync(join(tmpdir(), 'regauth-bundle-'));
  mkdirSync(join(home, '.docker'));
  const auth = Buffer.from('smoke:not-a-real-password').toString('base64');
  // helper.example.test goes to a credential helper, whose answer is read with jsonc-parser
  const dockerConfig = { auths: { 'registry.example.test': { auth } }, credHelpers: { 'helper.example.test': 'smoke' } };
  writeFileSync(join(home, '.docker', 'config.json'), `${JSON.stringify(dockerConfig, null, 2)}\n`);
  mkdirSync(join(home, 'bin'));
  const answer = JSON.stringify({ ServerURL: 'helper.example.test', Username: 'smoke', Secret: 'not-a-real-password' });
  writeFileSync(join(home, 'bin', 'docker-credential-smoke'), `#!/bin/sh\ncat >/dev/null\nprintf '%s\\n' '${answer}'\n`, { mode: 0o755 });
  // a pull secret in YAML, read with the yaml package
  const secretConfig = Buffer.from(JSON.stringify({ auths: { 'registry.example.test': { auth } } })).toString('base64');
  writeFileSync(join(home, 'secret.yaml'), `apiVersion: v1\nkind: Secret\nmetadata:\n  name: smoke\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: ${secretConfig}\n`);
  mkdirSync(join(home, '.config', 'containers'), { recursive: true });
  writeFileSync(join(home, '.config', 'containers', 'auth.json'), `${JSON.stringify({ auths: { 'other.example.test': { auth } } })}\n`);
  return home;
}

// the first bundled run of each cache writes it, so the first command is the one to make fast:
// `resolve` as people type it (a cache written by `--json` makes it ~0.4 ms slower, and `--json` no
// faster), and in the full bundle `kubectl regauth resolve`
const SMOKE_COMMANDS = [
  ['resolve', 'registry.example.test/app'],
  ['resolve', 'registry.example.test/app', '--json'],
  { bin: KUBECTL_BIN, args: ['resolve', 'registry.example.test/app', '--pull-secret', 'secret.yaml'] },
  ['--version'],
  ['--help'],
  ['resolve', 'other.example.test/app'],
  ['ls', '--json'],
  ['resolve', 'not a reference'],
  ['resolve', 'helper.example.test/app', '--client', 'docker'],
  ['resolve', 'registry.example.test/app', '--client', 'kubelet', '--pull-secret', 'secret.yaml'],
  ['get', 'registry.example.test'],
  // loads the network code; nothing listens on the discard port, so both fail the same way at once
  ['check', '127.0.0.1:9/app', '--timeout', '2'],
];

function run(bin, args, home, bundled) {
  const env = { ...process.env, PATH: `${join(home, 'bin')}${delimiter}${process.env.PATH ?? ''}`, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_RUNTIME_DIR: join(home, 'run') };
  const ignored = ['DOCKER_CONFIG', 'REGISTRY_AUTH_FILE', 'DOCKER_AUTH_CONFIG', 'CONTAINERS_AUTH_FILE', 'NODE_OPTIONS'];
  for (const name of Object.keys(env)) if (ignored.includes(name) || /_proxy$/i.test(name)) delete env[name];
  if (!bundled) env.REGAUTH_NO_BUNDLE = '1';
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: home, env, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function smokeTest() {
  const home = smokeHome();
  try {
    for (const command of SMOKE_COMMANDS) {
      const { bin, args } = Array.isArray(command) ? { bin: BIN, args: command } : command;
      const expected = run(bin, args, home, false);
      const actual = run(bin, args, home, true);
      for (const field of ['status', 'stdout', 'stderr']) {
        if (actual[field] !== expected[field]) {
          fail(`the bundle answers "${bin === KUBECTL_BIN ? 'kubectl regauth' : 'regauth'} ${args.join(' ')}" differently (${field}):\n--- compiled modules\n${expected[field]}\n--- bundle\n${actual[field]}`);
        }
      }
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  // the smoke check reached no registry: the first check that does writes the caches of the network code
  for (const { bundle, connects } of BUNDLES) {
    rmSync(`${bundle}.network.v8cache`, { force: true });
    if (connects === true) rmSync(`${bundle}.v8cache`, { force: true });
  }
}

await bundlePackages();
for (const target of BUNDLES) await bundle(target);
smokeTest();
for (const { bundle } of BUNDLES) process.stdout.write(`bundle: ${bundle} (checked against the compiled modules; code cache written)\n`);
