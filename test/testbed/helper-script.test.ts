import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helperCalls, testHelperScript } from './helper-script.js';
import { run } from './process.js';

test('server URLs and secrets with shell metacharacters are answered literally', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'helper-script-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const tricky = "https://it's.example/$(touch pwned)*";
  testHelperScript(dir, 'quoted', { credentials: { [tricky]: { username: 'o\'neil', secret: '`$HOME` "x"' } } });
  const helper = join(dir, 'docker-credential-quoted');
  const got = await run(helper, ['get'], { input: tricky });
  assert.equal(got.code, 0, got.stderr);
  assert.deepEqual(JSON.parse(got.stdout), { ServerURL: tricky, Username: "o'neil", Secret: '`$HOME` "x"' });
  const other = await run(helper, ['get'], { input: 'https://its.example/anything' });
  assert.equal(other.code, 1);
  assert.deepEqual(JSON.parse((await run(helper, ['list'])).stdout), { [tricky]: "o'neil" });
  assert.deepEqual(
    helperCalls(dir, 'quoted').map((call) => call.action),
    ['get', 'get', 'list'],
  );
  assert.equal(helperCalls(dir, 'quoted')[0]?.input, tricky);
});
