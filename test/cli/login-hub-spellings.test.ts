import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadTestbed } from '../testbed/testbed.js';
import { startRecordingDaemon } from '../testbed/recording-daemon.js';
import { homeWithDockerConfig, regauth } from './support.js';

/**
 * Whatever spelling of Docker Hub the user gives, `regauth login` stores where the Docker CLI
 * reads: the real `docker manifest inspect` then authenticates as alice against the offline Hub,
 * and `docker push` hands the daemon alice's credentials (recording daemon).
 */
const SPELLINGS: Array<string | null> = ['registry-1.docker.io', 'docker.io', 'index.docker.io', 'https://index.docker.io/v1/', null];
const testbed = loadTestbed();
after(() => testbed.close());

for (const spelling of SPELLINGS) {
  test(`regauth login ${spelling ?? '(no registry)'}: docker manifest inspect and docker push send alice`, async () => {
    // an existing entry means Docker picks no default store: the file keeps the credentials
    const { home, configDir, configPath } = homeWithDockerConfig(testbed, '{"auths": {"other.example.com": {}}}');
    const alice = testbed.user('alice');
    const login = await regauth(['login', ...(spelling === null ? [] : [spelling]), '-u', 'alice', '--password-stdin'], { env: { HOME: home }, input: alice.password });
    assert.equal(login.code, 0, login.stdout + login.stderr);
    assert.match(login.stdout, /Login Succeeded: stored for "https:\/\/index\.docker\.io\/v1\/"/);
    assert.match(login.stdout, /now docker\.io\/alice\/x: docker: alice, podman: alice, crane: alice/);
    if (spelling !== null && spelling !== 'https://index.docker.io/v1/') {
      assert.match(login.stderr, new RegExp(`"${spelling.replace(/\./g, '\\.')}" is Docker Hub: the Docker CLI looks Hub credentials up only under "https://index.docker.io/v1/"`));
    } else {
      assert.doesNotMatch(login.stderr, /is Docker Hub/);
    }
    assert.deepEqual(Object.keys((JSON.parse(readFileSync(configPath, 'utf8')) as { auths: object }).auths), ['other.example.com', 'https://index.docker.io/v1/']);

    const inspect = await testbed.usersSeen('hub', () => testbed.runDocker(['manifest', 'inspect', 'alice/app'], { configDir }));
    assert.deepEqual(inspect.users, ['alice'], inspect.result.stderr);

    const daemon = await startRecordingDaemon(testbed.tempDir('daemon'));
    try {
      const push = await testbed.runDocker(['push', 'alice/app'], { configDir, env: { DOCKER_HOST: daemon.host } });
      assert.equal(push.code, 0, push.stderr);
      const recorded = daemon.recorded.filter((item) => item.action === 'push');
      assert.equal(recorded.length, 1, daemon.requests.join('\n'));
      assert.equal(recorded[0]?.auth?.username, 'alice');
      assert.equal(recorded[0]?.auth?.password, alice.password);
      assert.equal(recorded[0]?.auth?.serveraddress, 'https://index.docker.io/v1/');
    } finally {
      await daemon.close();
    }

    const logout = await regauth(['logout', ...(spelling === null ? [] : [spelling]), '--json'], { env: { HOME: home } });
    assert.equal(logout.code, 0, logout.stderr);
    assert.deepEqual((JSON.parse(logout.stdout) as { removed: string[] }).removed, ['https://index.docker.io/v1/']);
  });
}

test('regauth login registry-1.docker.io --client podman stores "docker.io", as podman does, and says so', async () => {
  const { home } = homeWithDockerConfig(testbed, null);
  const env = { HOME: home, XDG_RUNTIME_DIR: testbed.tempDir('run') };
  const alice = testbed.user('alice');
  const login = await regauth(['login', 'registry-1.docker.io', '-u', 'alice', '--password-stdin', '--client', 'podman', '--json'], { env, input: alice.password });
  assert.equal(login.code, 0, login.stdout + login.stderr);
  assert.equal((JSON.parse(login.stdout) as { key: string }).key, 'docker.io');
  assert.match(login.stderr, /"registry-1\.docker\.io" is Docker Hub: podman stores Hub credentials under "docker\.io"/);
  const skopeo = await testbed.usersSeen('hub', () => testbed.runSkopeo(['inspect', '--raw', 'docker://alice/app'], { env }));
  assert.deepEqual(skopeo.users, ['alice'], skopeo.result.stderr);
});
