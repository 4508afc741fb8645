import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../testbed/process.js';
import { envWith, scratchDir, seededHome } from './support/scratch.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** bin/ and the bundle in a directory of their own, so the code cache they write is this test's alone */
function privateInstall(): { bin: string; cache: string } {
  const dir = scratchDir('code-cache');
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  mkdirSync(join(dir, 'dist', 'src', 'cli'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  const bundle = join('dist', 'src', 'cli', 'regauth.bundle.cjs');
  cpSync(join(ROOT, bundle), join(dir, bundle));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  rmSync(join(dir, `${bundle}.v8cache`), { force: true });
  return { bin: join(dir, 'bin', 'regauth.js'), cache: join(dir, `${bundle}.v8cache`) };
}

test('the code cache a network command writes is accepted by every later run, not written again each time', async () => {
  const { bin, cache } = privateInstall();
  const { home } = seededHome('code-cache');
  const env = envWith({ HOME: home });
  // nothing listens on the discard port: the check fails at once, after loading the network code
  const first = await run(process.execPath, [bin, 'check', '127.0.0.1:9/app', '--timeout', '2'], { env });
  assert.equal(first.code, 1, first.stdout + first.stderr);
  const written = statSync(cache);
  for (const args of [['check', '127.0.0.1:9/app', '--timeout', '2'], ['resolve', 'registry.example.test/app'], ['--version']]) {
    const later = await run(process.execPath, [bin, ...args], { env });
    assert.ok(later.code === 0 || later.code === 1, later.stderr);
    const now = statSync(cache);
    // a rejected cache is replaced by a new file (written beside it, then renamed)
    assert.equal(now.ino, written.ino, `"regauth ${args.join(' ')}" rejected the code cache and wrote a new one`);
    assert.equal(now.mtimeMs, written.mtimeMs);
  }
});
