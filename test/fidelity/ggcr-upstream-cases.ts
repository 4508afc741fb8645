import { type CorpusSetup, passwordOf } from './corpus.js';

/**
 * The situations go-containerregistry v0.22.1 tests pkg/name and pkg/authn with, as cases of our
 * own: names for name.ParseReference with crane's default (weak) options, and credential setups
 * for authn.DefaultKeychain. Each group names the upstream test whose situation it covers.
 * Setups that do not say otherwise leave DOCKER_CONFIG, REGISTRY_AUTH_FILE and the XDG variables
 * unset; $HOME is the setup's own directory.
 */
const HEX64 = '5d'.repeat(32);
const HEX128 = '0f'.repeat(64);

export const GGCR_NAME_UPSTREAM_IMAGES: readonly string[] = [
  // registry_test.go TestNewRegistry*, TestDefaultRegistryNames, TestRegistryComponents
  'reg.example/app',
  'reg.example:9001/app',
  'index.docker.io/library/app',
  'index.docker.io/app',
  'docker.io/app',
  'docker.io/team/app',
  'registry-1.docker.io/app',
  'eu.reg.example/app',
  'localhost/app',
  'localhost:9090/app',
  'LOCALHOST/app',
  'two words/app',
  'my reg.example/app',
  'reg?x.example/app',
  'reg#x.example/app',
  'user@reg.example/app',
  'reg.example:/app',
  'reg.example:port/app',
  // TestIsRFC1918, TestRegistryScheme: addresses parse the same whatever scheme they get
  '10.2.3.4:5000/app',
  '8.8.8.8/app',
  '172.16.3.4:3000/app',
  '192.168.3.4/app',
  '10.256.0.0:5000/app',
  'svc.cluster.localhost:1234/app',
  'svc.cluster.local:1234/app',
  '127.0.0.1/app',
  '127.0.0.1:1234/app',
  '127.0.0.1.evil.example/app',
  '[::1]:5000/app',
  '[::1]/app',
  '::1/app',
  '[2001:db8::5]:5000/app',
  // repository_test.go TestNewRepository*
  'reg.example/h-team/greeter',
  'reg.example/org.example/proj-7/greeter',
  'eu.reg.example/proj-7/nested-repo',
  'mirror.reg.example/alpine',
  'reg.example/a',
  'reg.example/a/b',
  'team/part/img',
  'library/alpine',
  'alpine',
  'a',
  '0',
  'at@sign/img',
  '',
  'Acme/app',
  'acme/App',
  'reg.example/Acme',
  'reg.example/ünï',
  `reg.example/${'r'.repeat(255)}`,
  `reg.example/${'r'.repeat(256)}`,
  `${'r'.repeat(256)}`,
  // tag_test.go TestNewTag*
  'reg.example/h-team/greeter:latest',
  'reg.example/org.example/h-team/greeter:latest',
  'reg.example/proj-7/numbered9:v3',
  'eu.reg.example/proj-7/img:dots.in.the.tag',
  'reg.example/proj-7/img:m1xed-Case_and.D1gits',
  'host.having.port:9001/img:stable',
  'reg.example/proj-7/no-tag-given',
  'web.reg.example:23456/deep/path',
  "reg.example/proj-7/odd:it's@bad",
  'reg.example/proj-7/spaced:a tag',
  `reg.example/proj-7/long:${'t'.repeat(129)}`,
  `reg.example/proj-7/long:${'t'.repeat(128)}`,
  'library/alpine:',
  'alpine:3.19:extra',
  'reg.example:5000',
  'localhost:5000',
  // digest_test.go TestNewDigest*, ref_test.go TestParseReferenceWithTagAndDigest
  `reg.example/h-team/greeter@sha256:${HEX64}`,
  `reg.example/org.example/proj-7/greeter@sha256:${HEX64}`,
  `reg.example/one/two@sha512:${HEX128}`,
  `reg.example/one/two:latest@sha256:${HEX64}`,
  `reg.example:8443/one/two:latest@sha256:${HEX64}`,
  `reg.example/one/two:v2.1.0-slim@sha256:${HEX64}`,
  `team/part/img@sha256:${HEX64}`,
  `library/alpine@sha256:${HEX64}`,
  `library/alpine@sha512:${HEX128}`,
  `nginx:latest@sha256:${HEX64}`,
  `library/nginx:latest@sha256:${HEX64}`,
  'reg.example/proj-7/strange@notahash:beef01',
  'reg.example/proj-7/short@sha256:5d5d5d5d5d5d5d5d',
  'reg.example/proj-7/short@sha512:5d5d5d5d5d5d5d5d',
  `reg.example/proj-7/old-hash@md5:${'d'.repeat(32)}`,
  `reg.example/proj-7/upper-hex@sha256:${HEX64.toUpperCase()}`,
  'reg.example/proj-7/nothing-after-at@',
  `repo@sha256:${':'.repeat(64)}`,
  `repo@sha256:${'zz'.repeat(32)}`,
  `repo@sha256:${HEX64}@sha256:${HEX64}`,
  `library/nginx:@sha256:${HEX64}`,
  `@sha256:${HEX64}`,
  `reg.example/bad:c@n@sha256:${HEX64}`,
  // ref_test.go TestParseReferenceURLScheme
  'https://reg.example/one/two',
  'http://localhost:5000/one',
  'HTTPS://reg.example/one/two',
  'oci://reg.example/one/two',
  // ref_test.go TestParseReferenceDefaulting: the defaults crane keeps (index.docker.io, latest)
  'vendor/plugin',
  'vendor/plugin:v3.2.1',
  'reg.example/vendor/plugin:latest',
  'localhost/sample:own-tag',
  // whitespace and separators around the parts
  ' reg.example/app',
  'reg.example/app ',
  'reg.example//app',
  'reg.example/app/',
  '/app',
];

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const basic = (user: string): { auth: string } => ({ auth: b64(`${user}:${passwordOf(user)}`) });
const auths = (entries: Record<string, unknown>): string => JSON.stringify({ auths: entries });

