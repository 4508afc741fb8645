import { test } from 'node:test';
import type { CorpusCase } from './containers-corpus.js';
import { checkRelease, useCorpus } from './containers-corpus-run.js';

/**
 * Hand-written set-ups the generated corpus reaches only by chance, through every oracle: a
 * legacy ~/.dockercfg with namespaced keys, an exact key beside a normalised one, a broken file
 * before a good one, helpers that fail before one that answers, registries.conf files refused as a whole.
 */
const b64 = (text: string): string => Buffer.from(text).toString('base64');
const auths = (entries: Record<string, string>): string => JSON.stringify({ auths: Object.fromEntries(Object.entries(entries).map(([key, user]) => [key, { auth: b64(`${user}:pw`) }])) });
const edge = (id: string, image: string, files: Record<string, string>, extra: Partial<CorpusCase> = {}): CorpusCase => ({ id, image, files, env: {}, helperAnswers: {}, ...extra });

const CASES: CorpusCase[] = [
  edge('legacy-namespaced', 'quay.io/org/app', { '.dockercfg': JSON.stringify({ 'quay.io/org/app': { auth: b64('ns:pw') }, 'quay.io': { auth: b64('reg:pw') } }) }),
  edge('legacy-namespaced-only', 'quay.io/org/app', { '.dockercfg': JSON.stringify({ 'quay.io/org/app': { auth: b64('ns:pw') } }) }),
  edge('exact-beats-normalised', 'quay.io/org/app', { '.docker/config.json': auths({ 'https://quay.io': 'url', 'quay.io/org': 'ns' }) }),
  edge('broken-first-file', 'quay.io/org/app', { '.config/containers/auth.json': '{', '.docker/config.json': auths({ 'quay.io': 'later' }) }),
  edge('helpers-fail-then-answer', 'quay.io/org/app', {
    '.config/containers/registries.conf': 'credential-helpers = ["broken", "absent", "corpus"]\n',
  }, { helperAnswers: { 'quay.io': 'from-helper' } }),
  edge('helpers-fail-files-empty', 'quay.io/org/app', {
    '.config/containers/registries.conf': 'credential-helpers = ["broken", "containers-auth.json", "absent"]\n',
  }),
  edge('empty-user', 'docker.io/alice/app', { '.docker/config.json': JSON.stringify({ auths: { 'docker.io': { auth: b64(':pw') } } }) }),
  edge('empty-password', 'docker.io/alice/app', { '.docker/config.json': JSON.stringify({ auths: { 'docker.io': { auth: b64('alice:') } }, credsStore: 'corpus' }) }),
  edge('authfile-missing', 'quay.io/org/app', { '.config/containers/auth.json': auths({ 'quay.io': 'default' }) }, { authFile: 'none.json' }),
  // the credential helpers come from the whole registries.conf load: keys in any case, and a file refused for its routing stops the lookup
  edge('helpers-key-case', 'quay.io/org/app', { '.config/containers/registries.conf': 'Credential-Helpers = ["corpus"]\n' }, { helperAnswers: { 'quay.io': 'from-helper' } }),
  edge('registries-conf-v1-mixed', 'quay.io/org/app', { '.config/containers/registries.conf': 'credential-helpers = ["corpus"]\n[registries.search]\nregistries = ["quay.io"]\n' }, { helperAnswers: { 'quay.io': 'from-helper' } }),
  edge('registries-conf-v1-block', 'quay.io/org/app', { '.config/containers/registries.conf': '[registries.block]\nregistries = ["quay.io"]\n', '.config/containers/auth.json': auths({ 'quay.io': 'blocked-but-found' }) }),
  edge('registries-conf-bad-location', 'quay.io/org/app', { '.config/containers/registries.conf': '[[registry]]\nlocation = "https://quay.io"\n', '.config/containers/auth.json': auths({ 'quay.io': 'never' }) }),
  edge('registries-conf-env-missing', 'quay.io/org/app', {}, { env: { CONTAINERS_REGISTRIES_CONF: '$HOME/none.conf' } }),
];

const fixture = useCorpus(CASES);

for (const release of ['5.23', '5.24', '5.30', '5.31', '5.40', '5.42']) {
  test(`containers/image ${release}: hand-written edge cases agree with the oracle`, async () => {
    await checkRelease(fixture, release, { record: false });
  });
}
