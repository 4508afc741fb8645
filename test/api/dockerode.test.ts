import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Docker from 'dockerode';
import { dockerodeAuth, isRegauthError, registryAuthHeader } from '../../src/index.js';
import { resolveAll, targetOf } from '../../src/resolve/resolve.js';
import { dockerVersionArgument } from '../../src/clients/versions.js';
import { parseImageRef } from '../../src/reference/parse.js';
import { CaseHomes } from '../differential/case-home.js';
import { CASES, type DifferentialCase } from '../differential/cases.js';
import { run } from '../testbed/process.js';
import { type RecordingDaemon, startRecordingDaemon } from '../testbed/recording-daemon.js';

/**
 * dockerode, for real, against the recording stand-in daemon: pulls and pushes with
 * `dockerodeAuth(image)` must hand the daemon the very X-Registry-Auth bytes the real Docker CLI
 * 28.2 sends for the same config and image (recorded by the same daemon), on every differential
 * case Docker runs; and `registryAuthHeader(image)` must be that value too.
 */
const DOCKER = '/usr/local/bin/docker';
const root = mkdtempSync(join(tmpdir(), 'regauth-dockerode-'));
const homes = new CaseHomes(root);

before(() => {
  assert.ok(existsSync(DOCKER), `Docker CLI 28.2 is not at ${DOCKER}`);
});

async function drain(docker: Docker, stream: NodeJS.ReadableStream): Promise<void> {
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (error) => (error ? reject(error) : resolve())));
}

/** Secrets with characters Go's JSON encoder escapes (HTML-safe) and JavaScript's does not. */
const ESCAPED: DifferentialCase = {
  name: 'a password with <, >, & and U+2028, which Go escapes in JSON',
  image: 'myreg.example.com/app',
  registry: 'myreg',
  config: () => ({ auths: { 'myreg.example.com': { auth: Buffer.from('alice:p<w>&d\u2028x').toString('base64') } } }),
};

const DOCKER_CASES = [...CASES.filter((testCase) => (testCase.programs ?? ['docker']).includes('docker')), ESCAPED];

describe('dockerode with dockerodeAuth sends the X-Registry-Auth of the Docker CLI 28.2', { concurrency: 4 }, () => {
  test('the cases cover Hub key spellings, helpers, identity and registry tokens', () => {
    const configs = DOCKER_CASES.map((testCase) => JSON.stringify(testCase.config(homes.context)) ?? '');
    assert.ok(DOCKER_CASES.length >= 40, `${DOCKER_CASES.length} cases`);
    assert.ok(DOCKER_CASES.some((testCase) => testCase.helpers !== undefined));
    assert.ok(configs.some((text) => text.includes('identitytoken')));
    assert.ok(configs.some((text) => text.includes('registrytoken')));
    assert.ok(configs.some((text) => text.includes('"docker.io"')));
  });

  for (const testCase of DOCKER_CASES) {
    test(testCase.name, async () => {
      const home = mkdtempSync(join(root, 'h-'));
      const daemon: RecordingDaemon = await startRecordingDaemon(home);
      after(() => daemon.close());
      const env = homes.prepare(testCase, daemon.host, home);
      const options = { env, dockerVersion: '28.2' };

      const cli: Record<string, string | null> = {};
      for (const action of ['pull', 'push'] as const) {
        const before = daemon.recorded.length;
        const result = await run(DOCKER, [action, testCase.image], { env, timeoutMs: 30_000 });
        const recorded = daemon.recorded.slice(before);
        cli[action] = recorded.length === 0 ? null : (recorded[recorded.length - 1]?.header ?? null);
        if (recorded.length > 0) assert.equal(result.code, 0, `${action}: ${result.stderr}`);
      }
      const [resolution] = await resolveAll(targetOf(parseImageRef(testCase.image)), { clients: ['docker'], dockerVersion: dockerVersionArgument('28.2'), env });
      assert.ok(resolution !== undefined);
      // Go map order picks among several matching keys at random: the CLI's choice is not one answer
      if (resolution.ambiguous) return;

      if (cli['pull'] === null) {
        // the CLI refused before asking the daemon: the library refuses with a typed error
        assert.equal(cli['push'], null);
        await assert.rejects(registryAuthHeader(testCase.image, options), (error) => isRegauthError(error) && error.code === 'E_LOOKUP_FAILED');
        return;
      }
      // several keys reduce to the host with the same credentials: Go map order picks the server address
      const sameRivals = resolution.trace.some((step) => step.step === 'docker.auths.duplicates');
      const comparable = (header: string | null): string => (sameRivals ? decode(header).replace(/"serveraddress":"[^"]*"/, '"serveraddress":"(one of the keys)"') : (header ?? '(none)'));
      assert.equal(comparable(cli['push'] ?? null), comparable(cli['pull'] ?? null), 'the CLI sends the same for pull and push');
      assert.equal(comparable(await registryAuthHeader(testCase.image, options)), comparable(cli['pull'] ?? null), `registryAuthHeader: ${decode(cli['pull'] ?? null)}`);

      const docker = new Docker({ socketPath: daemon.socket });
      const authconfig = await dockerodeAuth(testCase.image, options);
      if (testCase === ESCAPED) assert.equal(authconfig.base64, cli['pull'], 'the exact header rides along where JSON.stringify would differ');
      const before = daemon.recorded.length;
      await drain(docker, await docker.pull(testCase.image, { authconfig }));
      await drain(docker, await docker.getImage(testCase.image).push({ authconfig }));
      const sent = daemon.recorded.slice(before);
      assert.deepEqual(sent.map((item) => item.action), ['pull', 'push']);
      for (const item of sent) assert.equal(comparable(item.header), comparable(cli['pull'] ?? null), `dockerode ${item.action}: ${decode(item.header)} vs the CLI's ${decode(cli['pull'] ?? null)}`);
    });
  }
});

function decode(header: string | null): string {
  return header === null ? '(none)' : Buffer.from(header, 'base64url').toString('utf8').replace(/"(password|identitytoken|registrytoken)":"[^"]*"/g, '"$1":"…"');
}
