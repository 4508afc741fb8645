import assert from 'node:assert/strict';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { it } from 'node:test';

import { answerQueries, eraseAll } from './answer-queries.js';
import { FIXTURE_BIN, envWithPath, fixtureEnv, withTempDir } from './fixtures/fixture-bin.js';
import { type HelperQuery, helperKey } from './model.js';

it('asks each distinct question once, a limited number at a time, keyed by helperKey', async () => {
  await withTempDir(async (dir) => {
    const urls = ['a', 'b', 'c', 'd', 'e', 'f'];
    const queries: HelperQuery[] = [...urls, 'a', 'c'].map((serverURL) => ({ helper: 'test-slow', serverURL }));
    queries.push({ helper: 'nosuch', serverURL: 'a' });
    const answers = await answerQueries(queries, { env: fixtureEnv({ FIXTURE_DIR: dir }), concurrency: 3 });

    assert.deepEqual([...answers.keys()], [...urls.map((serverURL) => helperKey({ helper: 'test-slow', serverURL })), helperKey({ helper: 'nosuch', serverURL: 'a' })]);
    for (const serverURL of urls) {
      const answer = answers.get(helperKey({ helper: 'test-slow', serverURL }));
      assert.equal(answer?.kind === 'found' && answer.username, serverURL);
    }
    assert.equal(answers.get(helperKey({ helper: 'nosuch', serverURL: 'a' }))?.kind, 'missing');

    const log = (await readFile(join(dir, 'log'), 'utf8')).trim().split('\n');
    assert.equal(log.length, urls.length, 'each distinct query ran once');
    const running = log.map((line) => Number(line.split(' ')[0]));
    assert.ok(Math.max(...running) <= 3, `at most 3 at once, saw ${running.join(',')}`);
  });
});

it('each query is bounded by the timeout', async () => {
  await withTempDir(async (dir) => {
    const started = Date.now();
    const answers = await answerQueries(
      [
        { helper: 'test-hang', serverURL: 'x' },
        { helper: 'test-slow', serverURL: 'y' },
      ],
      { env: fixtureEnv({ FIXTURE_DIR: dir, FIXTURE_PIDFILE: join(dir, 'pid') }), timeoutMs: 400, killGraceMs: 100 },
    );
    assert.equal(answers.get(helperKey({ helper: 'test-hang', serverURL: 'x' }))?.kind, 'timeout');
    assert.equal(answers.get(helperKey({ helper: 'test-slow', serverURL: 'y' }))?.kind, 'found');
    assert.ok(Date.now() - started < 1_500);
  });
});

it('no queries, no work', async () => {
  assert.equal((await answerQueries([])).size, 0);
});

/** A helper that notes each start in DIR/started, then never answers. */
async function countingHangHelper(dir: string): Promise<NodeJS.ProcessEnv> {
  const script = join(dir, 'docker-credential-test-hang-counted');
  await writeFile(script, `#!/bin/sh\necho "$1" >> "${join(dir, 'started')}"\nexec sleep 1000\n`);
  await chmod(script, 0o755);
  return envWithPath([dir, FIXTURE_BIN.replace(/\/$/, ''), '/usr/bin', '/bin']);
}

it('many hung helpers share one deadline: questions not started by then are answered as timeouts, not run', async () => {
  await withTempDir(async (dir) => {
    const env = await countingHangHelper(dir);
    const queries = Array.from({ length: 12 }, (_, index) => ({ helper: 'test-hang-counted', serverURL: `r${index}.example.com` }));
    const answers = await answerQueries(queries, { env, timeoutMs: 400, killGraceMs: 100, concurrency: 4 });
    assert.equal(answers.size, 12);
    assert.ok([...answers.values()].every((answer) => answer.kind === 'timeout'));
    const started = (await readFile(join(dir, 'started'), 'utf8')).trim().split('\n');
    // one round of 4 ran into the deadline; the 8 others were never started (before: 3 rounds, 12 runs)
    assert.equal(started.length, 4);

    const erased = await eraseAll(queries.slice(0, 6), { env, timeoutMs: 400, killGraceMs: 100, concurrency: 8 });
    assert.deepEqual([...erased.values()].map((result) => result.kind), Array(6).fill('timeout'));
    assert.equal((await readFile(join(dir, 'started'), 'utf8')).trim().split('\n').length, 10, 'all six erases ran at once');
  });
});
