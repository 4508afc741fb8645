import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isIP } from 'node:net';
import { compileIpPatternsAhead } from './ip-patterns.js';

const MODULE = pathToFileURL(join(import.meta.dirname, 'ip-patterns.js')).href;

/**
 * V8 records its settings in every code cache and refuses a cache made under other settings, so
 * a cache made after compileIpPatternsAhead is accepted by a process started with the same flags
 * exactly when the settings were put back as they were.
 */
function cacheAcceptedAfter(nodeFlags: string[], env: NodeJS.ProcessEnv): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'regauth-ip-patterns-'));
  try {
    const cache = join(dir, 'cache.bin');
    const source = JSON.stringify('function f() { return 1 } f();');
    const write = `import(${JSON.stringify(MODULE)}).then(({ compileIpPatternsAhead }) => { const { Script } = require('node:vm'); const script = new Script(${source}); script.runInThisContext(); compileIpPatternsAhead(); require('node:fs').writeFileSync(${JSON.stringify(cache)}, script.createCachedData()); })`;
    const read = `const { Script } = require('node:vm'); const script = new Script(${source}, { cachedData: require('node:fs').readFileSync(${JSON.stringify(cache)}) }); process.stdout.write(String(!script.cachedDataRejected));`;
    const written = spawnSync(process.execPath, [...nodeFlags, '-e', write], { env, encoding: 'utf8' });
    assert.equal(written.status, 0, written.stderr);
    const answer = spawnSync(process.execPath, [...nodeFlags, '-e', read], { env, encoding: 'utf8' });
    assert.equal(answer.status, 0, answer.stderr);
    return answer.stdout === 'true';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('compiling the IP patterns ahead leaves V8 set as before, so code caches stay valid', () => {
  const env = { ...process.env, NODE_OPTIONS: '' };
  assert.equal(cacheAcceptedAfter([], env), true);
  // a user's own choice on node's command line is left alone
  assert.equal(cacheAcceptedAfter(['--no-regexp-tier-up'], env), true);
});

test('net.isIP answers as before once its patterns are compiled', () => {
  compileIpPatternsAhead();
  assert.deepEqual(['registry-1.docker.io', '10.0.0.1', '::1', 'fe80::1%eth0', '[::1]', '1.2.3'].map((host) => isIP(host)), [0, 4, 6, 6, 0, 0]);
});
