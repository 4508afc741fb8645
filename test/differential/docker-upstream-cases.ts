import type { SecretKind } from '../../src/clients/model.js';
import { dockerAtLeast, parseDockerVersion } from '../../src/config/docker-version.js';
import type { HelperBehaviour } from '../testbed/helper-script.js';
import { type CorpusSetup, passwordOf } from '../fidelity/corpus.js';

/**
 * The situations docker/cli's own tests exercise (cli/config: config_test.go,
 * configfile/file_test.go, credentials/file_store_test.go and native_store_test.go) and those of
 * the registry package of docker/docker (auth_test.go) the CLI's lookup depends on, written as
 * our own setups: each comment names the upstream test it follows. The Docker CLI's own code
 * (test/oracles/dockercli-<release>) and regauth must agree on every image; `expect` states
 * what the upstream test asserts, checked against the oracle's answer.
 */

/**
 * What Docker sends for an image: "none", "alice" (user and password), "alice/registrytoken",
 * "identitytoken", "registrytoken"; a trailing "!" means the lookup failed and the command
 * ignored the error.
 */
export type Expect = string;

export interface UpstreamCase {
  /** the upstream test the setup follows */
  after: string;
  setup: CorpusSetup;
  /** image → what Docker sends, for every release or as a function of the release */
  expect: Record<string, Expect | ((release: string) => Expect)>;
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const json = (value: unknown): string => JSON.stringify(value, null, '\t');
const auth = (user: string): Record<string, string> => ({ auth: b64(`${user}:${passwordOf(user)}`) });
const fields = (user: string): Record<string, string> => ({ username: user, password: passwordOf(user) });
/** a helper that answers `get` for these server URLs exactly as given */
const answers = (table: Record<string, string>): HelperBehaviour => ({
  mode: 'answer',
  credentials: Object.fromEntries(
    Object.entries(table).map(([url, user]) => [url, user === '<token>' ? { username: '<token>', secret: `helper-idtoken-${url}` } : { username: user, secret: `helper-${passwordOf(user)}` }]),
  ),
});

/** the release is at least major.minor[.patch] */
export function since(release: string, version: string): boolean {
  const have = parseDockerVersion(release);
  const want = parseDockerVersion(version);
  if (have === null || want === null) throw new Error(`not a version: ${release} / ${version}`);
  return dockerAtLeast(have, want.major, want.minor, want.patch);
}
const from = (version: string, before: Expect, after: Expect) => (release: string): Expect => (since(release, version) ? after : before);
/** Docker 26.1 and earlier strip http:// or https:// and cut at the first slash; 27.0 parses the URL */
const urlParsed = (before: Expect, after: Expect): ((release: string) => Expect) => from('27.0.0', before, after);
/** 27.0.1 reduces a URL key to its host name alone, dropping the port */
const portDropped = (dropped: Expect, kept: Expect) => (release: string): Expect => (since(release, '27.0.1') && !since(release, '27.0.2') ? dropped : kept);

interface SetupParts {
  files?: CorpusSetup['files'];
  config?: unknown;
  authConfigEnv?: string;
  helpers?: Record<string, HelperBehaviour>;
  passOnPath?: boolean;
  variables?: Record<string, string>;
  links?: Record<string, string>;
  dockerConfigFlag?: boolean;
}

let counter = 0;
function upstream(after: string, parts: SetupParts, expect: UpstreamCase['expect']): UpstreamCase {
  counter += 1;
  const files: CorpusSetup['files'] = { ...(parts.config === undefined ? {} : { '.docker/config.json': typeof parts.config === 'string' ? parts.config : json(parts.config) }), ...parts.files };
  const setup: CorpusSetup = {
    id: `u${String(counter).padStart(3, '0')}`,
    files,
    ...(parts.authConfigEnv === undefined ? {} : { authConfigEnv: parts.authConfigEnv }),
    helpers: Object.entries(parts.helpers ?? {}).map(([name, behaviour]) => ({ name, behaviour })),
    passOnPath: parts.passOnPath ?? false,
    variables: parts.variables ?? {},
    ...(parts.links === undefined ? {} : { links: parts.links }),
    ...(parts.dockerConfigFlag === undefined ? {} : { dockerConfigFlag: parts.dockerConfigFlag }),
    images: Object.keys(expect),
  };
  return { after, setup, expect };
}

const HUB = 'https://index.docker.io/v1/';

function configFileCases(): UpstreamCase[] {
  return [
    // TestGetAllCredentialsFileStoreOnly: a key with a path, found by its host
    upstream('configfile.TestGetAllCredentialsFileStoreOnly', { config: { auths: { 'example.com/foo': fields('alice') } } }, { 'example.com/foo/app': 'alice', 'example.com/bar': 'alice' }),
    // TestLoadFromReaderWithUsernamePassword: the same credentials as fields and as `auth`
    upstream('configfile.TestLoadFromReaderWithUsernamePassword', { config: { auths: { 'example.com/foo': fields('bob') } } }, { 'example.com/foo/bar': 'bob' }),
    upstream('configfile.TestLoadFromReaderWithUsernamePassword', { config: { auths: { 'example.com/foo': auth('bob') } } }, { 'example.com/foo/bar': 'bob' }),
    // TestGetAllCredentialsCredsStore
    upstream('configfile.TestGetAllCredentialsCredsStore', { config: { credsStore: 'teststore' }, helpers: { teststore: answers({ 'example.com': 'carol' }) } }, { 'example.com/app': 'carol', 'other.example.com/app': 'none' }),
    // TestGetAllCredentialsCredStoreErrorHandling: a failing helper beside a working one
    upstream(
      'configfile.TestGetAllCredentialsCredStoreErrorHandling',
      {
        config: { auths: { 'broken-helper.example.com': auth('dave') }, credHelpers: { 'working-helper.example.com': 'working', 'broken-helper.example.com': 'broken' } },
        helpers: { working: answers({ 'working-helper.example.com': 'alice' }), broken: { mode: 'fail', stderr: 'an error' } },
      },
      { 'working-helper.example.com/app': 'alice', 'broken-helper.example.com/app': 'dave!' },
    ),
    upstream(
      'configfile.TestGetAllCredentialsCredStoreErrorHandling',
      { config: { auths: { 'broken-helper.example.com': {} }, credHelpers: { 'broken-helper.example.com': 'broken' } }, helpers: { broken: { mode: 'fail', stderr: 'an error' } } },
      { 'broken-helper.example.com/app': 'none!' },
    ),
    // TestGetAllCredentialsCredHelper: only configured registries are asked; the file's entry is not used
    upstream(
      'configfile.TestGetAllCredentialsCredHelper',
      { config: { auths: { 'credhelper.com': auth('dave') }, credHelpers: { 'credhelper.com': 'scoped' } }, helpers: { scoped: answers({ 'credhelper.com': 'bob', 'somethingweird.com': 'carol' }) } },
      { 'credhelper.com/app': 'bob', 'somethingweird.com/app': 'none' },
    ),
    // TestGetAllCredentialsFileStoreAndCredHelper
    upstream(
      'configfile.TestGetAllCredentialsFileStoreAndCredHelper',
      { config: { auths: { 'example.com': fields('alice') }, credHelpers: { 'credhelper.com': 'scoped' } }, helpers: { scoped: answers({ 'credhelper.com': 'bob' }) } },
      { 'example.com/app': 'alice', 'credhelper.com/app': 'bob' },
    ),
    // TestGetAllCredentialsCredStoreAndCredHelper
    upstream(
      'configfile.TestGetAllCredentialsCredStoreAndCredHelper',
      {
        config: { credsStore: 'wide', credHelpers: { 'credhelper.com': 'scoped' } },
        helpers: { wide: answers({ 'credstore.com': 'carol', 'credhelper.com': 'dave' }), scoped: answers({ 'credhelper.com': 'bob' }) },
      },
      { 'credstore.com/app': 'carol', 'credhelper.com/app': 'bob', 'third.example.com/app': 'none' },
    ),
    // TestGetAllCredentialsCredHelperOverridesDefaultStore
    upstream(
      'configfile.TestGetAllCredentialsCredHelperOverridesDefaultStore',
      { config: { credsStore: 'wide', credHelpers: { 'example.com': 'scoped' } }, helpers: { wide: answers({ 'example.com': 'carol' }), scoped: answers({ 'example.com': 'bob' }) } },
      { 'example.com/app': 'bob' },
    ),
    // TestEncodeAuth and the token fields of types.AuthConfig
    upstream('configfile.TestEncodeAuth (identitytoken)', { config: { auths: { 'example.com': { ...auth('alice'), identitytoken: 'idtoken-alice' } } } }, { 'example.com/app': 'identitytoken' }),
    upstream('configfile.TestEncodeAuth (registrytoken)', { config: { auths: { 'example.com': { registrytoken: 'regtoken-alice' } } } }, { 'example.com/app': 'registrytoken' }),
    upstream('configfile.TestEncodeAuth (registrytoken with auth)', { config: { auths: { 'example.com': { ...auth('carol'), registrytoken: 'regtoken-carol' } } } }, { 'example.com/app': 'carol/registrytoken' }),
    upstream('configfile.TestEncodeAuth (email)', { config: { auths: { 'example.com': { ...auth('bob'), email: 'bob@example.com' } } } }, { 'example.com/app': 'bob' }),
  ];
}

/** DOCKER_AUTH_CONFIG, read from 28.3 on. */
function authConfigEnvCases(): UpstreamCase[] {
  const envAlice = json({ auths: { 'env.example.test': auth('alice') } });
  const readsEnv = (after: Expect, before: Expect) => from('28.3.0', before, after);
  return [
    // TestGetAllCredentialsFromEnvironment: "can parse DOCKER_AUTH_CONFIG auth field", "... and underlying store"
    upstream('configfile.TestGetAllCredentialsFromEnvironment', { config: { auths: { 'foo.example.test': fields('bob') } }, authConfigEnv: envAlice }, { 'env.example.test/app': readsEnv('alice', 'none'), 'foo.example.test/app': 'bob' }),
    // "malformed DOCKER_AUTH_CONFIG should fallback to underlying store" (and TestParseEnvConfig: unknown fields)
    upstream(
      'configfile.TestGetAllCredentialsFromEnvironment (malformed)',
      {
        config: { auths: { 'fallback.example.test': fields('carol'), 'env.example.test': auth('dave') } },
        authConfigEnv: json({ auths: { 'env.example.test': { username: 'alice', password: passwordOf('alice'), serveraddress: 'env.example.test' } } }),
      },
      { 'env.example.test/app': 'dave', 'fallback.example.test/app': 'carol' },
    ),
    // "env is ignored when empty"
    upstream('configfile.TestGetAllCredentialsFromEnvironment (empty)', { config: { auths: { 'env.example.test': auth('bob') } }, authConfigEnv: '' }, { 'env.example.test/app': 'bob' }),
    // TestParseEnvConfig: "should not support multiple JSON objects"
    upstream('configfile.TestParseEnvConfig (two objects)', { config: { auths: { 'env.example.test': auth('bob') } }, authConfigEnv: `${JSON.stringify({ auths: { 'env.example.test': auth('alice') } })}{}` }, { 'env.example.test/app': 'bob' }),
    // TestParseEnvConfig: an `auth` that is not base64
    upstream('configfile.TestParseEnvConfig (bad auth)', { config: { auths: { 'env.example.test': auth('bob') } }, authConfigEnv: json({ auths: { 'env.example.test': { auth: 'something' } } }) }, { 'env.example.test/app': 'bob' }),
    // the variable before the file, for the Hub's key
    upstream('configfile.TestGetAllCredentialsFromEnvironment (Hub)', { config: { auths: { [HUB]: auth('bob') } }, authConfigEnv: json({ auths: { [HUB]: auth('alice') } }) }, { ubuntu: readsEnv('alice', 'bob'), 'docker.io/alice/app': readsEnv('alice', 'bob') }),
    // the variable's keys are matched exactly, with no host reduction
    upstream('configfile.TestGetAllCredentialsFromEnvironment (key with scheme)', { config: { auths: { 'env.example.test': auth('bob') } }, authConfigEnv: json({ auths: { 'https://env.example.test': auth('alice') } }) }, { 'env.example.test/app': 'bob' }),
    // the variable before a credential helper
    upstream('configfile.TestGetAllCredentialsFromEnvironment (over credsStore)', { config: { credsStore: 'wide' }, authConfigEnv: envAlice, helpers: { wide: answers({ 'env.example.test': 'carol' }) } }, { 'env.example.test/app': readsEnv('alice', 'carol') }),
  ];
}

function nativeStoreCases(): UpstreamCase[] {
  return [
    // TestNativeStoreGet: the helper's answer over a file entry holding only an email
    upstream('credentials.TestNativeStoreGet', { config: { auths: { [HUB]: { email: 'alice@example.com' } }, credsStore: 'native' }, helpers: { native: answers({ [HUB]: 'alice' }) } }, { ubuntu: 'alice' }),
    // the helper knows the Hub only without the trailing slash: Docker asks with it
    upstream('credentials.TestNativeStoreGet (no trailing slash)', { config: { credsStore: 'native' }, helpers: { native: answers({ 'https://index.docker.io/v1': 'alice' }) } }, { ubuntu: 'none' }),
    // TestNativeStoreGetIdentityToken: "<token>" makes the secret an identity token
    upstream(
      'credentials.TestNativeStoreGetIdentityToken',
      { config: { auths: { 'example.com:5002': { email: 'x@example.com' } }, credsStore: 'native' }, helpers: { native: answers({ 'example.com:5002': '<token>', 'https://example.com:5002': 'bob' }) } },
      { 'example.com:5002/app': 'identitytoken' },
    ),
    // TestNativeStoreGetMissingCredentials: "credentials not found" is no error
    upstream('credentials.TestNativeStoreGetMissingCredentials', { config: { auths: { 'missing.docker.io': auth('bob') }, credsStore: 'native' }, helpers: { native: answers({ [HUB]: 'alice' }) } }, { 'missing.docker.io/app': 'none' }),
    // TestNativeStoreGetInvalidAddress: the helper fails
    upstream('credentials.TestNativeStoreGetInvalidAddress', { config: { auths: { 'foobar.example.com': auth('carol') }, credsStore: 'native' }, helpers: { native: { mode: 'fail', stderr: 'program failed' } } }, { 'foobar.example.com/app': 'carol!' }),
    // the file's registry token stays beside the helper's answer
    upstream('credentials.TestNativeStoreGet (registry token in the file)', { config: { auths: { 'example.com': { registrytoken: 'regtoken-x', email: 'x@example.com' } }, credsStore: 'native' }, helpers: { native: answers({ 'example.com': 'alice' }) } }, { 'example.com/app': 'alice/registrytoken' }),
    // a credsStore whose helper is not installed
    upstream('credentials.TestNativeStoreGet (helper missing)', { config: { auths: { 'example.com': auth('dave') }, credsStore: 'absent' } }, { 'example.com/app': 'dave!', 'other.example.com/app': 'none!' }),
  ];
}

function fileStoreCases(): UpstreamCase[] {
  const cases = [
    // TestFileStoreGet: `auth` that is not base64, with email and serveraddress
    upstream('credentials.TestFileStoreGet', { config: { auths: { 'https://example.com': { auth: 'super_secret_token', email: 'foo@example.com', serveraddress: 'https://example.com' } } } }, { 'example.com/app': 'none' }),
    // TestFileStoreGetAll: two keys with a scheme
    upstream(
      'credentials.TestFileStoreGetAll',
      { config: { auths: { 'https://example.com': { ...auth('alice'), email: 'foo@example.com', serveraddress: 'https://example.com' }, 'https://example2.example.com': { ...auth('bob'), email: 'foo@example2.com', serveraddress: 'https://example2.example.com' } } } },
      { 'example.com/app': 'alice', 'example2.example.com/app': 'bob', 'example.com:5000/app': 'none' },
    ),
    // TestFileStoreErase: an erased entry is an empty one
    upstream('credentials.TestFileStoreErase', { config: { auths: { 'https://example.com': {} } } }, { 'example.com/app': 'none' }),
  ];
  // TestConvertToHostname: each spelling alone in a file, looked up by the image its host names
  const spellings: Array<[string, Record<string, Expect | ((release: string) => Expect)>]> = [
    ['127.0.0.1', { '127.0.0.1/app': 'alice' }],
    ['::1', { '[::1]/app': 'none' }],
    ['[::1]', { '[::1]/app': 'alice' }],
    ['example.com', { 'example.com/app': 'alice' }],
    ['http://example.com', { 'example.com/app': 'alice' }],
    ['https://example.com', { 'example.com/app': 'alice' }],
    ['https://example.com/', { 'example.com/app': 'alice' }],
    ['https://example.com/v2/', { 'example.com/app': 'alice' }],
    ['unix:///var/run/docker.sock', { 'example.com/app': 'none', 'unix/app': 'none' }],
    ['ftp://example.com', { 'example.com/app': urlParsed('none', 'alice') }],
    ['127.0.0.1:6556', { '127.0.0.1:6556/app': 'alice', '127.0.0.1/app': 'none' }],
    ['::1:6556', { '[::1]:6556/app': 'none' }],
    ['[::1]:6556', { '[::1]:6556/app': 'alice' }],
    ['example.com:6555', { 'example.com:6555/app': 'alice', 'example.com/app': 'none' }],
    ['https://127.0.0.1:6555/v2/', { '127.0.0.1:6555/app': portDropped('none', 'alice'), '127.0.0.1/app': portDropped('alice', 'none') }],
    ['https://::1:6555/v2/', { '[::1]:6555/app': (release) => (since(release, '27.0.2') ? 'alice' : 'none') }],
    ['https://[::1]:6555/v2/', { '[::1]:6555/app': portDropped('none', 'alice'), '[::1]/app': 'none' }],
    ['http://example.com:6555', { 'example.com:6555/app': portDropped('none', 'alice'), 'example.com/app': portDropped('alice', 'none') }],
    ['https://example.com:6555', { 'example.com:6555/app': portDropped('none', 'alice'), 'example.com/app': portDropped('alice', 'none') }],
    ['https://example.com:6555/v2/', { 'example.com:6555/app': portDropped('none', 'alice'), 'example.com/app': portDropped('alice', 'none') }],
  ];
  for (const [key, expect] of spellings) cases.push(upstream(`credentials.TestConvertToHostname (${key})`, { config: { auths: { [key]: auth('alice') } } }, expect));
  return cases;
}

/** docker/docker registry TestResolveAuthConfigFullURL and TestResolveAuthConfigIndexServer. */
function registryCases(): UpstreamCase[] {
  const cases: UpstreamCase[] = [];
  for (const host of ['registry.example.com', 'localhost:8000', 'registry.com']) {
    for (const key of [`https://${host}/v1/`, `http://${host}/v1/`, host, `${host}/v1/`]) {
      const auths = { testIndex: fields('alice'), [HUB]: fields('bob'), [key]: fields('carol') };
      // 27.0.1 drops the port of a key with a scheme
      const found = key.includes('://') && host.includes(':') ? portDropped('none', 'carol') : 'carol';
      cases.push(upstream(`registry.TestResolveAuthConfigFullURL (${key})`, { config: { auths } }, { [`${host}/app`]: found, ubuntu: 'bob' }));
    }
    // the same map without the registry's entry
    cases.push(upstream(`registry.TestResolveAuthConfigFullURL (${host} deleted)`, { config: { auths: { testIndex: fields('alice'), [HUB]: fields('bob') } } }, { [`${host}/app`]: 'none', ubuntu: 'bob' }));
  }
  // IndexServer: the Hub is found under its index URL only
  for (const key of ['docker.io', 'index.docker.io', 'registry-1.docker.io', 'https://index.docker.io/v1', 'https://index.docker.io/v2/', 'http://index.docker.io/v1/', 'index.docker.io/v1/', 'https://docker.io']) {
    cases.push(upstream(`registry.TestResolveAuthConfigIndexServer (${key})`, { config: { auths: { [key]: fields('alice') } } }, { ubuntu: 'none', 'docker.io/library/ubuntu': 'none', 'index.docker.io/bob/app': 'none' }));
  }
  cases.push(upstream('registry.TestResolveAuthConfigIndexServer (beside other spellings)', { config: { auths: { [HUB]: fields('bob'), 'index.docker.io': fields('alice'), 'docker.io': fields('carol') } } }, { ubuntu: 'bob', 'index.docker.io/library/ubuntu': 'bob' }));
  // keys are not folded: case and the default port count
  cases.push(upstream('registry.TestResolveAuthConfigFullURL (case, port 443)', { config: { auths: { 'EXAMPLE.COM': fields('alice'), 'example.com:443': fields('bob'), 'https://example.com:443/v2/': fields('carol') } } }, { 'example.com/app': portDropped('carol', 'none'), 'example.com:443/app': 'bob' }));
  return cases;
}

function configCases(): UpstreamCase[] {
  const passStore = { helpers: { pass: answers({ [HUB]: 'alice', 'example.com': 'bob' }) }, passOnPath: true };
  return [
    // TestMissingFile, TestSaveFileToDirs
    upstream('config.TestMissingFile', {}, { ubuntu: 'none', 'example.com/app': 'none' }),
    // TestLoadDefaultConfigFile: no credentials at all, so the platform's default store is taken
    upstream('config.TestLoadDefaultConfigFile (no file)', { ...passStore }, { ubuntu: 'alice', 'example.com/app': 'bob' }),
    upstream('config.TestLoadDefaultConfigFile', { config: '{"PsFormat": "format"}', ...passStore }, { ubuntu: 'alice', 'example.com/app': 'bob' }),
    // TestEmptyFile, TestEmptyJSON
    upstream('config.TestEmptyFile', { config: '' }, { ubuntu: 'none' }),
    upstream('config.TestEmptyFile (default store)', { config: '', ...passStore }, { ubuntu: 'alice' }),
    upstream('config.TestEmptyJSON', { config: '{}' }, { ubuntu: 'none' }),
    // TestMalformedJSON: a warning, then the default store
    upstream('config.TestMalformedJSON', { config: '{' }, { ubuntu: 'none' }),
    upstream('config.TestMalformedJSON (default store)', { config: '{', ...passStore }, { ubuntu: 'alice' }),
    // TestLoadDanglingSymlink: taken as a missing file
    upstream('config.TestLoadDanglingSymlink', { links: { '.docker/config.json': 'no-such-file' } }, { ubuntu: 'none' }),
    upstream('config.TestLoadDanglingSymlink (default store)', { links: { '.docker/config.json': 'no-such-file' }, ...passStore }, { ubuntu: 'alice' }),
    upstream('config.TestLoadDanglingSymlink (symlink to a file)', { files: { '.docker/real.json': json({ auths: { [HUB]: auth('carol') } }) }, links: { '.docker/config.json': 'real.json' } }, { ubuntu: 'carol' }),
    // a config.json that is a directory cannot be read
    upstream('config.TestLoadNoPermissions (directory)', { files: { '.docker/config.json': { directory: true } } }, { ubuntu: 'none' }),
    upstream('config.TestLoadNoPermissions (directory, default store)', { files: { '.docker/config.json': { directory: true } }, ...passStore }, { ubuntu: 'alice' }),
    // TestNewJSON (leading space), TestNewJSONNoEmail, the email field
    upstream('config.TestNewJSON', { config: ` { "auths": { "${HUB}": ${JSON.stringify(auth('alice'))} } }` }, { ubuntu: 'alice', 'example.com/app': 'none' }),
    upstream('config.TestNewJSON (email)', { config: { auths: { [HUB]: { ...auth('bob'), email: 'bob@example.com' } } } }, { ubuntu: 'bob' }),
    // TestJSONWithPsFormat: other settings beside the credentials
    upstream('config.TestJSONWithPsFormat', { config: { auths: { [HUB]: auth('alice') }, psFormat: 'table {{.ID}}\\t{{.Label "com.docker.label.cpu"}}' } }, { ubuntu: 'alice' }),
    // TestJSONWithCredentialStore: the store's helper is not installed
    upstream('config.TestJSONWithCredentialStore', { config: { auths: { [HUB]: { ...auth('alice'), email: 'user@example.com' } }, credsStore: 'crazy-secure-storage' } }, { ubuntu: 'alice!' }),
    // TestJSONWithCredentialHelpers: per-registry helpers, none installed
    upstream(
      'config.TestJSONWithCredentialHelpers',
      { config: { auths: { [HUB]: { ...auth('alice'), email: 'user@example.com' } }, credHelpers: { 'images.io': 'images-io', 'containers.com': 'crazy-secure-storage' } } },
      { ubuntu: 'alice', 'images.io/app': 'none!', 'containers.com/app': 'none!' },
    ),
    // TestLoadLegacyExperimental
    upstream('config.TestLoadLegacyExperimental', { config: { experimental: 'enabled', auths: { [HUB]: auth('alice') } } }, { ubuntu: 'alice' }),
    // TestConfigDir, TestEmptyConfigDir: DOCKER_CONFIG names the directory
    upstream(
      'config.TestConfigDir (DOCKER_CONFIG)',
      { dockerConfigFlag: false, variables: { DOCKER_CONFIG: '$HOME/elsewhere' }, files: { 'elsewhere/config.json': json({ auths: { [HUB]: auth('alice') } }), '.docker/config.json': json({ auths: { [HUB]: auth('bob') } }) } },
      { ubuntu: 'alice' },
    ),
    upstream('config.TestConfigDir (HOME)', { dockerConfigFlag: false, config: { auths: { [HUB]: auth('bob') } } }, { ubuntu: 'bob' }),
    upstream('config.TestConfigDir (empty DOCKER_CONFIG)', { dockerConfigFlag: false, variables: { DOCKER_CONFIG: '' }, config: { auths: { [HUB]: auth('bob') } } }, { ubuntu: 'bob' }),
    upstream('config.TestConfigDir (DOCKER_CONFIG missing)', { dockerConfigFlag: false, variables: { DOCKER_CONFIG: '$HOME/nowhere' }, config: { auths: { [HUB]: auth('bob') } } }, { ubuntu: 'none' }),
  ];
}

/** ~/.dockercfg, read by releases before 23.0 when config.json is absent (config_test.go at 20.10). */
function legacyCases(): UpstreamCase[] {
  const legacy = (expect: Expect) => from('23.0.0', expect, 'none');
  return [
    // TestOldValidAuth: the two-line format
    upstream('config.TestOldValidAuth', { files: { '.dockercfg': `username = ${b64(`alice:${passwordOf('alice')}`)}\n\temail = alice@example.com` } }, { ubuntu: legacy('alice'), 'example.com/app': 'none' }),
    // TestOldInvalidsAuth
    upstream('config.TestOldInvalidsAuth (one line)', { files: { '.dockercfg': 'username = test' } }, { ubuntu: 'none' }),
    upstream('config.TestOldInvalidsAuth (no separator)', { files: { '.dockercfg': 'username\npassword' } }, { ubuntu: 'none' }),
    upstream('config.TestOldInvalidsAuth (not base64)', { files: { '.dockercfg': 'username = test\nemail' } }, { ubuntu: 'none' }),
    // TestOldJSONInvalid, TestOldJSON, TestOldJSONFallbackDeprecationWarning
    upstream('config.TestOldJSONInvalid', { files: { '.dockercfg': json({ [HUB]: { auth: 'test', email: 'user@example.com' } }) } }, { ubuntu: 'none' }),
    upstream('config.TestOldJSON', { files: { '.dockercfg': json({ [HUB]: { ...auth('bob'), email: 'user@example.com' } }) } }, { ubuntu: legacy('bob') }),
    upstream('config.TestOldJSON (other registry)', { files: { '.dockercfg': json({ 'https://example.com/v1/': auth('carol') }) } }, { 'example.com/app': legacy('carol') }),
    // config.json, when present, wins
    upstream('config.TestOldJSON (config.json present)', { config: { auths: { [HUB]: auth('dave') } }, files: { '.dockercfg': json({ [HUB]: auth('bob') }) } }, { ubuntu: 'dave' }),
    upstream('config.TestOldJSON (empty config.json)', { config: '', files: { '.dockercfg': json({ [HUB]: auth('bob') }) } }, { ubuntu: 'none' }),
    // the legacy file is in HOME whatever the configuration directory
    upstream('config.TestOldJSON (DOCKER_CONFIG)', { dockerConfigFlag: false, variables: { DOCKER_CONFIG: '$HOME/alt' }, files: { '.dockercfg': json({ [HUB]: auth('bob') }) } }, { ubuntu: legacy('bob') }),
  ];
}

/** How LoadFromReader's json.Decoder and decodeAuth read what configfile's tests write (TestEncodeAuth, TestLoadFromReaderWithUsernamePassword). */
function decodingCases(): UpstreamCase[] {
  const alice = b64(`alice:${passwordOf('alice')}`);
  const raw = (text: string): string => text;
  return [
    // a key twice in one object: the later one is kept
    upstream('configfile.TestLoadFromReaderWithUsernamePassword (key twice)', { config: raw(`{"auths": {"example.com": ${JSON.stringify(auth('alice'))}, "example.com": ${JSON.stringify(auth('bob'))}}}`) }, { 'example.com/app': 'bob' }),
    upstream('configfile.TestLoadFromReaderWithUsernamePassword (field twice)', { config: raw(`{"auths": {"example.com": {"auth": "${alice}", "auth": "${b64(`bob:${passwordOf('bob')}`)}"}}}`) }, { 'example.com/app': 'bob' }),
    upstream('configfile.TestGetAllCredentialsCredHelper (credHelpers key twice)', { config: raw('{"credHelpers": {"example.com": "one", "example.com": "two"}}'), helpers: { one: answers({ 'example.com': 'alice' }), two: answers({ 'example.com': 'bob' }) } }, { 'example.com/app': 'bob' }),
    upstream('configfile.TestGetAllCredentialsCredsStore (credsStore twice)', { config: raw('{"credsStore": "one", "credsStore": "two"}'), helpers: { one: answers({ 'example.com': 'alice' }), two: answers({ 'example.com': 'bob' }) } }, { 'example.com/app': 'bob' }),
    // field names match without regard to case
    upstream('configfile.TestLoadFromReaderWithUsernamePassword (field case)', { config: raw(`{"AUTHS": {"example.com": {"Username": "alice", "PASSWORD": "${passwordOf('alice')}"}}, "CredHelpers": {"other.example.com": "scoped"}}`), helpers: { scoped: answers({ 'other.example.com': 'bob' }) } }, { 'example.com/app': 'alice', 'other.example.com/app': 'bob' }),
    upstream('configfile.TestEncodeAuth (IdentityToken case)', { config: raw(`{"auths": {"example.com": {"auth": "${alice}", "IdentityToken": "idtoken-alice"}}}`) }, { 'example.com/app': 'identitytoken' }),
    // Go folds the long s (U+017F) and the Kelvin sign (U+212A) to s and k when it matches field names
    upstream('configfile.TestLoadFromReaderWithUsernamePassword (Unicode folding)', { config: raw(`{"authſ": {"example.com": {"auth": "${alice}"}}, "credHelperſ": {"other.example.com": "scoped"}}`), helpers: { scoped: answers({ 'other.example.com': 'bob' }) } }, { 'example.com/app': 'alice', 'other.example.com/app': 'bob' }),
    // decodeAuth: line breaks inside base64 are skipped; the password is everything after the first colon
    upstream('configfile.TestEncodeAuth (line breaks)', { config: { auths: { 'example.com': { auth: `${alice.slice(0, 8)}\r\n${alice.slice(8)}` } } } }, { 'example.com/app': 'alice' }),
    upstream('configfile.TestEncodeAuth (colon in password)', { config: { auths: { 'example.com': { auth: b64('alice:pw:with:colons') } } } }, { 'example.com/app': 'alice' }),
    upstream('configfile.TestEncodeAuth (bytes that are not UTF-8)', { config: { auths: { 'example.com': { auth: Buffer.from([...Buffer.from('alice:pw-'), 0xff, 0xfe, 0x41]).toString('base64') } } } }, { 'example.com/app': 'alice' }),
    upstream('configfile.TestEncodeAuth (empty password)', { config: { auths: { 'example.com': { auth: b64('alice:') } } } }, { 'example.com/app': 'none' }),
    upstream('configfile.TestEncodeAuth (auth beside username and password)', { config: { auths: { 'example.com': { ...auth('alice'), ...fields('bob') } } } }, { 'example.com/app': 'alice' }),
    // null leaves the zero value: an entry without credentials, an empty helper name
    upstream('configfile.TestLoadFromReaderWithUsernamePassword (null entry)', { config: raw('{"auths": {"example.com": null}, "credsStore": null}'), passOnPath: true, helpers: { pass: answers({ 'example.com': 'alice' }) } }, { 'example.com/app': 'none' }),
    upstream('configfile.TestGetAllCredentialsCredHelper (null helper)', { config: raw(`{"auths": {"example.com": ${JSON.stringify(auth('bob'))}}, "credsStore": "wide", "credHelpers": {"example.com": null}}`), helpers: { wide: answers({ 'example.com': 'alice' }) } }, { 'example.com/app': 'bob' }),
    upstream('configfile.TestLoadFromReaderWithUsernamePassword (null auths)', { config: raw('{"auths": null}'), passOnPath: true, helpers: { pass: answers({ 'example.com': 'alice' }) } }, { 'example.com/app': 'alice' }),
    // the same map under two spellings of its name is filled twice
    upstream('configfile.TestLoadFromReaderWithUsernamePassword (auths twice)', { config: raw(`{"Auths": {"example.com": ${JSON.stringify(auth('alice'))}}, "auths": {"other.example.com": ${JSON.stringify(auth('bob'))}}}`) }, { 'example.com/app': 'alice', 'other.example.com/app': 'bob' }),
    // spaces inside base64 are not skipped
    upstream('configfile.TestEncodeAuth (trailing space)', { config: { auths: { 'example.com': { auth: `${alice} ` } } } }, { 'example.com/app': 'none' }),
    // a trailing comma is a syntax error
    upstream('config.TestMalformedJSON (trailing comma)', { config: raw(`{"auths": {"example.com": ${JSON.stringify(auth('alice'))},}}`) }, { 'example.com/app': 'none' }),
    // invalid escapes in JSON strings become U+FFFD
    upstream('configfile.TestLoadFromReaderWithUsernamePassword (lone surrogate)', { config: raw(`{"auths": {"example.com": {"username": "alice", "password": "pw-\ud800-x"}}}`) }, { 'example.com/app': 'alice' }),
  ];
}

/** What a credential helper can answer (docker-credential-helpers client.Get, as native_store_test.go's mock program does). */
function helperAnswerCases(): UpstreamCase[] {
  const store = (behaviour: HelperBehaviour, auths: Record<string, unknown> = {}): SetupParts => ({ config: { auths, credsStore: 'native' }, helpers: { native: behaviour } });
  return [
    upstream('credentials.TestNativeStoreGet (empty username)', store({ mode: 'answer', credentials: { 'example.com': { username: '', secret: 'pw' } } }), { 'example.com/app': 'none' }),
    upstream('credentials.TestNativeStoreGetIdentityToken (empty secret)', store({ mode: 'answer', credentials: { 'example.com': { username: '<token>', secret: '' } } }), { 'example.com/app': 'none' }),
    // an empty reply does not decode (EOF); "{}" decodes to nothing; text on stdout with exit 0 is not JSON
    upstream('credentials.TestNativeStoreGet (empty output)', store({ mode: 'garbage', garbage: '' }, { 'example.com': auth('dave') }), { 'example.com/app': 'dave!' }),
    upstream('credentials.TestNativeStoreGet (empty object)', store({ mode: 'garbage', garbage: '{}' }, { 'example.com': auth('dave') }), { 'example.com/app': 'none' }),
    upstream('credentials.TestNativeStoreGet (not JSON)', store({ mode: 'garbage', garbage: 'program said hello' }, { 'example.com': auth('dave') }), { 'example.com/app': 'dave!' }),
    upstream('credentials.TestNativeStoreGet (other fields)', store({ mode: 'garbage', garbage: '{"ServerURL": "elsewhere", "Username": "bob", "Secret": "s", "Extra": 1}' }), { 'example.com/app': 'bob' }),
    upstream('credentials.TestNativeStoreGet (field case)', store({ mode: 'garbage', garbage: '{"username": "bob", "secret": "s"}' }), { 'example.com/app': 'bob' }),
    upstream('credentials.TestNativeStoreGetMissingCredentials (on stdout, exit 0)', store({ mode: 'garbage', garbage: 'credentials not found in native keychain' }, { 'example.com': auth('dave') }), { 'example.com/app': 'dave!' }),
    // the not-found text counts only on stdout with a failing exit
    upstream('credentials.TestNativeStoreGetMissingCredentials (other failure text)', store({ mode: 'fail', stderr: 'credentials not found in native keychain', exitCode: 3 }, { 'example.com': auth('dave') }), { 'example.com/app': 'dave!' }),
    upstream('credentials.TestNativeStoreGetInvalidAddress (missing server URL)', store({ mode: 'garbage', garbage: 'no credentials server URL' }), { 'example.com/app': 'none!' }),
    // a failing helper's stdout: the not-found text, a validation message, anything else
    upstream('credentials.TestNativeStoreGetMissingCredentials (failing, on stdout)', store({ mode: 'fail', stdout: 'credentials not found in native keychain', stderr: '' }, { 'example.com': auth('dave') }), { 'example.com/app': 'none' }),
    upstream('credentials.TestNativeStoreGetInvalidAddress (failing with a validation message)', store({ mode: 'fail', stdout: 'no credentials server URL', stderr: '' }, { 'example.com': auth('dave') }), { 'example.com/app': 'dave!' }),
    upstream('credentials.TestNativeStoreGetInvalidAddress (failing with text)', store({ mode: 'fail', stdout: '  program failed  ', stderr: 'oops', exitCode: 2 }, { 'example.com': auth('dave') }), { 'example.com/app': 'dave!' }),
    // a helper killed by a signal
    upstream('credentials.TestNativeStoreGetInvalidAddress (killed)', store({ mode: 'killed' }, { 'example.com': auth('dave') }), { 'example.com/app': 'dave!' }),
  ];
}

/** DOCKER_AUTH_CONFIG's strict reading (TestParseEnvConfig), from 28.3. */
function authConfigEnvParsingCases(): UpstreamCase[] {
  const file = { auths: { 'env.example.test': auth('bob'), [HUB]: auth('bob') } };
  const env = (value: string, expect: Expect, hub: Expect = 'bob'): UpstreamCase =>
    upstream(`configfile.TestParseEnvConfig (${value.slice(0, 40)})`, { config: file, authConfigEnv: value }, { 'env.example.test/app': from('28.3.0', 'bob', expect), ubuntu: from('28.3.0', 'bob', hub) });
  const alice = JSON.stringify(auth('alice'));
  return [
    env(`{"auths": {"env.example.test": ${alice}, "other.example.test": ${alice}}}`, 'alice'),
    env(`{"auths": {"env.example.test": ${alice}}, "credsStore": "x"}`, 'bob'),
    env(`{"auths": {"env.example.test": {"auth": "${b64(`alice:${passwordOf('alice')}`)}", "email": "a@example.com"}}}`, 'bob'),
    env(`{"AUTHS": {"env.example.test": ${alice}}}`, 'alice'),
    env(`{"auths": {"ENV.example.test": ${alice}}}`, 'bob'),
    env(`{"auths": {"docker.io": ${alice}}}`, 'bob', 'bob'),
    env(`{"auths": {"${HUB}": ${alice}, "env.example.test": {}}}`, 'bob', 'bob'),
    env(`{"auths": {"env.example.test": {"auth": "${b64('alice:')}"}}}`, 'none'),
    env(`{"auths": {"env.example.test": {"auth": "${b64(`:${passwordOf('alice')}`)}"}}}`, 'bob'),
    env(`{"auths": {"env.example.test": ${alice}}}]`, 'alice'),
    env(`{"auths": {"env.example.test": ${alice}}} `, 'alice'),
    env('{"auths": null}', 'bob'),
    env('null', 'bob'),
    env('[]', 'bob'),
    env('   ', 'bob'),
    env(`{"auths": {"env.example.test": ${alice}, "env.example.test": {"auth": "${b64(`carol:${passwordOf('carol')}`)}"}}}`, 'carol'),
    env(`\ufeff{"auths": {"env.example.test": ${alice}}}`, 'bob'),
    env(`{"auths": {"env.example.test": ${alice}}, "auths": {"other.example.test": ${alice}}}`, 'alice'),
    env(`{"auths": {"env.example.test": null}}`, 'bob'),
    env(`{"auths": {"env.example.test": {"auth": null}}}`, 'bob'),
  ];
}

/** How the store is chosen and started (configfile.getConfiguredCredentialStore, credentials.DetectDefaultStore, client.NewShellProgramFunc). */
function storeChoiceCases(): UpstreamCase[] {
  const hub = { [HUB]: 'alice' };
  return [
    // TestLoadDefaultConfigFile: without `pass` on PATH the Linux default is secretservice
    upstream('config.TestLoadDefaultConfigFile (secretservice)', { config: '{}', helpers: { secretservice: answers(hub) } }, { ubuntu: 'alice' }),
    // `pass` on PATH picks pass; with its helper missing there is no default store at all
    upstream('config.TestLoadDefaultConfigFile (pass without its helper)', { config: '{}', passOnPath: true, helpers: { secretservice: answers(hub) } }, { ubuntu: 'none' }),
    // an empty auths object counts as no credentials
    upstream('config.TestLoadDefaultConfigFile (empty auths)', { config: '{"auths": {}}', passOnPath: true, helpers: { pass: answers(hub) } }, { ubuntu: 'alice' }),
    upstream('config.TestLoadDefaultConfigFile (empty credsStore)', { config: '{"credsStore": ""}', passOnPath: true, helpers: { pass: answers(hub) } }, { ubuntu: 'alice' }),
    // a helper name with a slash is a path, looked up relative to the working directory instead of on PATH
    upstream('configfile.TestGetAllCredentialsCredsStore (name with a slash)', { config: { auths: { [HUB]: auth('bob') }, credsStore: 'x/y' }, helpers: { y: answers(hub) } }, { ubuntu: 'bob!' }),
    // credHelpers keys are matched exactly: a scheme or the Hub's short name do not match
    upstream(
      'configfile.TestGetAllCredentialsCredHelper (key spellings)',
      { config: { auths: { [HUB]: auth('bob'), 'example.com': auth('bob') }, credHelpers: { 'https://example.com': 'scoped', 'docker.io': 'scoped' } }, helpers: { scoped: answers({ 'example.com': 'alice', [HUB]: 'alice' }) } },
      { ubuntu: 'bob', 'example.com/app': 'bob' },
    ),
    // DOCKER_AUTH_CONFIG spares the helper: a broken store does not matter for its keys
    upstream('configfile.TestGetAllCredentialsFromEnvironment (broken store)', { config: { credsStore: 'broken' }, authConfigEnv: json({ auths: { 'env.example.test': auth('alice') } }), helpers: { broken: { mode: 'fail', stderr: 'an error' } } }, { 'env.example.test/app': from('28.3.0', 'none!', 'alice') }),
    // DOCKER_CONFIG names a file, not a directory
    upstream('config.TestConfigDir (DOCKER_CONFIG is a file)', { dockerConfigFlag: false, variables: { DOCKER_CONFIG: '$HOME/afile' }, files: { afile: '{}' }, ...{ passOnPath: true, helpers: { pass: answers(hub) } } }, { ubuntu: 'alice' }),
    // config.json a symbolic link to itself
    upstream('config.TestLoadDanglingSymlink (loop)', { links: { '.docker/config.json': 'config.json' }, passOnPath: true, helpers: { pass: answers(hub) } }, { ubuntu: 'alice' }),
  ];
}

/** More of ~/.dockercfg (config_test.go at 20.10): what the legacy reader makes of other shapes. */
function legacyShapeCases(): UpstreamCase[] {
  const legacy = (expect: Expect) => from('23.0.0', expect, 'none');
  return [
    upstream('config.TestOldJSON (directory)', { files: { '.dockercfg': { directory: true } } }, { ubuntu: 'none' }),
    upstream('config.TestOldInvalidsAuth (empty)', { files: { '.dockercfg': '' }, passOnPath: true, helpers: { pass: answers({ [HUB]: 'alice' }) } }, { ubuntu: 'alice' }),
    upstream('config.TestOldJSON (empty object)', { files: { '.dockercfg': '{}' }, passOnPath: true, helpers: { pass: answers({ [HUB]: 'alice' }) } }, { ubuntu: 'alice' }),
    // the new format written to the old file: "auths" is read as a registry key, so the file holds credentials and no default store is taken
    upstream('config.TestOldJSON (new format)', { files: { '.dockercfg': json({ auths: { [HUB]: auth('bob') } }) }, passOnPath: true, helpers: { pass: answers({ [HUB]: 'alice' }) } }, { ubuntu: from('23.0.0', 'none', 'alice'), 'auths/app': from('23.0.0', 'none', 'alice') }),
    upstream('config.TestOldJSON (tokens)', { files: { '.dockercfg': json({ 'example.com': { ...auth('bob'), identitytoken: 'idtoken-bob' } }) } }, { 'example.com/app': legacy('identitytoken') }),
    // base64 skips the carriage return
    upstream('config.TestOldValidAuth (CRLF)', { files: { '.dockercfg': `username = ${b64(`alice:${passwordOf('alice')}`)}
email = alice@example.com
` } }, { ubuntu: legacy('alice') }),
  ];
}

export const UPSTREAM_CASES: UpstreamCase[] = [
  ...storeChoiceCases(),
  ...legacyShapeCases(),
  ...configFileCases(),
  ...authConfigEnvCases(),
  ...nativeStoreCases(),
  ...fileStoreCases(),
  ...registryCases(),
  ...configCases(),
  ...legacyCases(),
  ...decodingCases(),
  ...helperAnswerCases(),
  ...authConfigEnvParsingCases(),
];

/** "alice", "alice/registrytoken", "identitytoken", "none", each with an optional "!" */
export function describeOutcome(outcome: { error: string | null; username: string | null; kind: SecretKind | null }): Expect {
  const sent = outcome.kind === null ? 'none' : outcome.username === null ? outcome.kind : outcome.kind === 'password' ? outcome.username : `${outcome.username}/${outcome.kind}`;
  return outcome.error === null ? sent : `${sent}!`;
}
