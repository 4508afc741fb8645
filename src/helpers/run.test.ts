import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { secret } from '../util/secret.js';
import { helperErase, helperGet, helperList, helperStore } from './actions.js';
import { envWithPath, FIXTURE_BIN, fixtureEnv, groupGoneWithin, withTempDir } from './fixtures/fixture-bin.js';
import { runHelper } from './run.js';

const scripted = 'test-scripted';

function hex(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex');
}

async function loggedCalls(logFile: string): Promise<string[]> {
  return (await readFile(logFile, 'utf8')).trim().split('\n');
}

describe('stdin as the Docker client sends it', () => {
  it('get and erase send the server URL without a newline, list sends "unused"', async () => {
    await withTempDir(async (dir) => {
      const log = join(dir, 'log');
      const env = fixtureEnv({ FIXTURE_LOG: log, FIXTURE_STDOUT: '{}' });
      await runHelper(scripted, 'get', 'https://index.docker.io/v1/', { env });
      await runHelper(scripted, 'erase', 'localhost:5000', { env });
      await runHelper(scripted, 'list', undefined, { env });
      assert.deepEqual(await loggedCalls(log), [
        `docker-credential-test-scripted get ${hex('https://index.docker.io/v1/')}`,
        `docker-credential-test-scripted erase ${hex('localhost:5000')}`,
        `docker-credential-test-scripted list ${hex('unused')}`,
      ]);
    });
  });

  it('store sends Go-encoded JSON with HTML escaping and a newline', async () => {
    await withTempDir(async (dir) => {
      const log = join(dir, 'log');
      const env = fixtureEnv({ FIXTURE_LOG: log });
      const result = await helperStore(scripted, { serverURL: 'reg.example.com', username: '<token>', secret: secret('a&b<c>') }, { env });
      assert.deepEqual(result, { kind: 'stored' });
      const expected = '{"ServerURL":"reg.example.com","Username":"\\u003ctoken\\u003e","Secret":"a\\u0026b\\u003cc\\u003e"}\n';
      assert.deepEqual(await loggedCalls(log), [`docker-credential-test-scripted store ${hex(expected)}`]);
    });
  });

  it('does not pass our own stdin on', async () => {
    // the scripted helper reads stdin to EOF: if it inherited ours, this would hang until the timeout
    const result = await helperGet(scripted, 'x', { env: fixtureEnv({ FIXTURE_STDOUT: '{"Username":"u","Secret":"s"}' }), timeoutMs: 2_000 });
    assert.equal(result.kind, 'found');
  });
});

