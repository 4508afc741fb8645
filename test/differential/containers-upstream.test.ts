import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { targetFromArgument } from '../../src/cli/commands/get.js';
import { containersVersionArgument } from '../../src/clients/containers-versions.js';
import { resolveAll } from '../../src/resolve/resolve.js';
import { run } from '../testbed/process.js';
import { checkRelease, useCorpus } from './containers-corpus-run.js';
import { UPSTREAM_CASES } from './containers-upstream-cases.js';

/**
 * The situations of containers/image's own credential tests (containers-upstream-cases.ts)
 * through every containers-image oracle and regauth: error, user, secret kind and secret hash,
 * and the file or helper that decided, agree case by case.
 */
const fixture = useCorpus(UPSTREAM_CASES);

test('the upstream situations are distinct cases, by image and by registry key', () => {
  const ids = UPSTREAM_CASES.map((testCase) => testCase.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(UPSTREAM_CASES.filter((testCase) => testCase.key !== undefined).length >= 40);
  assert.ok(UPSTREAM_CASES.filter((testCase) => testCase.key === undefined).length >= 40);
});

for (const release of ['5.23', '5.24', '5.30', '5.31', '5.40', '5.42']) {
  test(`containers/image ${release}: regauth agrees with the oracle on every upstream situation`, async () => {
    const result = await checkRelease(fixture, release, { record: false });
    assert.ok(result.agree >= result.cases - 4, `${result.differences.length} explained differences: ${JSON.stringify(result.differences)}`);
  });
}

/**
 * `regauth get REGISTRY --client podman` against `skopeo login --get-login REGISTRY` (Debian's
 * skopeo 1.9.3, containers/common's key rules): a URL is reduced to its host[:port], the Hub's
 * spellings are separate keys, and REGISTRY/NAMESPACE is a key of its own (not an image), refused
 * with containers/common's own text when it is no repository name of that registry. A name with
 * a tag or digest, or without a registry (`alice/app`), stays an image for `regauth get`.
 */
test('skopeo 1.9.3 login --get-login names the user regauth resolves for the same argument', async () => {
  const root = mkdtempSync(join(tmpdir(), 'regauth-get-login-'));
  try {
    const home = join(root, 'home');
    mkdirSync(join(home, 'run'), { recursive: true });
    const authFile = join(root, 'auth.json');
    const entry = (user: string) => ({ auth: Buffer.from(`${user}:pw-${user}`).toString('base64') });
    writeFileSync(authFile, JSON.stringify({ auths: { 'index.docker.io': entry('hub-index'), 'docker.io': entry('hub-docker'), 'https://quay.io/v1/': entry('quay-url'), 'reg.example/ns': entry('ns'), 'localhost:5000': entry('local'), 'docker.io/vendor': entry('vendor') } }));
    const env = { HOME: home, XDG_RUNTIME_DIR: join(home, 'run'), PATH: '/usr/bin:/bin' };
    const mismatches: string[] = [];
    const arguments_ = [
      ...['index.docker.io', 'docker.io', 'https://index.docker.io/v1/', 'http://index.docker.io', 'quay.io', 'https://quay.io', 'reg.example', 'http://reg.example/ns', 'localhost:5000', 'https://localhost:5000/v2/'],
      // REGISTRY/NAMESPACE (a name with a tag or digest, or without a registry, is an image to regauth get)
      ...['docker.io/vendor', 'docker.io/vendor/app', 'docker.io/other', 'docker.io/library/vendor', 'reg.example/ns', 'reg.example/ns/app', 'reg.example/other', 'localhost:5000/team', 'REG.example/ns'],
      // refused by containers/common
      ...['index.docker.io/vendor', 'docker.io/Vendor', 'docker.io/vendor/', 'reg.example//ns'],
    ];
    for (const argument of arguments_) {
      const skopeo = await run('skopeo', ['login', '--get-login', '--authfile', authFile, argument], { env, timeoutMs: 30_000 });
      assert.equal(skopeo.timedOut, false);
      const theirs = skopeo.code === 0 ? skopeo.stdout.trim() : null;
      let target;
      try {
        target = targetFromArgument(argument, 'podman');
      } catch (error) {
        // skopeo's fatal message, unquoted
        const said = /msg="((?:[^"\\]|\\.)*)"/.exec(skopeo.stderr)?.[1]?.replaceAll('\\"', '"');
        if (said !== (error as Error).message) mismatches.push(`${argument}: skopeo refuses with ${String(said)}, regauth with ${(error as Error).message}`);
        continue;
      }
      if (theirs === null) assert.match(skopeo.stderr, /not logged into/, `skopeo ${argument}: ${skopeo.stderr}`);
      const [resolution] = await resolveAll(target, { clients: ['podman'], containersTool: 'skopeo', containersRelease: containersVersionArgument('5.23'), authFile, env });
      assert.ok(resolution !== undefined && resolution.error === null);
      const ours = resolution.secretKind === 'password' ? resolution.username : null;
      if (ours !== theirs) mismatches.push(`${argument}: skopeo ${String(theirs)}, regauth ${String(ours)}`);
    }
    assert.deepEqual(mismatches, []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
