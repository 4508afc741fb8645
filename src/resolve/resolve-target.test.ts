import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NEWEST_CONTAINERS } from '../clients/containers-versions.js';
import { resolveAll, targetOfText } from './resolve.js';

test('an image distribution/reference refuses fails for docker and the kubelet only; crane reads it with its own grammar', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'regauth-target-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  mkdirSync(join(home, '.docker'));
  writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ auths: { 'myreg.example.com': { auth: Buffer.from('alice:secret').toString('base64') } } }));
  // go-containerregistry's pkg/name checks repository characters only; distribution/reference refuses ".."
  const target = targetOfText('myreg.example.com/a..b');
  assert.equal(target.refused, 'invalid reference format');
  const env = { HOME: home, PATH: '/nonexistent' };
  const results = await resolveAll(target, { env, dockerVersion: { major: 28, minor: 2, patch: 2 }, containersRelease: NEWEST_CONTAINERS });
  const byClient = Object.fromEntries(results.map((result) => [result.client, result]));
  assert.equal(byClient['docker']?.error, 'invalid reference format');
  // the pod's message (the kubelet's images.applyDefaultImageTag wraps the parser's error)
  assert.equal(byClient['kubelet']?.error, 'Failed to apply default image tag "myreg.example.com/a..b": couldn\'t parse image name "myreg.example.com/a..b": invalid reference format');
  assert.match(byClient['podman']?.error ?? '', /invalid reference format/);
  assert.equal(byClient['crane']?.error, null);
  assert.equal(byClient['crane']?.username, 'alice');
});

test('an image every grammar accepts keeps distribution/reference\'s registry and repository', () => {
  assert.deepEqual(targetOfText('alice/app'), { registry: 'docker.io', repository: 'alice/app', image: 'alice/app' });
});
