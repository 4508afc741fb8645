#!/usr/bin/env node
// Start-up is most of the time a command like `resolve` takes, so when `npm run build` has
// produced current single-file bundles (scripts/bundle.mjs) it runs one, compiled through
// V8's code cache: Node 20 has no compile cache of its own for modules. The commands people run
// most run from bundles that hold only their code: `resolve`, `get` and `ls`
// (src/cli/main-offline.ts), and `check`, `login` and `kube` (src/cli/main-registry.ts); every
// other command, and the docker and kubectl plugins, from the full one. Otherwise, or with
// REGAUTH_NO_BUNDLE=1, it runs the modules tsc compiled. CommonJS (bin/package.json), because
// an ES-module entry point alone costs Node a few milliseconds more to start.
'use strict';
const { readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { Script } = require('node:vm');

const CLI = join(__dirname, '..', 'dist', 'src', 'cli');
const BUNDLE = join(CLI, 'regauth.bundle.cjs');
const COMPILED_MAIN = join(CLI, 'main.js');

/** The smaller bundles and their commands (src/cli/offline-commands.ts, src/cli/registry-commands.ts). */
const COMMAND_BUNDLES = [
  { bundle: join(CLI, 'regauth-offline.bundle.cjs'), commands: new Set(['resolve', 'get', 'ls']) },
  { bundle: join(CLI, 'regauth-registry.bundle.cjs'), commands: new Set(['check', 'login', 'kube']) },
];

/** The bundle for the command as `regauth` runs it; the full one for the rest and the plugins. */
function bundleFor(argv) {
  if (globalThis.regauthEntry !== undefined) return BUNDLE;
  return COMMAND_BUNDLES.find((entry) => entry.commands.has(argv[0]))?.bundle ?? BUNDLE;
}

function modifiedAt(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

/** tsc rewrites every output file, so a bundle older than main.js was built from older code. */
function bundleIsCurrent(bundle) {
  if (process.env.REGAUTH_NO_BUNDLE === '1') return false;
  const bundled = modifiedAt(bundle);
  if (bundled === null) return false;
  const compiled = modifiedAt(COMPILED_MAIN);
  return compiled === null || compiled <= bundled;
}

function readIfPresent(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Commands that talk to registries: the TLS, HTTP and token code that the others never run. */
const NETWORK_COMMANDS = new Set(['check', 'doctor', 'kube', 'login']);

/**
 * The code cache for this command: the full bundle has one for the commands that connect
 * (`doctor`, and the plugins' `check`, `login` and `kube`) and one for the rest, each holding the
 * functions its kind runs. V8 reads all of a cache at every start; without its own a `doctor`
 * would compile the network code afresh. The command is the first word or, for the docker and
 * kubectl plugins, the second.
 */
function codeCacheFile(bundle, argv) {
  const words = argv.filter((arg) => !arg.startsWith('-')).slice(0, 2);
  return bundle === BUNDLE && words.some((word) => NETWORK_COMMANDS.has(word)) ? `${bundle}.network.v8cache` : `${bundle}.v8cache`;
}

/**
 * Loads a bundle through the command's V8 code cache beside it (see codeCacheFile).
 * `saveCodeCache` stores V8's code, including the functions the command compiled, when the cache
 * was missing or stale. scripts/bundle.mjs writes the bundle ASCII-only and already inside the
 * CommonJS function wrapper: read as latin1 and compiled as it is, it costs no decoding and no copy.
 */
function loadBundle(bundle) {
  const cache = codeCacheFile(bundle, process.argv.slice(2));
  const cachedData = readIfPresent(cache);
  const script = new Script(readFileSync(bundle, 'latin1'), { filename: bundle, cachedData });
  const module = { exports: {} };
  // the bundle requires only Node's own modules, which this file's require() loads alike
  script.runInThisContext()(module.exports, require, module, bundle, dirname(bundle));
  const saveCodeCache = () => {
    if (cachedData !== undefined && !script.cachedDataRejected) return;
    const temporary = `${cache}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cache);
    } catch {
      // a read-only installation just starts a little slower
      rmSync(temporary, { force: true });
    }
  };
  return { entries: module.exports, saveCodeCache };
}

async function run() {
  const bundle = bundleFor(process.argv.slice(2));
  const { entries, saveCodeCache } = bundleIsCurrent(bundle)
    ? loadBundle(bundle)
    : { entries: await import(pathToFileURL(COMPILED_MAIN).href), saveCodeCache: () => undefined };
  // bin/kubectl-regauth.js and bin/docker-regauth.js name another entry of main.ts
  process.exitCode = await entries[globalThis.regauthEntry ?? 'main'](process.argv.slice(2));
  saveCodeCache();
  // The command is done, but V8 may have scheduled a garbage collection for the next turn of the
  // event loop (~1.5 ms for nothing). Output written with write(2) is complete, so exit now;
  // output queued in a stream (a pipe that was full) is left to drain as usual.
  if (entries.allOutputWritten?.() === true) process.exit();
}

void run();
