import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inventory } from './inventory.js';

const FIXTURES = fileURLToPath(new URL('../../../src/resolve/fixtures/', import.meta.url));

test('ls places each Docker secret where the docker resolver chooses its store: an empty credHelpers entry keeps it in the file', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'regauth-inventory-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  mkdirSync(join(home, '.docker'));
  copyFileSync(join(FIXTURES, 'store-per-key.json'), join(home, '.docker', 'config.json'));
  const [docker] = await inventory({ env: { HOME: home, PATH: '/nonexistent' }, clients: ['docker'], dockerVersion: { major: 28, minor: 2, patch: 2 } });
  const entries = docker?.files[0]?.entries ?? [];
  const where = Object.fromEntries(entries.map((entry) => [entry.key, [entry.secretIn, entry.helper]]));
  assert.deepEqual(where, {
    'myreg.example.com': ['file', null],
    'other.example.com': ['helper', 'ecr-login'],
    'third.example.com': ['helper', 'pass'],
  });
});
