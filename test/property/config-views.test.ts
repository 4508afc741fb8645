/**
 * Properties of the config views (docker config.json, containers auth.json, kubelet pull
 * secrets) and the client resolvers on top of them: any text gives a view (never an exception),
 * quickly, and no resolution serialises a secret.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeDockerConfig, decodeDockerAuthConfigEnv } from '../../src/config/docker-file.js';
import { decodeContainersAuth } from '../../src/config/containers-file.js';
import { decodeKubeletSecret } from '../../src/config/kube-secret.js';
import { decodeLegacyDockercfg } from '../../src/config/dockercfg-legacy.js';
import type { FileFormat, LoadedFile } from '../../src/config/model.js';
import { resolveDocker } from '../../src/clients/docker.js';
import { resolveContainers } from '../../src/clients/containers.js';
import { resolveCrane } from '../../src/clients/crane.js';
import { resolveKubelet } from '../../src/clients/kubelet.js';
import { NEWEST_MODELLED_DOCKER } from '../../src/clients/versions.js';
import type { Resolution } from '../../src/clients/model.js';
import { helperKey, type HelperAnswer } from '../../src/helpers/model.js';
import { secret } from '../../src/util/secret.js';
import { CANARY, EXTREME_INPUT_LIMIT_MS, EXTREME_TEXTS, PROPERTY_REGISTRIES, RUNS, b64, configTextArb, configWithSecretFor, timed } from './arbitraries.js';
import { renderResolutions, resolutionJson } from '../../src/cli/render/resolution.js';

function file(text: string, format: FileFormat): LoadedFile {
  return { path: `/fuzz/${format}.json`, format, exists: true, text, ioError: null };
}

const OLD_DOCKER = { major: 20, minor: 10, patch: 24 };

function decodeEverything(text: string, limitMs?: number): void {
  timed('decodeDockerConfig', () => decodeDockerConfig(file(text, 'docker-config'), { version: NEWEST_MODELLED_DOCKER }), limitMs);
  timed('decodeDockerConfig (20.10)', () => decodeDockerConfig(file(text, 'docker-config'), { version: OLD_DOCKER }), limitMs);
  timed('decodeLegacyDockercfg', () => decodeLegacyDockercfg(file(text, 'dockercfg'), { version: OLD_DOCKER }), limitMs);
  timed('decodeContainersAuth', () => decodeContainersAuth(file(text, 'containers-auth')), limitMs);
  timed('decodeKubeletSecret', () => decodeKubeletSecret(file(text, 'pull-secret')), limitMs);
  timed('decodeDockerAuthConfigEnv', () => decodeDockerAuthConfigEnv(text, NEWEST_MODELLED_DOCKER), limitMs);
}


/** A helper answer of every kind, the secret being the canary. */
const answerArb: fc.Arbitrary<HelperAnswer> = fc.constantFrom<HelperAnswer>(
  { kind: 'found', serverURL: 'x', username: 'alice', secret: secret(CANARY), isIdentityToken: false },
  { kind: 'found', serverURL: 'x', username: '<token>', secret: secret(CANARY), isIdentityToken: true },
  { kind: 'not-found' },
  { kind: 'not-found', emptyReply: true },
  { kind: 'missing', binary: 'docker-credential-x' },
  { kind: 'failed', exitCode: 1, stdout: '', stderr: '[redacted]', message: 'error getting credentials' },
  { kind: 'timeout', afterMs: 5000 },
  { kind: 'bad-output', message: 'the helper did not print JSON' },
);

/** Runs a resolver, answering its helper questions for two rounds like resolveFor does. */
function settle(resolve: (answers: ReadonlyMap<string, HelperAnswer>) => Resolution, answer: HelperAnswer): Resolution {
  const answers = new Map<string, HelperAnswer>();
  let resolution = resolve(answers);
  for (let round = 0; round < 2 && resolution.pendingHelperQueries.length > 0; round++) {
    for (const query of resolution.pendingHelperQueries) answers.set(helperKey(query), answer);
    resolution = resolve(answers);
  }
  return resolution;
}

function assertNoSecretSerialised(resolution: Resolution): void {
  const json = JSON.stringify(resolution);
  assert.ok(!json.includes(CANARY) && !json.includes(b64(`alice:${CANARY}`)), `a resolution serialised a secret: ${json.slice(0, 300)}`);
}

