#!/usr/bin/env node
// Start-up is most of the time a command like `resolve` takes, so when `npm run build` has
// produced a current single-file bundle (scripts/bundle.mjs) it runs that, compiled through
// V8's code cache: Node 20 has no compile cache of its own for modules. Otherwise, or with
// REGAUTH_NO_BUNDLE=1, it runs the modules tsc compiled. CommonJS (bin/package.json), because
// an ES-module entry point alone costs Node a few milliseconds more to start.
'use strict';
const { readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
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

/**
 * Compiles a CommonJS file through V8's code cache beside it (FILE.v8cache). `save` stores V8's
 * code, including the functions the command compiled, when the cache was missing or stale.
 * scripts/bundle.mjs writes the main bundle ASCII-only and already inside the CommonJS function
 * wrapper (`prepared`): read as latin1 and compiled as it is, it costs no decoding and no copy.
 */
function loadCached(file, requireFor, prepared = false) {
  const cache = `${file}.v8cache`;
  const cachedData = readIfPresent(cache);
  const source = prepared
    ? readFileSync(file, 'latin1')
    : `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  const script = new Script(source, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, requireFor(file), module, file, dirname(file));
  const save = () => {
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
  return { exports: module.exports, save };
}

/**
 * undici parses HTTP with a WebAssembly module. V8 would also optimise that module on background
 * threads, and Node waits for those compilations before the process may exit: tens of
 * milliseconds at the end of every network command on a busy machine, for a parser that reads a
 * few small answers. So the CLI keeps to V8's baseline WebAssembly code (library users are not
 * touched); `node:v8` is loaded only by commands that go on the network.
 */
function baselineWebAssembly() {
  require('node:v8').setFlagsFromString('--liftoff-only');
}

/**
 * Loads the bundle. Network commands require undici's bundle beside it, which goes through a
 * code cache of its own, written by the first command that reads it.
 */
function loadBundle() {
  const loaded = [];
  const besides = new Map();
  const requireFor = (file) => {
    const plain = createRequire(file);
    const bundleRequire = (id) => {
      if (!id.startsWith('./regauth-') || !id.endsWith('.cjs')) return plain(id);
      let exports = besides.get(id);
      if (exports === undefined) {
        if (id === './regauth-undici.cjs') baselineWebAssembly();
        const part = loadCached(plain.resolve(id), createRequire);
        loaded.push(part);
        exports = part.exports;
        besides.set(id, exports);
      }
      return exports;
    };
    bundleRequire.resolve = plain.resolve;
    return bundleRequire;
  };
  const main = loadCached(BUNDLE, requireFor, true);
  loaded.push(main);
  return { entries: main.exports, saveCodeCache: () => loaded.forEach((part) => part.save()) };
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
