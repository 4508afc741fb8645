import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeContainersAuth } from '../config/containers-file.js';
import { decodeDockerConfig } from '../config/docker-file.js';
import type { LoadedFile } from '../config/model.js';
import { resolveContainers } from './containers.js';
import { resolveDocker } from './docker.js';
import { SKIPPED_STEPS_SHOWN } from '../util/trace.js';
import { dockerVersionArgument } from './versions.js';

/**
 * A decoded file answers its first few lookups by scanning its keys and later ones from maps it
 * builds then (`resolve` makes a few lookups, `ls` and `doctor` one per key): every lookup must
 * answer as a freshly decoded file does, whichever way it went.
 */
const KEYS = [
  'myreg.example.com',
  'https://myreg.example.com',
  'http://myreg.example.com/v2/',
  'https://myreg.example.com:5000/v1/',
  'myreg.example.com/team',
  'myreg.example.com:5000',
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'https://index.docker.io/v1/',
  'http://[::1]:5000',
  'https://[fe80::1%25eth0]/x',
  'quay.io/org',
  'HTTPS://quay.io',
  // found by containers/image only through normalisation: no key is the registry itself
  'https://reg.example.org',
  'http://reg.example.org/v2/',
  'https://reg.example.org/',
];
const REGISTRIES = ['myreg.example.com', 'myreg.example.com:5000', 'docker.io', 'index.docker.io', 'quay.io', '[::1]:5000', 'reg.example.org'];

const b64 = (text: string): string => Buffer.from(text).toString('base64');

function loaded(auths: Record<string, unknown>, format: LoadedFile['format']): LoadedFile {
  return { path: '/home/u/config.json', format, exists: true, text: JSON.stringify({ auths }), ioError: null };
}

const authsArbitrary = fc.uniqueArray(fc.constantFrom(...KEYS), { minLength: 1, maxLength: KEYS.length }).chain((keys) =>
  fc.tuple(fc.constant(keys), fc.array(fc.constantFrom('alice', 'bob', ''), { minLength: keys.length, maxLength: keys.length })),
);

/** keys of other registries first: past SKIPPED_STEPS_SHOWN of them the lookups visit only the keys that concern them */
const FILLERS = Array.from({ length: SKIPPED_STEPS_SHOWN + 10 }, (_, index) => [`filler${index}.example.net`, { auth: b64('filler:pw') }]);

function authsOf([keys, users]: [string[], string[]]): Record<string, unknown> {
  return Object.fromEntries([...FILLERS, ...keys.map((key, index) => [key, { auth: b64(`${users[index]}:pw-${users[index]}`) }])]);
}

const ROUNDS = 3;

test('docker: a file looked up again and again answers as a fresh one, for every release rule', () => {
  const versions = ['26.1', '27.0.1', '28.2', '29.7'].map((text) => dockerVersionArgument(text));
  fc.assert(
    fc.property(authsArbitrary, (pair) => {
      const file = loaded(authsOf(pair), 'docker-config');
      for (const version of versions) {
        const shared = decodeDockerConfig(file, { version });
        for (let round = 0; round < ROUNDS; round += 1) {
          for (const registry of REGISTRIES) {
            const inputs = { registry, version, defaultStore: null, authConfigEnv: null, answers: new Map() };
            const again = resolveDocker({ ...inputs, config: shared });
            const fresh = resolveDocker({ ...inputs, config: decodeDockerConfig(file, { version }) });
            assert.deepEqual(JSON.parse(JSON.stringify(again)), JSON.parse(JSON.stringify(fresh)), `${registry}, round ${round}`);
          }
        }
      }
    }),
    { numRuns: 60 },
  );
});

test('containers: an auth file looked up again and again answers as a fresh one', () => {
  fc.assert(
    fc.property(authsArbitrary, fc.constantFrom<LoadedFile['format']>('containers-auth', 'docker-config', 'dockercfg'), (pair, format) => {
      const auths = authsOf(pair);
      const file = format === 'dockercfg' ? { ...loaded({}, format), text: JSON.stringify(auths) } : loaded(auths, format);
      const shared = decodeContainersAuth(file);
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const registry of REGISTRIES) {
          const inputs = { registry, name: `${registry}/team/app`, answers: new Map() };
          const again = resolveContainers({ ...inputs, files: [shared] });
          const fresh = resolveContainers({ ...inputs, files: [decodeContainersAuth(file)] });
          assert.deepEqual(JSON.parse(JSON.stringify(again)), JSON.parse(JSON.stringify(fresh)), `${registry}, round ${round}`);
        }
      }
    }),
    { numRuns: 60 },
  );
});
