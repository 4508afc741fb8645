import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { applyEdits } from '../../src/config/edit.js';
import { readForEdit, safeWrite } from '../../src/config/safe-write.js';
import { startHeldInPhase } from '../crash/support.js';
import { isRegauthError } from '../../src/util/errors.js';
import { run } from '../testbed/process.js';
import { loadTestbed } from '../testbed/testbed.js';
import { REGAUTH_BIN, authOf, homeWithDockerConfig, seedConfig } from './support.js';

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

for (const phase of ['before-temp-write', 'temp-synced'] as const) {
  test(`a real docker login writes while regauth fix is held at ${phase}: fix aborts with a conflict, Docker's login survives`, async () => {
    const testbed = loadTestbed();
    const { home, configDir, configPath } = homeWithDockerConfig(testbed, seedConfig(authOf(testbed, 'alice')));
    const fix = startHeldInPhase([REGAUTH_BIN, 'fix', '--yes', '--json'], testbed.env({ HOME: home }), phase, 4000);
    await fix.reached;
    const login = await dockerLogin(home, configDir, 'bob');
    assert.equal(login.code, 0, login.stderr);
    let fixEnded = false;
    void fix.ended.then(() => (fixEnded = true));
    await new Promise((resolve) => setImmediate(resolve));
    // the race happened only if Docker wrote while regauth was still held between its read and its rename
    assert.equal(fixEnded, false, 'regauth fix finished before docker login wrote: the race did not happen');
    const dockerText = readFileSync(configPath, 'utf8');
    const result = await fix.ended;
    assert.notEqual(result.code, 0, result.stderr);
    assert.match(result.stderr, /changed since it was read/, result.stderr);
    assert.ok(!result.phases.includes('renamed'), `regauth renamed over Docker's write: ${result.phases.join(' → ')}`);
    assert.equal(readFileSync(configPath, 'utf8'), dockerText, 'the file is exactly what docker login wrote');
    const config = JSON.parse(dockerText) as { auths: Record<string, unknown> };
    assert.ok('myreg.example.com' in config.auths, dockerText);
    assert.deepEqual(readdirSync(configDir).filter((name) => name !== 'config.json' && !name.startsWith('config.json.regauth-')), [], 'no temp file left behind');
  });
}