describe('config views: any text gives a view, never an exception', () => {
  test(`${RUNS} generated files through every view`, () => {
    fc.assert(fc.property(configTextArb, (text) => decodeEverything(text)), { numRuns: RUNS });
  });

  test('extreme files: deep nesting, huge strings, many duplicate keys, NULs', () => {
    // 20,000 duplicate "auths" keys took 40 s before map decoding stopped copying per duplicate
    for (const text of EXTREME_TEXTS) decodeEverything(text, EXTREME_INPUT_LIMIT_MS);
  });
});

/** Resolutions that carried a secret taken from the file itself, per client, to report the share. */
const fromFile = new Map<string, { runs: number; withSecret: number }>();

function count(client: string, resolution: Resolution): void {
  const tally = fromFile.get(client) ?? { runs: 0, withSecret: 0 };
  tally.runs += 1;
  if (resolution.source === 'file' && resolution.secretPresent) tally.withSecret += 1;
  fromFile.set(client, tally);
}

/** Neither the resolution object nor anything regauth prints from it may hold the secret. */
function assertNoSecretShown(resolution: Resolution, image: string): void {
  assertNoSecretSerialised(resolution);
  const shown = `${JSON.stringify(resolutionJson(resolution))}\n${renderResolutions(image, [resolution], true)}`;
  assert.ok(!shown.includes(CANARY) && !shown.includes(b64(`alice:${CANARY}`)), `output shows a secret: ${shown.slice(0, 300)}`);
}

/** The share of file secrets each client must meet: the generators are useless below it. */
const MIN_SHARE = 0.5;

describe('client resolvers over random configs', () => {
  const registryAndText = fc.constantFrom(...PROPERTY_REGISTRIES).chain((registry) =>
    fc.tuple(fc.constant(registry), fc.oneof({ weight: 9, arbitrary: configWithSecretFor(registry) }, { weight: 1, arbitrary: configTextArb.map((text) => ({ text, kube: text })) })),
  );

  test(`${RUNS} configs: each client resolves, nothing it shows holds the secret, and most resolutions carry one from the file`, (t) => {
    fc.assert(
      fc.property(registryAndText, fc.constantFrom('team/app', 'library/ubuntu', 'alice/app'), answerArb, ([registry, { text, kube: kubeText }], repository, answer) => {
        const docker = decodeDockerConfig(file(text, 'docker-config'), { version: NEWEST_MODELLED_DOCKER });
        const containers = decodeContainersAuth(file(text, 'containers-auth'));
        const kube = decodeKubeletSecret(file(kubeText, 'pull-secret'));
        const name = `${registry}/${repository}`;
        const resolutions: Array<[string, Resolution]> = [
          ['docker', settle((answers) => resolveDocker({ registry, version: NEWEST_MODELLED_DOCKER, config: docker, defaultStore: null, authConfigEnv: null, answers }), answer)],
          ['docker 20.10 with a default store', settle((answers) => resolveDocker({ registry, version: OLD_DOCKER, config: docker, defaultStore: 'pass', authConfigEnv: null, answers }), answer)],
          ['podman', settle((answers) => resolveContainers({ registry, name, files: [containers], answers }), answer)],
          ['crane', settle((answers) => resolveCrane({ registry, repository, config: docker, authConfigEnv: null, answers }), answer)],
          ['kubelet', resolveKubelet({ name, registry, secrets: [kube] })],
        ];
        for (const [client, resolution] of resolutions) {
          count(client, resolution);
          assertNoSecretShown(resolution, name);
        }
      }),
      { numRuns: RUNS },
    );
    const shares = [...fromFile].map(([client, tally]) => [client, tally.withSecret / tally.runs] as const);
    t.diagnostic(`resolutions carrying a secret from the file: ${shares.map(([client, share]) => `${client} ${(share * 100).toFixed(1)}%`).join(', ')}`);
    for (const [client, share] of shares) {
      // with a default store Docker asks the helper, not the file
      if (client.includes('default store')) continue;
      assert.ok(share >= MIN_SHARE, `${client}: only ${(share * 100).toFixed(1)}% of resolutions carried a secret from the file`);
    }
  });
});
