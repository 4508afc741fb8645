import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseContainersReference } from '../../src/reference/containers.js';
import { askOracle } from '../oracles/oracle.js';
import { REFERENCE_UPSTREAM_IMAGES } from '../fidelity/reference-upstream-cases.js';

/**
 * containers/image's copy of the reference grammar, as the docker:// transport applies it, against
 * src/reference/containers.ts: the same refusals with the same text, the same name otherwise.
 */
const HEX = 'b'.repeat(64);
const IMAGES = [
  'alice/app', 'ubuntu', 'ubuntu:22.04', 'library/ubuntu', 'docker.io/ubuntu', 'index.docker.io/alice/app', 'registry-1.docker.io/alice/app',
  'Foo/bar', 'foo/Bar', 'LOCALDOMAIN/x', 'localdomain/x', 'LOCALHOST/x', 'localhost/x', 'localhost:5000/x', 'localhost:5000',
  '[::1]:5000/x', '[::1]/x', '[fe80::1%eth0]:5000/x', '127.0.0.1:5000/a/b', 'MyReg.Example.com/app', 'myreg.example.com:5000/App',
  'quay.io/org/app@sha256:' + HEX, 'quay.io/org/app:v1@sha256:' + HEX, 'quay.io/org/app@sha256:abc', 'quay.io/org/app@sha256:' + HEX.toUpperCase(),
  'quay.io/org/app@sha512:' + HEX, 'quay.io/org/app@md5:' + HEX, 'quay.io/org/app@sha384:' + 'c'.repeat(96), HEX, `${HEX}:tag`,
  'a-b/c__d/e.f', 'a--b/c', 'a_b/c', 'a__b/c', 'a___b/c', 'a.-b/c', '-a/b', 'a-/b', 'reg-.io/x', 'reg.io:/x', 'reg.io:abc/x',
  'x:' + 't'.repeat(128), 'x:' + 't'.repeat(129), 'x:.tag', 'x:-tag', 'x:_tag', 'x:Tag.1-2_3', 'a/' + 'b'.repeat(250), 'a/' + 'b'.repeat(260),
  '', ' alice/app', 'alice/app ', 'alice//app', 'alice/app/', '/alice/app', 'docker://alice/app', 'http://reg.io/x', 'reg.io/x:tag:tag',
  'Reg.io/UPPER', 'reg.io/x@', 'reg.io/x:', 'ünïcode/x', 'reg.io/a/b/c/d/e/f', 'xn--80ak6aa92e.com/x', 'reg_io/x', 'reg_io.com/x',
  // the situations distribution/reference's own tests exercise, read by containers/image's copy of it
  ...REFERENCE_UPSTREAM_IMAGES,
];

test('the reference grammar matches every containers/image release line', async () => {
  const home = mkdtempSync(join(tmpdir(), 'regauth-containers-ref-'));
  try {
    for (const release of ['5.23', '5.42']) {
      const answers = await askOracle<Array<{ id: string; name: string; parseError: string | null }>>(
        `containers-image-${release}`,
        IMAGES.map((image, index) => ({ id: String(index), env: { HOME: home, PATH: '/usr/bin:/bin' }, image })),
        { env: { ...process.env, HOME: home } },
      );
      const mismatches: string[] = [];
      for (const [index, image] of IMAGES.entries()) {
        const answer = answers[index];
        assert.ok(answer !== undefined);
        const ours = parseContainersReference(image);
        const theirs = answer.parseError === null ? { ok: true, name: answer.name } : { ok: false, message: answer.parseError };
        const mine = ours.ok ? { ok: true, name: ours.name } : { ok: false, message: ours.message };
        if (JSON.stringify(mine) !== JSON.stringify(theirs)) mismatches.push(`${release} ${JSON.stringify(image)}: ours ${JSON.stringify(mine)}, containers/image ${JSON.stringify(theirs)}`);
      }
      assert.deepEqual(mismatches, []);
      assert.ok(answers.filter((answer) => answer.parseError !== null).length >= 20);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
