import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { it } from 'node:test';

import { answerQueries } from './answer-queries.js';
import { fixtureEnv, withTempDir } from './fixtures/fixture-bin.js';
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
