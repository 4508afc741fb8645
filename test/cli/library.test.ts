import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { check, credentialsFor, resolve } from '../../src/index.js';
import { loadTestbed } from '../testbed/testbed.js';
import { authOf, homeWithDockerConfig, seedConfig } from './support.js';

test('library: resolve and credentialsFor give the same answers as the CLI, secrets stay wrapped', async () => {
  const testbed = loadTestbed();
  const { home } = homeWithDockerConfig(testbed, seedConfig(authOf(testbed, 'alice')));
  const env = testbed.env({ HOME: home });
  const { image, ref, results } = await resolve('alice/app', { env });
  assert.equal(image, 'docker.io/alice/app');
  assert.equal(ref?.name, 'docker.io/alice/app');
  assert.deepEqual(results.map((result) => [result.client, result.username]), [['docker', null], ['podman', 'alice'], ['crane', null], ['kubelet', 'alice']]);
  const podman = await credentialsFor('alice/app', { env, client: 'podman' });
  assert.equal(podman.kind, 'password');
  assert.equal(podman.username, 'alice');
  assert.equal(podman.serverAddress, 'docker.io');
  assert.equal(podman.secret?.reveal(), testbed.user('alice').password);
  const printed = `${JSON.stringify(podman)} ${inspect(podman, { depth: 10 })} ${String(podman.secret)}`;
  assert.ok(!printed.includes(testbed.user('alice').password));
});

test('library: check resolves like the client and proves access', async () => {
  const testbed = loadTestbed();
  const { home } = homeWithDockerConfig(testbed, seedConfig(authOf(testbed, 'alice')));
  const env = testbed.env({ HOME: home });
  const podman = await check('alice/app', { env, client: 'podman', push: true });
  assert.equal(podman.access.push, 'granted');
  assert.equal(podman.ok, true);
  const docker = await check('alice/app', { env, client: 'docker', push: true });
  assert.equal(docker.access.push, 'denied');
  assert.equal(docker.ok, false);
});
