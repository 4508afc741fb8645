import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { checkImage, resolveCredentials, resolveImage } from '../../src/index.js';
import { loadTestbed } from '../testbed/testbed.js';
import { authOf, homeWithDockerConfig, seedConfig } from './support.js';

test('library: resolveImage and resolveCredentials give the same answers as the CLI, secrets stay wrapped', async () => {
  const testbed = loadTestbed();
  const { home } = homeWithDockerConfig(testbed, seedConfig(authOf(testbed, 'alice')));
  const env = testbed.env({ HOME: home });
  const { image, results } = await resolveImage('alice/app', { env });
  assert.equal(image.name, 'docker.io/alice/app');
  assert.deepEqual(results.map((result) => [result.client, result.username]), [['docker', null], ['podman', 'alice'], ['crane', null], ['kubelet', 'alice']]);
  const podman = await resolveCredentials('alice/app', { env, client: 'podman' });
  assert.equal(podman.credentials?.password?.reveal(), testbed.user('alice').password);
  const printed = `${JSON.stringify(podman)} ${inspect(podman, { depth: 10 })} ${String(podman.credentials?.password)}`;
  assert.ok(!printed.includes(testbed.user('alice').password));
});

test('library: checkImage resolves like the client and proves access', async () => {
  const testbed = loadTestbed();
  const { home } = homeWithDockerConfig(testbed, seedConfig(authOf(testbed, 'alice')));
  const env = testbed.env({ HOME: home });
  const podman = await checkImage('alice/app', { env, client: 'podman', push: true });
  assert.equal(podman.access.push, 'granted');
  const docker = await checkImage('alice/app', { env, client: 'docker', push: true });
  assert.equal(docker.access.push, 'denied');
});
