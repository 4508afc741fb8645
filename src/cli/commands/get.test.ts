import { test } from 'node:test';
import assert from 'node:assert/strict';
import { targetFromArgument } from './get.js';

test('get: for podman, REGISTRY/NAMESPACE is a key of its own; an image stays an image', () => {
  // podman login --get-login docker.io/vendor looks up "docker.io/vendor", not docker.io/library/vendor
  assert.deepEqual(targetFromArgument('docker.io/vendor', 'podman'), { registry: 'docker.io', repository: null, typedRegistry: 'docker.io/vendor' });
  assert.deepEqual(targetFromArgument('localhost:5000/team', 'podman'), { registry: 'localhost:5000', repository: null, typedRegistry: 'localhost:5000/team' });
  // without a registry, or with a tag or digest, the argument names an image
  assert.deepEqual(targetFromArgument('alice/app', 'podman'), { registry: 'docker.io', repository: 'alice/app' });
  assert.deepEqual(targetFromArgument('docker.io/vendor:1.0', 'podman'), { registry: 'docker.io', repository: 'library/vendor' });
  // the other clients read every name as an image
  assert.deepEqual(targetFromArgument('docker.io/vendor', 'docker'), { registry: 'docker.io', repository: 'library/vendor' });
  assert.throws(() => targetFromArgument('index.docker.io/vendor', 'podman'), /registry mismatch, "docker.io\/library\/vendor" vs\. "docker.io"/);
});
