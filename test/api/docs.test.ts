import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { run } from '../testbed/process.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

test('docs/api/ and the API report regenerate from the types without a diff; every type the API reaches is exported', async () => {
  const result = await run(process.execPath, [join(ROOT, 'scripts', 'api-docs.mjs'), '--check'], { timeoutMs: 120_000 });
  assert.equal(result.code, 0, `${result.stderr}\n(run node scripts/api-docs.mjs and review docs/api/regauth.api.md)`);
});