describe('get outcomes', () => {
  it('found: username and secret, server URL from the reply', async () => {
    const env = fixtureEnv({ FIXTURE_STDOUT: '{"ServerURL":"reg.example.com","Username":"alice","Secret":"pw"}\n' });
    const result = await helperGet(scripted, 'reg.example.com', { env });
    assert.equal(result.kind, 'found');
    if (result.kind !== 'found') return;
    assert.equal(result.username, 'alice');
    assert.equal(result.secret.reveal(), 'pw');
    assert.equal(result.isIdentityToken, false);
    assert.equal(result.serverURL, 'reg.example.com');
  });

  it('found: lower-case field names, missing ServerURL keeps the requested one', async () => {
    const env = fixtureEnv({ FIXTURE_STDOUT: '{"username":"alice","secret":"pw"}' });
    const result = await helperGet(scripted, 'https://index.docker.io/v1/', { env });
    assert.equal(result.kind, 'found');
    if (result.kind !== 'found') return;
    assert.equal(result.serverURL, 'https://index.docker.io/v1/');
    assert.equal(result.username, 'alice');
  });

  it('found: <token> username is an identity token', async () => {
    const env = fixtureEnv({ FIXTURE_STDOUT: '{"ServerURL":"r","Username":"<token>","Secret":"refresh-me"}' });
    const result = await helperGet(scripted, 'r', { env });
    assert.equal(result.kind, 'found');
    if (result.kind !== 'found') return;
    assert.equal(result.isIdentityToken, true);
    assert.equal(result.secret.reveal(), 'refresh-me');
  });

  it('not-found: non-zero exit with the exact message (surrounding whitespace allowed)', async () => {
    const env = fixtureEnv({ FIXTURE_STDOUT: 'credentials not found in native keychain\n', FIXTURE_EXIT: '1' });
    assert.deepEqual(await helperGet(scripted, 'r', { env }), { kind: 'not-found' });
  });

  it('the not-found message with exit 0 is bad output, as in Go', async () => {
    const env = fixtureEnv({ FIXTURE_STDOUT: 'credentials not found in native keychain\n' });
    const result = await helperGet(scripted, 'r', { env });
    assert.equal(result.kind, 'bad-output');
    if (result.kind !== 'bad-output') return;
    assert.match(result.message, /invalid character 'c' looking for beginning of value/);
  });

  it('not-found: empty username and secret with exit 0 (docker-credential-pass style)', async () => {
    const env = fixtureEnv({ FIXTURE_STDOUT: '{"ServerURL":"r","Username":"","Secret":""}\n' });
    assert.deepEqual(await helperGet(scripted, 'r', { env }), { kind: 'not-found', emptyReply: true });
  });

  it('failed: keeps exit code, stdout and stderr, scrubbed of anything that looks like a secret', async () => {
    const token = 'ghp_Zk3xR9vQ2mL7pW4tY8nB1cD6fH0jS5aE';
    const basic = Buffer.from('alice:hunter2hunter2').toString('base64');
    const env = fixtureEnv({
      FIXTURE_STDOUT: `keychain locked for {"Username":"alice","Secret":"hunter2hunter2"}`,
      FIXTURE_STDERR: `debug: token=${token} header=Basic ${basic}`,
      FIXTURE_EXIT: '3',
    });
    const result = await helperGet(scripted, 'r', { env });
    assert.equal(result.kind, 'failed');
    if (result.kind !== 'failed') return;
    assert.equal(result.exitCode, 3);
    assert.match(result.stdout, /^keychain locked for/);
    assert.match(result.stderr, /^debug: token=/);
    for (const text of [result.stdout, result.stderr, result.message, JSON.stringify(result)]) {
      assert.ok(!text.includes('hunter2'), text);
      assert.ok(!text.includes(token), text);
      assert.ok(!text.includes(basic), text);
    }
    assert.equal(
      result.message,
      'error getting credentials - err: exit status 3, out: `keychain locked for {"Username":"alice","Secret":"[redacted]"}`',
    );
  });

  it('store failure: the secret being stored never comes back in the output', async () => {
    const env = fixtureEnv({ FIXTURE_STDOUT: 'cannot store pw s3 for bob', FIXTURE_STDERR: 'got s3', FIXTURE_EXIT: '1' });
    const result = await helperStore(scripted, { serverURL: 'r', username: 'bob', secret: secret('s3') }, { env });
    assert.equal(result.kind, 'failed');
    if (result.kind !== 'failed') return;
    assert.equal(result.stdout, 'cannot store pw [redacted] for bob');
    assert.equal(result.stderr, 'got [redacted]\n');
    assert.equal(result.message, 'error storing credentials - err: exit status 1, out: `cannot store pw [redacted] for bob`');
  });

  it('bad-output: garbage on stdout with exit 0', async () => {
    const env = fixtureEnv({ FIXTURE_STDOUT: 'hello there' });
    const result = await helperGet(scripted, 'r', { env });
    assert.equal(result.kind, 'bad-output');
  });

  it('bad-output: no output at all', async () => {
    const result = await helperGet(scripted, 'r', { env: fixtureEnv() });
    assert.deepEqual(result.kind, 'bad-output');
    if (result.kind !== 'bad-output') return;
    assert.match(result.message, /Docker CLI: EOF/);
  });

  it('missing: says which PATH directories were searched', async () => {
    await withTempDir(async (dir) => {
      const result = await helperGet('desktop', 'r', { env: envWithPath([dir, '/nonexistent']) });
      assert.deepEqual(result, { kind: 'missing', binary: 'docker-credential-desktop', searched: [dir, '/nonexistent'] });
    });
  });

  it('missing: a file without execute permission is skipped, as Go does', async () => {
    const result = await helperGet('test-noexec', 'r', { env: fixtureEnv() });
    assert.equal(result.kind, 'missing');
  });

  it('a helper name with a slash is never run; with nothing at that path the answer is what Go\'s exec reports', async () => {
    const result = await helperGet('../bin/docker-credential-test-scripted', 'r', { env: fixtureEnv({ FIXTURE_STDOUT: '{}' }) });
    assert.equal(result.kind, 'failed');
    assert.equal(result.kind === 'failed' ? result.message : '', 'error getting credentials - err: fork/exec docker-credential-../bin/docker-credential-test-scripted: no such file or directory, out: ``');
  });
});

