import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Resolution } from '../../src/clients/model.js';
import { dockerVersionArgument } from '../../src/clients/versions.js';
import { parseImageRef } from '../../src/reference/parse.js';
import { resolveAll, targetOf } from '../../src/resolve/resolve.js';
import { run } from '../testbed/process.js';
import { type RecordedAuth, type RecordingDaemon, startRecordingDaemon } from '../testbed/recording-daemon.js';
import { CaseHomes } from './case-home.js';
import { CASES } from './cases.js';

/**
 * What `docker pull` and `docker push` hand the daemon (X-Registry-Auth, recorded by a stand-in
 * daemon on a Unix socket) must be what regauth's docker resolver predicts, for the real Docker
 * CLI 28.2 and 20.10, on every differential case. The daemon contacts no registry, so the
 * case's users and tokens are made up here: what counts is which credentials the CLI sends.
 */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PROGRAMS = {
  '28.2.2': '/usr/local/bin/docker',
  '20.10.24': join(REPO_ROOT, '.testbed', 'docker20', 'usr', 'bin', 'docker'),
} as const;

const root = mkdtempSync(join(tmpdir(), 'regauth-pp-'));
const homes = new CaseHomes(root);

before(() => {
  for (const [version, path] of Object.entries(PROGRAMS)) assert.ok(existsSync(path), `Docker CLI ${version} is not at ${path}`);
});

/**
 * What the daemon sends the registry from an AuthConfig: an identity token first, then a registry
 * token, else the user and password — both needed (the daemon does not decode an "auth" field).
 */
function effective(auth: RecordedAuth['auth']): string {
  if (auth === null) return 'undecodable';
  if ((auth.identitytoken ?? '') !== '') return `identitytoken ${auth.identitytoken ?? ''}`;
  if ((auth.registrytoken ?? '') !== '') return `registrytoken ${auth.registrytoken ?? ''}`;
  const username = auth.username ?? '';
  const secret = auth.password ?? '';
  return username === '' || secret === '' ? 'nothing' : `user ${username} password ${secret}`;
}

function predicted(resolution: Resolution): string {
  const credentials = resolution.credentials;
  if (credentials === null) return 'nothing';
  if (credentials.identityToken !== null) return `identitytoken ${credentials.identityToken.reveal()}`;
  if (credentials.registryToken !== null && credentials.password === null) return `registrytoken ${credentials.registryToken.reveal()}`;
  return `user ${credentials.username ?? ''} password ${credentials.password?.reveal() ?? ''}`;
}

const DOCKER_CASES = CASES.filter((testCase) => (testCase.programs ?? ['docker', 'docker20']).some((program) => program === 'docker' || program === 'docker20'));

for (const [version, binary] of Object.entries(PROGRAMS)) {
  describe(`docker ${version} push and pull send what the resolver predicts`, { concurrency: 4 }, () => {
    for (const testCase of DOCKER_CASES) {
      const program = version === '28.2.2' ? 'docker' : 'docker20';
      if (testCase.programs !== undefined && !testCase.programs.includes(program)) continue;
      test(testCase.name, async () => {
        const home = mkdtempSync(join(root, 'h-'));
        const daemon = await startRecordingDaemon(home);
        after(() => daemon.close());
        const env = homes.prepare(testCase, daemon.host, home);
        const ref = parseImageRef(testCase.image);
        const [resolution] = await resolveAll(targetOf(ref), { clients: ['docker'], dockerVersion: dockerVersionArgument(version), env });
        assert.ok(resolution !== undefined);
        for (const action of ['pull', 'push'] as const) {
          const result = await run(binary, [action, testCase.image], { env, timeoutMs: 30_000 });
          const recorded = daemon.recorded.filter((item) => item.action === action);
          const detail: string = `${action} exit ${result.code}: ${result.stderr.trim().split('\n').slice(-2).join(' | ')}; trace: ${resolution.trace.map((step) => step.why).slice(-3).join(' / ')}`;
          // a CLI that refuses before contacting the daemon sends nothing: the prediction must be an error then
          if (recorded.length === 0) {
            assert.notEqual(result.code, 0, `the CLI neither ran the ${action} nor failed: ${detail}`);
            assert.notEqual(resolution.error, null, `the CLI refused the ${action}; regauth predicted ${predicted(resolution)}: ${detail}`);
            continue;
          }
          assert.equal(result.code, 0, detail);
          const sent = effective(recorded[recorded.length - 1]?.auth ?? null);
          if (resolution.ambiguous) continue;
          assert.equal(sent, predicted(resolution), detail);
        }
      });
    }
  });
}