/** The registry and repository the keychain tests resolve against, as images. */
const REGISTRY_IMAGES = ['keys.example/mine', 'keys.example/theirs', 'keys.example/deep/repo'];
const HUB_IMAGES = ['alpine', 'acme/tool', 'docker.io/acme/tool', 'index.docker.io/library/alpine'];

function setup(id: string, fields: Partial<CorpusSetup>): CorpusSetup {
  return { id, files: {}, helpers: [], passOnPath: false, variables: {}, images: REGISTRY_IMAGES, ...fields };
}

export const GGCR_KEYCHAIN_UPSTREAM_SETUPS: readonly CorpusSetup[] = [
  // keychain_test.go TestNoConfig: DOCKER_CONFIG names an empty directory
  setup('TestNoConfig', { files: { cfg: { directory: true } }, variables: { DOCKER_CONFIG: '$HOME/cfg' }, images: [...REGISTRY_IMAGES, ...HUB_IMAGES] }),
  // TestPodmanConfig, step by step: each place wins over the ones before it
  setup('TestPodmanConfig-runtime-dir', {
    files: { 'run/containers/auth.json': auths({ 'keys.example': basic('alice') }), 'xdg/containers/auth.json': auths({ 'keys.example': basic('bob') }) },
    variables: { XDG_RUNTIME_DIR: '$HOME/run', XDG_CONFIG_HOME: '$HOME/xdg' },
  }),
  setup('TestPodmanConfig-registry-auth-file', {
    files: { 'run/containers/auth.json': auths({ 'keys.example': basic('alice') }), 'run/auth.json': auths({ 'keys.example': basic('carol') }), 'xdg/containers/auth.json': auths({ 'keys.example': basic('bob') }) },
    variables: { XDG_RUNTIME_DIR: '$HOME/run', XDG_CONFIG_HOME: '$HOME/xdg', REGISTRY_AUTH_FILE: '$HOME/run/auth.json' },
  }),
  setup('TestPodmanConfig-home-docker', {
    files: { 'run/containers/auth.json': auths({ 'keys.example': basic('alice') }), 'run/auth.json': auths({ 'keys.example': basic('carol') }), '.docker/config.json': auths({ 'keys.example': basic('dave') }) },
    variables: { XDG_RUNTIME_DIR: '$HOME/run', REGISTRY_AUTH_FILE: '$HOME/run/auth.json' },
  }),
  setup('TestPodmanConfig-docker-config', {
    files: { 'run/auth.json': auths({ 'keys.example': basic('carol') }), '.docker/config.json': auths({ 'keys.example': basic('dave') }), 'alt/config.json': auths({ 'keys.example': basic('bob') }) },
    variables: { REGISTRY_AUTH_FILE: '$HOME/run/auth.json', DOCKER_CONFIG: '$HOME/alt' },
  }),
  // $HOME/.docker/config.json exists, so the keychain loads DOCKER_CONFIG's directory, which has none
  setup('TestPodmanConfig-docker-config-without-file', {
    files: { '.docker/config.json': auths({ 'keys.example': basic('dave') }), alt: { directory: true }, 'run/auth.json': auths({ 'keys.example': basic('carol') }) },
    variables: { DOCKER_CONFIG: '$HOME/alt', REGISTRY_AUTH_FILE: '$HOME/run/auth.json' },
  }),
  setup('TestPodmanConfig-docker-config-is-a-directory', {
    files: { '.docker/config.json': auths({ 'keys.example': basic('dave') }), 'alt/config.json': { directory: true } },
    variables: { DOCKER_CONFIG: '$HOME/alt' },
  }),
  // TestPodmanConfigXDGConfigHome: the other variables set but empty
  setup('TestPodmanConfigXDGConfigHome', {
    files: { 'xdg/containers/auth.json': auths({ 'keys.example': basic('bob') }) },
    variables: { DOCKER_CONFIG: '', REGISTRY_AUTH_FILE: '', XDG_RUNTIME_DIR: '', XDG_CONFIG_HOME: '$HOME/xdg' },
  }),
  // TestPodmanConfigHomeConfig
  setup('TestPodmanConfigHomeConfig', {
    files: { '.config/containers/auth.json': auths({ 'keys.example': basic('carol') }) },
    variables: { DOCKER_CONFIG: '', REGISTRY_AUTH_FILE: '', XDG_RUNTIME_DIR: '', XDG_CONFIG_HOME: '' },
  }),
  setup('TestPodmanConfig-runtime-dir-without-file', {
    files: { run: { directory: true }, '.config/containers/auth.json': auths({ 'keys.example': basic('carol') }) },
    variables: { XDG_RUNTIME_DIR: '$HOME/run' },
  }),
  setup('TestPodmanConfig-registry-auth-file-missing', {
    files: { 'xdg/containers/auth.json': auths({ 'keys.example': basic('bob') }) },
    variables: { REGISTRY_AUTH_FILE: '$HOME/nowhere/auth.json', XDG_CONFIG_HOME: '$HOME/xdg' },
  }),
  setup('TestPodmanConfig-registry-auth-file-is-a-directory', {
    files: { 'auth.json': { directory: true }, '.config/containers/auth.json': auths({ 'keys.example': basic('carol') }) },
    variables: { REGISTRY_AUTH_FILE: '$HOME/auth.json' },
  }),
  setup('TestPodmanConfig-registry-auth-file-broken', {
    files: { 'auth.json': '{"auths": {"keys.example": ', '.config/containers/auth.json': auths({ 'keys.example': basic('carol') }) },
    variables: { REGISTRY_AUTH_FILE: '$HOME/auth.json' },
  }),
  setup('TestPodmanConfig-containers-auth-broken', { files: { '.config/containers/auth.json': auths({ 'keys.example': { auth: 'not base64!' } }) } }),
  // TestConfigFileIsADir: a directory named config.json is no config file
  setup('TestConfigFileIsADir', { files: { 'cfg/config.json': { directory: true } }, variables: { DOCKER_CONFIG: '$HOME/cfg' } }),
  setup('TestConfigFileIsADir-then-podman', {
    files: { 'cfg/config.json': { directory: true }, '.config/containers/auth.json': auths({ 'keys.example': basic('alice') }) },
    variables: { DOCKER_CONFIG: '$HOME/cfg' },
  }),
  setup('TestConfigFileIsADir-home', { files: { '.docker/config.json': { directory: true }, '.config/containers/auth.json': auths({ 'keys.example': basic('bob') }) } }),
  // TestVariousPaths
  setup('TestVariousPaths-invalid-file', { files: { '.docker/config.json': '}{' } }),
  setup('TestVariousPaths-missing-creds-store', { files: { '.docker/config.json': JSON.stringify({ credsStore: 'nowhere-to-be-found' }) } }),
  setup('TestVariousPaths-registry-key', { files: { '.docker/config.json': auths({ 'keys.example': basic('alice') }) } }),
  setup('TestVariousPaths-default-registry', { files: { '.docker/config.json': auths({ 'https://index.docker.io/v1/': basic('bob') }) }, images: HUB_IMAGES }),
  setup('TestVariousPaths-http-v1', { files: { '.docker/config.json': auths({ 'http://keys.example/v1/': basic('carol') }) } }),
  setup('TestVariousPaths-http-v2', { files: { '.docker/config.json': auths({ 'http://keys.example/v2/': basic('dave') }) } }),
  setup('TestVariousPaths-repository-key', {
    files: { '.docker/config.json': auths({ 'keys.example/mine': basic('alice'), 'keys.example/theirs': basic('bob'), 'keys.example': basic('carol') }) },
  }),
  setup('TestVariousPaths-unrelated-repository', { files: { '.docker/config.json': auths({ 'keys.example/theirs': basic('bob'), 'keys.example': {} }) } }),
  // without the empty registry entry, the other repository's key reduces to the host and serves it
  setup('TestVariousPaths-unrelated-repository-only', { files: { '.docker/config.json': auths({ 'keys.example/theirs': basic('bob') }) } }),
  setup('TestVariousPaths-repository-key-with-scheme', { files: { '.docker/config.json': auths({ 'https://keys.example/mine': basic('dave') }) } }),
  // the key spellings of one registry, one a setup
  ...['keys.example', 'https://keys.example', 'http://keys.example', 'keys.example/v1/', 'https://keys.example/v1/', 'https://keys.example/v2/', 'KEYS.EXAMPLE', 'keys.example:443', 'https://keys.example:443'].map((key, index) =>
    setup(`key-spelling-${index}`, { files: { '.docker/config.json': auths({ [key]: basic('alice') }) } }),
  ),
  // Docker Hub spellings: only DefaultAuthKey and what reduces to it serve index.docker.io
  ...['docker.io', 'index.docker.io', 'registry-1.docker.io', 'https://index.docker.io/v1', 'https://index.docker.io', 'https://docker.io/v1/', 'index.docker.io/v1/', 'http://index.docker.io/v1/'].map((key, index) =>
    setup(`hub-spelling-${index}`, { files: { '.docker/config.json': auths({ [key]: basic('bob') }) }, images: HUB_IMAGES }),
  ),
  setup('hub-repository-key', {
    files: { '.docker/config.json': auths({ 'index.docker.io/library/alpine': basic('carol'), 'https://index.docker.io/v1/': basic('dave'), 'index.docker.io/acme/tool': basic('alice') }) },
    images: HUB_IMAGES,
  }),
  // authn_test.go TestAuthConfigUnmarshalJSON and the token kinds, as the config file carries them
  setup('tokens-all-fields', {
    files: { '.docker/config.json': auths({ 'keys.example': { username: 'alice', password: passwordOf('alice'), identitytoken: 'id-alice', registrytoken: 'reg-alice' } }) },
  }),
  setup('tokens-auth-overrides-fields', { files: { '.docker/config.json': auths({ 'keys.example': { ...basic('bob'), username: 'carol', password: passwordOf('carol') } }) } }),
  setup('tokens-auth-padded', { files: { '.docker/config.json': auths({ 'keys.example': { auth: b64('dave:pw-two') } }) } }),
  setup('tokens-auth-not-base64', { files: { '.docker/config.json': auths({ 'keys.example': { auth: 'not*base64*here' } }) } }),
  setup('tokens-auth-without-colon', { files: { '.docker/config.json': auths({ 'keys.example': { auth: b64('nocolonhere') } }) } }),
  setup('tokens-auth-empty-fields-set', { files: { '.docker/config.json': auths({ 'keys.example': { auth: '', username: 'alice', password: passwordOf('alice') } }) } }),
  setup('tokens-username-not-a-string', { files: { '.docker/config.json': auths({ 'keys.example': { username: true } }) } }),
  setup('tokens-identity-only', { files: { '.docker/config.json': auths({ 'keys.example': { identitytoken: 'id-bob' } }) } }),
  setup('tokens-registry-only', { files: { '.docker/config.json': auths({ 'keys.example': { registrytoken: 'reg-carol' } }) } }),
  setup('tokens-username-only', { files: { '.docker/config.json': auths({ 'keys.example/mine': { username: 'dave' }, 'keys.example': basic('alice') }) } }),
  setup('tokens-serveraddress-only', { files: { '.docker/config.json': auths({ 'keys.example/mine': { serveraddress: 'elsewhere.example' }, 'keys.example': basic('alice') }) } }),
  // TestNewKeychainFromHelper, through the config file: a helper's answers, <token> users, failures
  setup('helper-answers', {
    files: { '.docker/config.json': JSON.stringify({ credHelpers: { 'keys.example': 'upstream-a' } }) },
    helpers: [{ name: 'upstream-a', behaviour: { mode: 'answer', credentials: { 'keys.example': { username: 'alice', secret: 'helper-secret-a' } } } }],
  }),
  setup('helper-identity-token', {
    files: { '.docker/config.json': JSON.stringify({ credHelpers: { 'keys.example': 'upstream-b' } }) },
    helpers: [{ name: 'upstream-b', behaviour: { mode: 'answer', credentials: { 'keys.example': { username: '<token>', secret: 'helper-idtoken-b' } } } }],
  }),
  setup('helper-not-found', {
    files: { '.docker/config.json': JSON.stringify({ credHelpers: { 'keys.example': 'upstream-c' }, auths: { 'keys.example': basic('bob') } }) },
    helpers: [{ name: 'upstream-c', behaviour: { mode: 'answer', credentials: {} } }],
  }),
  setup('helper-fails', {
    files: { '.docker/config.json': JSON.stringify({ credHelpers: { 'keys.example': 'upstream-d' } }) },
    helpers: [{ name: 'upstream-d', behaviour: { mode: 'fail', stderr: 'helper broke', exitCode: 1 } }],
  }),
  setup('helper-missing', { files: { '.docker/config.json': JSON.stringify({ credHelpers: { 'keys.example': 'nowhere-to-be-found' }, auths: { 'other.example': basic('carol') } }) }, images: [...REGISTRY_IMAGES, 'other.example/app'] }),
];