describe('hung and runaway helpers', () => {
  const limits = { timeoutMs: 300, killGraceMs: 200 };

  async function pidFrom(file: string): Promise<number> {
    return Number((await readFile(file, 'utf8')).trim());
  }

  it('a helper that never answers times out, and its whole process group is gone', async () => {
    await withTempDir(async (dir) => {
      const pidFile = join(dir, 'pid');
      const started = Date.now();
      const result = await helperGet('test-hang', 'r', { env: fixtureEnv({ FIXTURE_PIDFILE: pidFile }), ...limits });
      const elapsed = Date.now() - started;
      assert.equal(result.kind, 'timeout');
      assert.ok(elapsed < limits.timeoutMs + 1_000, `took ${elapsed} ms`);
      assert.equal(await groupGoneWithin(await pidFrom(pidFile), 200), true);
    });
  });

  it('a helper that ignores SIGTERM is killed after the grace period', async () => {
    await withTempDir(async (dir) => {
      const pidFile = join(dir, 'pid');
      const started = Date.now();
      const result = await helperGet('test-ignore-term', 'r', { env: fixtureEnv({ FIXTURE_PIDFILE: pidFile }), ...limits });
      const elapsed = Date.now() - started;
      assert.equal(result.kind, 'timeout');
      assert.ok(elapsed < limits.timeoutMs + 1_000, `took ${elapsed} ms`);
      assert.equal(await groupGoneWithin(await pidFrom(pidFile), 200), true);
    });
  });

  it('a helper that closes stdout but keeps running times out', async () => {
    await withTempDir(async (dir) => {
      const pidFile = join(dir, 'pid');
      const result = await helperGet('test-close-stdout', 'r', { env: fixtureEnv({ FIXTURE_PIDFILE: pidFile }), ...limits });
      assert.equal(result.kind, 'timeout');
      assert.equal(await groupGoneWithin(await pidFrom(pidFile), 200), true);
    });
  });

  it('a helper that exits but leaves a child holding stdout times out (Go would wait for the pipe too)', async () => {
    await withTempDir(async (dir) => {
      const pidFile = join(dir, 'pid');
      const result = await helperGet('test-background', 'r', { env: fixtureEnv({ FIXTURE_PIDFILE: pidFile }), ...limits });
      assert.equal(result.kind, 'timeout');
      assert.equal(await groupGoneWithin(await pidFrom(pidFile), 200), true);
    });
  });

  it('endless stdout is cut at the cap and reported as bad output', async () => {
    const started = Date.now();
    const result = await helperGet('test-flood', 'r', { env: fixtureEnv(), maxOutputBytes: 64 * 1024, timeoutMs: 5_000 });
    assert.equal(result.kind, 'bad-output');
    if (result.kind !== 'bad-output') return;
    assert.match(result.message, /more than 65536 bytes/);
    assert.ok(Date.now() - started < 3_000);
  });

  it('huge stderr is capped but the answer is still read', async () => {
    const result = await runHelper('test-flood', 'get', 'r', { env: fixtureEnv({ FIXTURE_STREAM: 'stderr' }), maxOutputBytes: 4096 });
    assert.equal(result.kind, 'exited');
    if (result.kind !== 'exited') return;
    assert.equal(result.stderr.length, 4096);
    assert.equal(result.stderrTruncated, true);
    assert.equal(result.exitCode, 1);
    const answer = await helperGet('test-flood', 'r', { env: fixtureEnv({ FIXTURE_STREAM: 'stderr' }), maxOutputBytes: 4096 });
    assert.deepEqual(answer, { kind: 'not-found' });
  });
});

describe('list and erase', () => {
  it('list returns server URL → username', async () => {
    const env = fixtureEnv({ FIXTURE_STDOUT: '{"https://index.docker.io/v1/":"alice","localhost:5000":"<token>"}\n' });
    const result = await helperList(scripted, { env });
    assert.equal(result.kind, 'listed');
    if (result.kind !== 'listed') return;
    assert.deepEqual({ ...result.entries }, { 'https://index.docker.io/v1/': 'alice', 'localhost:5000': '<token>' });
  });

  it('list failure keeps the Docker text', async () => {
    const env = fixtureEnv({ FIXTURE_STDOUT: 'list is not implemented', FIXTURE_EXIT: '1' });
    const result = await helperList(scripted, { env });
    assert.equal(result.kind, 'failed');
    if (result.kind !== 'failed') return;
    assert.equal(result.message, 'error listing credentials - err: exit status 1, out: `list is not implemented`');
  });

  it('erase: success, not found, failure', async () => {
    assert.deepEqual(await helperErase(scripted, 'r', { env: fixtureEnv() }), { kind: 'erased' });
    const notFound = fixtureEnv({ FIXTURE_STDOUT: 'credentials not found in native keychain', FIXTURE_EXIT: '1' });
    assert.deepEqual(await helperErase(scripted, 'r', { env: notFound }), { kind: 'not-found' });
    const failed = await helperErase(scripted, 'r', { env: fixtureEnv({ FIXTURE_STDOUT: 'no', FIXTURE_EXIT: '2' }) });
    assert.equal(failed.kind, 'failed');
  });
});

it('FIXTURE_BIN points at the scripts', () => {
  assert.match(FIXTURE_BIN, /src\/helpers\/fixtures\/bin\/$/);
});
