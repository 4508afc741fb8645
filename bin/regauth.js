#!/usr/bin/env node
// Start-up is most of the time a command like `resolve` takes, so when `npm run build` has
// produced a current single-file bundle (scripts/bundle.mjs) it runs that, compiled through
// V8's code cache: Node 20 has no compile cache of its own for modules. Otherwise, or with
// REGAUTH_NO_BUNDLE=1, it runs the modules tsc compiled. CommonJS (bin/package.json), because
// an ES-module entry point alone costs Node a few milliseconds more to start.
'use strict';
const { readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { Script } = require('node:vm');

const BUNDLE = join(__dirname, '..', 'dist', 'src', 'cli', 'regauth.bundle.cjs');
const COMPILED_MAIN = join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');

function modifiedAt(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

/** tsc rewrites every output file, so a bundle older than main.js was built from older code. */
function bundleIsCurrent() {
  if (process.env.REGAUTH_NO_BUNDLE === '1') return false;
  const bundled = modifiedAt(BUNDLE);
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
 * The code cache for this command: one for the commands that connect and one for the rest, each
 * holding the functions its kind runs. V8 reads all of a cache at every start, and the network
 * code would cost `resolve` that time; without it a `check` compiles the network code afresh.
 * The command is the first word or, for the docker and kubectl plugins, the second.
 */
function codeCacheFile(argv) {
  const words = argv.filter((arg) => !arg.startsWith('-')).slice(0, 2);
  return words.some((word) => NETWORK_COMMANDS.has(word)) ? `${BUNDLE}.network.v8cache` : `${BUNDLE}.v8cache`;
}

/**
 * Loads the bundle through the command's V8 code cache beside it (see codeCacheFile).
 * `saveCodeCache` stores V8's code, including the functions the command compiled, when the cache
 * was missing or stale. scripts/bundle.mjs writes the bundle ASCII-only and already inside the
 * CommonJS function wrapper: read as latin1 and compiled as it is, it costs no decoding and no copy.
 */
function loadBundle() {
  const cache = codeCacheFile(process.argv.slice(2));
  const cachedData = readIfPresent(cache);
  const script = new Script(readFileSync(BUNDLE, 'latin1'), { filename: BUNDLE, cachedData });
  const module = { exports: {} };
  // the bundle requires only Node's own modules, which this file's require() loads alike
  script.runInThisContext()(module.exports, require, module, BUNDLE, dirname(BUNDLE));
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
  const { entries, saveCodeCache } = bundleIsCurrent()
    ? loadBundle()
    : { entries: await import(pathToFileURL(COMPILED_MAIN).href), saveCodeCache: () => undefined };
  // bin/kubectl-regauth.js and bin/docker-regauth.js name another entry of main.ts
  process.exitCode = await entries[globalThis.regauthEntry ?? 'main'](process.argv.slice(2));
  saveCodeCache();
}

void run();
