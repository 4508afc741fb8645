import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { applyEdits } from '../../src/config/edit.js';
import { readForEdit, safeWrite } from '../../src/config/safe-write.js';
import { isRegauthError } from '../../src/util/errors.js';
import { run } from '../testbed/process.js';
import { loadTestbed } from '../testbed/testbed.js';
import { authOf, homeWithDockerConfig, regauth, seedConfig } from './support.js';

/** A real `docker login` racing regauth's write: regauth never loses Docker's update. */

function dockerLogin(home: string, configDir: string, user: string): Promise<{ code: number | null; stderr: string }> {
  const testbed = loadTestbed();
  return run(testbed.bins.docker, ['login', 'myreg.example.com', '-u', user, '--password-stdin'], {
    env: testbed.env({ HOME: home, DOCKER_CONFIG: configDir }),
    input: testbed.user(user).password,
  });
}

test('docker login lands between our read and our rename: regauth aborts, Docker\'s login survives', async () => {
  const testbed = loadTestbed();
  const { home, configDir, configPath } = homeWithDockerConfig(testbed, seedConfig(authOf(testbed, 'alice')));
  const current = await readForEdit(configPath);
  const { text } = applyEdits(current.text ?? '', [{ kind: 'rename-key', path: ['auths', 'docker.io'], newKey: 'https://index.docker.io/v1/' }]);
  await assert.rejects(
    safeWrite({
      path: configPath,
      expectedOriginal: current.text,
      newText: text,
      backup: true,
      beforeCommit: async () => {
        const login = await dockerLogin(home, configDir, 'bob');
        assert.equal(login.code, 0, login.stderr);
      },
    }),
    (error: unknown) => isRegauthError(error) && error.code === 'E_WRITE_CONFLICT' && /changed since it was read/.test(error.message),
  );
  const after = JSON.parse(readFileSync(configPath, 'utf8')) as { auths: Record<string, unknown> };
  assert.ok('myreg.example.com' in after.auths, 'Docker\'s login is still there');
});

test('regauth fix and docker login started together, 12 times: Docker\'s login is never lost by regauth', async () => {
  const testbed = loadTestbed();
  let conflicts = 0;
  for (let round = 0; round < 12; round += 1) {
    const { home, configDir, configPath } = homeWithDockerConfig(testbed, seedConfig(authOf(testbed, 'alice')));
    const [fix, login] = await Promise.all([
      regauth(['fix', '--yes', '--json'], { env: { HOME: home } }),
      dockerLogin(home, configDir, 'bob'),
    ]);
    assert.equal(login.code, 0, login.stderr);
    const text = readFileSync(configPath, 'utf8');
    const config = JSON.parse(text) as { auths: Record<string, unknown> };
    if (fix.code !== 0) {
      assert.match(fix.stderr, /changed since it was read/, fix.stderr);
      conflicts += 1;
      assert.ok('myreg.example.com' in config.auths);
    }
    // Docker's write always carries its login: it can only be missing if regauth renamed over it
    assert.ok('myreg.example.com' in config.auths, text);
  }
  writeFileSync(`${testbed.dir}/race-conflicts.txt`, String(conflicts));
  assert.ok(conflicts >= 0);
});
