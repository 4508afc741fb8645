import type { RegistryName, TestUser } from '../testbed/testbed.js';

/**
 * Differential cases: one config (built from the testbed's users, whose passwords are random
 * per run) and one image. The real program decides; regauth must predict the user the
 * registry sees. `notes` records what the reference notes claim when the program disagrees.
 */
export interface CaseContext {
  user(name: string): TestUser;
  /** base64("name:password") */
  auth(name: string): string;
  /** an OAuth2 refresh token the offline Hub's token server issued to the user (Docker's identitytoken) */
  refreshToken(name: string): string;
  /** a registry JWT for repository:alice/app:pull issued to the user (Docker's registrytoken) */
  registryToken(name: string): string;
}

export interface DifferentialCase {
  name: string;
  image: string;
  registry: RegistryName;
  /** config.json / auth.json content: an object (written as JSON) or raw text */
  config: (context: CaseContext) => unknown;
  /** written to $HOME/.dockercfg when given */
  dockercfg?: (context: CaseContext) => unknown;
  /** which programs run this case (default: both) */
  programs?: ReadonlyArray<'docker' | 'docker20' | 'skopeo' | 'podman'>;
  /** credential helper scripts to put on PATH: name → server URL → user */
  helpers?: Record<string, Record<string, string>>;
  /** more files, relative to $HOME */
  files?: Record<string, (context: CaseContext) => unknown>;
  /** environment for both sides; paths may use $HOME */
  env?: Record<string, string>;
  /** skopeo/podman get --authfile pointing at ~/.docker/config.json (default true) */
  authfile?: boolean;
  /** the user a token in the config belongs to: the registry sees them although no username is sent */
  tokenOwner?: string;
}

export const raw = (text: string): { raw: string } => ({ raw: text });

const HUB = 'https://index.docker.io/v1/';

function single(key: string, user = 'alice'): (context: CaseContext) => unknown {
  return (context) => ({ auths: { [key]: { auth: context.auth(user) } } });
}

const hubKeySpellings: Array<[string, string]> = [
  ['exact Hub key', HUB],
  ['docker.io (the seed case)', 'docker.io'],
  ['index.docker.io', 'index.docker.io'],
  ['Hub URL without trailing slash', 'https://index.docker.io/v1'],
  ['Hub URL over http', 'http://index.docker.io/v1/'],
  ['Hub URL without path', 'https://index.docker.io'],
  ['registry-1.docker.io', 'registry-1.docker.io'],
  ['registry-1 URL with /v2/', 'https://registry-1.docker.io/v2/'],
  ['upper-case scheme', 'HTTPS://index.docker.io/v1/'],
  ['hub.docker.com', 'hub.docker.com'],
  ['namespaced docker.io/alice', 'docker.io/alice'],
  ['full repository docker.io/alice/app', 'docker.io/alice/app'],
  ['another namespace docker.io/bob', 'docker.io/bob'],
  ['index.docker.io with namespace', 'index.docker.io/alice'],
  ['Hub key with port 443', 'index.docker.io:443'],
  ['Hub key with upper-case host', 'https://INDEX.DOCKER.IO/v1/'],
];

const privateKeySpellings: Array<[string, string]> = [
  ['host', 'myreg.example.com'],
  ['https URL', 'https://myreg.example.com'],
  ['http URL', 'http://myreg.example.com'],
  ['https URL with /v2/', 'https://myreg.example.com/v2/'],
  ['host with /v2/ and no scheme', 'myreg.example.com/v2/'],
  ['host:443', 'myreg.example.com:443'],
  ['https URL with :443', 'https://myreg.example.com:443'],
  ['upper-case host', 'MYREG.EXAMPLE.COM'],
  ['full repository key', 'myreg.example.com/app'],
  ['other namespace key', 'myreg.example.com/team'],
  ['user-info in URL', 'https://someone@myreg.example.com'],
  ['ftp scheme', 'ftp://myreg.example.com'],
  ['URL with query', 'https://myreg.example.com?x=1'],
  ['other registry', 'other.example.com'],
  ['host with trailing dot', 'myreg.example.com.'],
  ['port 5000 key', 'myreg.example.com:5000'],
  ['host with a trailing slash', 'myreg.example.com/'],
  ['https URL with a trailing slash', 'https://myreg.example.com/'],
  ['leading space', ' myreg.example.com'],
  ['https URL with /v1/', 'https://myreg.example.com/v1/'],
  ['http URL with a path and no trailing slash', 'http://myreg.example.com/v2'],
  ['double scheme', 'https://https://myreg.example.com'],
  ['scheme without slashes', 'https:myreg.example.com'],
];

const portKeySpellings: Array<[string, string]> = [
  ['host:port', 'myreg.example.com:5000'],
  ['host without port', 'myreg.example.com'],
  ['https URL with port and /v2/', 'https://myreg.example.com:5000/v2/'],
  ['host:port with /v1/ and no scheme', 'myreg.example.com:5000/v1/'],
  ['http URL with port', 'http://myreg.example.com:5000'],
];

const CONTAINERS_ONLY = ['skopeo', 'podman'] as const;

/** Which file wins: the search order of each client across the files it reads. */
const fileOrderCases: DifferentialCase[] = [
  {
    name: 'files: $XDG_RUNTIME_DIR/containers/auth.json before ~/.docker/config.json',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    config: single('myreg.example.com', 'alice'),
    files: { 'run/containers/auth.json': single('myreg.example.com', 'bob') },
    env: { XDG_RUNTIME_DIR: '$HOME/run' },
    authfile: false,
  },
  {
    name: 'files: $XDG_CONFIG_HOME/containers/auth.json before ~/.docker/config.json',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    config: single('myreg.example.com', 'alice'),
    files: { 'cfg/containers/auth.json': single('myreg.example.com', 'carol') },
    env: { XDG_CONFIG_HOME: '$HOME/cfg' },
    authfile: false,
  },
  {
    name: 'files: ~/.config/containers/auth.json is the default XDG_CONFIG_HOME',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    config: single('myreg.example.com', 'alice'),
    files: { '.config/containers/auth.json': single('myreg.example.com', 'dave') },
    authfile: false,
  },
  {
    name: 'files: an auth without colon in auth.json falls through to the next file',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    config: single('myreg.example.com', 'alice'),
    files: { '.config/containers/auth.json': () => ({ auths: { 'myreg.example.com': { auth: Buffer.from('nocolon').toString('base64') } } }) },
    authfile: false,
  },
  {
    name: 'files: an empty entry in auth.json falls through to the next file',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    config: single('myreg.example.com', 'alice'),
    files: { '.config/containers/auth.json': () => ({ auths: { 'myreg.example.com': {} } }) },
    authfile: false,
  },
  {
    name: 'files: a broken auth.json stops the search',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    config: single('myreg.example.com', 'alice'),
    files: { '.config/containers/auth.json': () => raw('{"auths": {') },
    authfile: false,
  },
  {
    name: 'files: invalid base64 in auth.json stops the search',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    config: single('myreg.example.com', 'alice'),
    files: { '.config/containers/auth.json': () => ({ auths: { 'myreg.example.com': { auth: '@@@' } } }) },
    authfile: false,
  },
  {
    name: 'files: an entry for another registry in auth.json does not stop the search',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    config: single('myreg.example.com', 'alice'),
    files: { '.config/containers/auth.json': single('other.example.com', 'bob') },
    authfile: false,
  },
  {
    name: 'files: DOCKER_CONFIG points at another directory',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    config: single('myreg.example.com', 'alice'),
    files: { 'elsewhere/config.json': single('myreg.example.com', 'erin') },
    env: { DOCKER_CONFIG: '$HOME/elsewhere' },
    authfile: false,
  },
  {
    name: 'files: DOCKER_CONFIG directory without config.json',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    config: single('myreg.example.com', 'alice'),
    files: { 'empty/.keep': () => raw('') },
    env: { DOCKER_CONFIG: '$HOME/empty' },
    authfile: false,
  },
  {
    name: 'files: REGISTRY_AUTH_FILE is searched first',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    config: single('myreg.example.com', 'alice'),
    files: { 'ra/auth.json': single('myreg.example.com', 'frank') },
    env: { REGISTRY_AUTH_FILE: '$HOME/ra/auth.json' },
    authfile: false,
  },
  {
    name: 'files: REGISTRY_AUTH_FILE without the registry falls back to the default files',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    config: single('myreg.example.com', 'alice'),
    files: { 'ra/auth.json': single('other.example.com', 'frank') },
    env: { REGISTRY_AUTH_FILE: '$HOME/ra/auth.json' },
    authfile: false,
  },
  {
    name: 'files: $XDG_RUNTIME_DIR names a missing directory',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    config: single('myreg.example.com', 'alice'),
    env: { XDG_RUNTIME_DIR: '$HOME/no-such-dir' },
    authfile: false,
  },
  {
    name: 'files: DOCKER_CONFIG names a file instead of a directory',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    config: single('myreg.example.com', 'alice'),
    env: { DOCKER_CONFIG: '$HOME/.docker/config.json' },
    authfile: false,
  },
  {
    name: 'files: podman-style docker.io key in auth.json for a Hub image',
    image: 'alice/app',
    registry: 'hub',
    config: () => ({ auths: {} }),
    files: { '.config/containers/auth.json': single('docker.io', 'alice') },
    authfile: false,
    programs: CONTAINERS_ONLY,
  },
];

/** Identity tokens (OAuth2 refresh tokens) and registry tokens: no username is sent, the token's owner is seen. */
const tokenCases: DifferentialCase[] = [
  {
    name: 'tokens: identitytoken next to a user-only auth, as docker login stores it',
    image: 'alice/app',
    registry: 'hub',
    config: (c) => ({ auths: { [HUB]: { auth: Buffer.from('alice:').toString('base64'), identitytoken: c.refreshToken('alice') } } }),
    tokenOwner: 'alice',
  },
  {
    name: 'tokens: identitytoken without any auth',
    image: 'alice/app',
    registry: 'hub',
    config: (c) => ({ auths: { [HUB]: { identitytoken: c.refreshToken('bob') } } }),
    tokenOwner: 'bob',
  },
  {
    name: 'tokens: identitytoken beats a password in auth',
    image: 'alice/app',
    registry: 'hub',
    config: (c) => ({ auths: { [HUB]: { auth: c.auth('carol'), identitytoken: c.refreshToken('dave') } } }),
    tokenOwner: 'dave',
  },
  {
    name: 'tokens: identitytoken under the docker.io key',
    image: 'alice/app',
    registry: 'hub',
    config: (c) => ({ auths: { 'docker.io': { auth: Buffer.from('erin:').toString('base64'), identitytoken: c.refreshToken('erin') } } }),
    tokenOwner: 'erin',
  },
  {
    name: 'tokens: registrytoken is sent as the bearer token',
    image: 'alice/app',
    registry: 'hub',
    config: (c) => ({ auths: { [HUB]: { registrytoken: c.registryToken('frank') } } }),
    tokenOwner: 'frank',
  },
];

export const CASES: DifferentialCase[] = [
  ...fileOrderCases,
  ...tokenCases,
  ...hubKeySpellings.map(([name, key]): DifferentialCase => ({ name: `hub: ${name}`, image: 'alice/app', registry: 'hub', config: single(key) })),
  ...privateKeySpellings.map(([name, key]): DifferentialCase => ({ name: `private: ${name}`, image: 'myreg.example.com/app', registry: 'myreg', config: single(key) })),
  ...portKeySpellings.map(([name, key]): DifferentialCase => ({ name: `port 5000: ${name}`, image: 'myreg.example.com:5000/app', registry: 'myreg5000', config: single(key) })),
  { name: 'hub: library image with the Hub key', image: 'ubuntu', registry: 'hub', config: single(HUB) },
  { name: 'hub: image written as index.docker.io/alice/app', image: 'index.docker.io/alice/app', registry: 'hub', config: single(HUB) },
  { name: 'hub: image written as registry-1.docker.io/alice/app, Hub key', image: 'registry-1.docker.io/alice/app', registry: 'hub', config: single(HUB) },
  { name: 'hub: image written as registry-1.docker.io/alice/app, own key', image: 'registry-1.docker.io/alice/app', registry: 'hub', config: single('registry-1.docker.io') },
  {
    name: 'hub: docker.io and the Hub key hold different users',
    image: 'alice/app',
    registry: 'hub',
    config: (c) => ({ auths: { 'docker.io': { auth: c.auth('bob') }, [HUB]: { auth: c.auth('alice') } } }),
  },
  {
    name: 'hub: namespaced key beats the registry key',
    image: 'alice/app',
    registry: 'hub',
    config: (c) => ({ auths: { 'docker.io/alice': { auth: c.auth('bob') }, 'docker.io': { auth: c.auth('alice') } } }),
  },
  {
    name: 'hub: username and password fields only',
    image: 'alice/app',
    registry: 'hub',
    config: (c) => ({ auths: { [HUB]: { username: 'alice', password: c.user('alice').password } } }),
  },
  {
    name: 'hub: auth wins over a different username field',
    image: 'alice/app',
    registry: 'hub',
    config: (c) => ({ auths: { [HUB]: { auth: c.auth('alice'), username: 'bob', password: c.user('bob').password } } }),
  },
  {
    name: 'hub: empty auth falls back to the username and password fields',
    image: 'alice/app',
    registry: 'hub',
    config: (c) => ({ auths: { [HUB]: { auth: '', username: 'carol', password: c.user('carol').password } } }),
  },
  { name: 'hub: invalid base64 in auth', image: 'alice/app', registry: 'hub', config: () => ({ auths: { [HUB]: { auth: 'not base64!' } } }) },
  { name: 'hub: auth without a colon', image: 'alice/app', registry: 'hub', config: () => ({ auths: { [HUB]: { auth: Buffer.from('alicepassword').toString('base64') } } }) },
  {
    name: 'hub: auth with an empty username',
    image: 'alice/app',
    registry: 'hub',
    config: (c) => ({ auths: { [HUB]: { auth: Buffer.from(`:${c.user('alice').password}`).toString('base64') } } }),
    programs: ['docker', 'docker20', 'skopeo'],
  },
  {
    name: 'hub: auth with an empty password',
    image: 'alice/app',
    registry: 'hub',
    config: () => ({ auths: { [HUB]: { auth: Buffer.from('alice:').toString('base64') } } }),
  },
  { name: 'hub: empty entry', image: 'alice/app', registry: 'hub', config: () => ({ auths: { [HUB]: {} } }) },
  { name: 'hub: docker.io empty entry, then the Hub key', image: 'alice/app', registry: 'hub', config: (c) => ({ auths: { 'docker.io': {}, [HUB]: { auth: c.auth('alice') } } }) },
  {
    name: 'hub: upper-case field names',
    image: 'alice/app',
    registry: 'hub',
    config: (c) => raw(`{"AUTHS": {"${HUB}": {"Auth": "${c.auth('alice')}"}}}`),
  },
  {
    name: 'hub: duplicate key, the last one wins',
    image: 'alice/app',
    registry: 'hub',
    config: (c) => raw(`{"auths": {"${HUB}": {"auth": "${c.auth('bob')}"}, "${HUB}": {"auth": "${c.auth('alice')}"}}}`),
  },
  { name: 'hub: trailing data after the JSON value', image: 'alice/app', registry: 'hub', config: (c) => raw(`{"auths": {"${HUB}": {"auth": "${c.auth('alice')}"}}} trailing`) },
  { name: 'hub: broken JSON', image: 'alice/app', registry: 'hub', config: (c) => raw(`{"auths": {"${HUB}": {"auth": "${c.auth('alice')}"}`) },
  { name: 'hub: empty file', image: 'alice/app', registry: 'hub', config: () => raw('') },
  { name: 'hub: auths is an array', image: 'alice/app', registry: 'hub', config: () => raw('{"auths": []}') },
  { name: 'hub: auth is a number', image: 'alice/app', registry: 'hub', config: () => raw(`{"auths": {"${HUB}": {"auth": 5}}}`) },
  {
    name: 'hub: one bad entry elsewhere, one good Hub entry',
    image: 'alice/app',
    registry: 'hub',
    config: (c) => ({ auths: { [HUB]: { auth: c.auth('alice') }, 'other.example.com': { auth: '%%%' } } }),
  },
  { name: 'private: two spellings with the same user', image: 'myreg.example.com/app', registry: 'myreg', config: (c) => ({ auths: { 'https://myreg.example.com': { auth: c.auth('alice') }, 'http://myreg.example.com': { auth: c.auth('alice') } } }) },
  { name: 'private: exact host beats a URL spelling', image: 'myreg.example.com/app', registry: 'myreg', config: (c) => ({ auths: { 'https://myreg.example.com': { auth: c.auth('bob') }, 'myreg.example.com': { auth: c.auth('alice') } } }) },
  {
    name: 'private: namespaced key for team/app',
    image: 'myreg.example.com/team/app',
    registry: 'myreg',
    config: (c) => ({ auths: { 'myreg.example.com/team': { auth: c.auth('bob') }, 'myreg.example.com': { auth: c.auth('alice') } } }),
  },
  { name: 'private: only a namespaced key for team/app', image: 'myreg.example.com/team/app', registry: 'myreg', config: single('myreg.example.com/team', 'bob') },
  { name: 'private: credentials of another registry only', image: 'myreg.example.com/app', registry: 'myreg', config: single('other.example.com') },
  { name: 'other: its own key', image: 'other.example.com/app', registry: 'other', config: single('other.example.com', 'dave') },
  { name: 'local http: host:port', image: 'localhost:5001/app', registry: 'local', config: single('localhost:5001') },
  { name: 'local http: http URL', image: 'localhost:5001/app', registry: 'local', config: single('http://localhost:5001') },
  { name: 'local http: host without port', image: 'localhost:5001/app', registry: 'local', config: single('localhost') },
  { name: 'local http: 127.0.0.1 spelling', image: 'localhost:5001/app', registry: 'local', config: single('127.0.0.1:5001') },
  {
    name: 'helper: credHelpers for the registry replaces plain-text auth',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    config: (c) => ({ auths: { 'myreg.example.com': { auth: c.auth('alice') } }, credHelpers: { 'myreg.example.com': 'regauthtest' } }),
    helpers: { regauthtest: { 'myreg.example.com': 'bob' } },
  },
  {
    name: 'helper: credHelpers keyed docker.io',
    image: 'alice/app',
    registry: 'hub',
    config: (c) => ({ auths: { [HUB]: { auth: c.auth('alice') } }, credHelpers: { 'docker.io': 'regauthtest' } }),
    helpers: { regauthtest: { 'docker.io': 'bob', [HUB]: 'carol' } },
  },
  {
    name: 'helper: credHelpers keyed with the Hub URL',
    image: 'alice/app',
    registry: 'hub',
    config: (c) => ({ auths: { 'docker.io': { auth: c.auth('alice') } }, credHelpers: { [HUB]: 'regauthtest' } }),
    helpers: { regauthtest: { 'docker.io': 'bob', [HUB]: 'carol' } },
  },
  {
    name: 'helper: credsStore applies to every registry',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    config: (c) => ({ auths: { 'myreg.example.com': { auth: c.auth('alice') } }, credsStore: 'regauthtest' }),
    helpers: { regauthtest: { 'myreg.example.com': 'erin' } },
  },
  {
    name: 'helper: credsStore has nothing for the registry',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    config: (c) => ({ auths: { 'myreg.example.com': { auth: c.auth('alice') } }, credsStore: 'regauthtest' }),
    helpers: { regauthtest: {} },
  },
  {
    name: 'helper: credsStore names a missing helper',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    config: (c) => ({ auths: { 'myreg.example.com': { auth: c.auth('alice') } }, credsStore: 'desktop' }),
  },
  {
    name: 'helper: credHelpers for the 5000 port registry',
    image: 'myreg.example.com:5000/app',
    registry: 'myreg5000',
    config: () => ({ auths: {}, credHelpers: { 'myreg.example.com:5000': 'regauthtest' } }),
    helpers: { regauthtest: { 'myreg.example.com:5000': 'frank' } },
  },
  {
    name: 'helper: credHelpers wins over credsStore for its registry',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    config: () => ({ auths: {}, credsStore: 'storeall', credHelpers: { 'myreg.example.com': 'perreg' } }),
    helpers: { storeall: { 'myreg.example.com': 'bob' }, perreg: { 'myreg.example.com': 'carol' } },
  },
  {
    name: 'helper: an empty credHelpers entry turns credsStore off for that registry',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    config: (c) => ({ auths: { 'myreg.example.com': { auth: c.auth('alice') } }, credsStore: 'storeall', credHelpers: { 'myreg.example.com': '' } }),
    helpers: { storeall: { 'myreg.example.com': 'bob' } },
  },
  {
    name: 'helper: an empty credsStore means the file',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    config: (c) => ({ auths: { 'myreg.example.com': { auth: c.auth('alice') } }, credsStore: '' }),
  },
  {
    name: 'helper: an identity token from a helper',
    image: 'alice/app',
    registry: 'hub',
    config: () => ({ auths: {}, credHelpers: { [HUB]: 'tokenhelper', 'docker.io': 'tokenhelper' } }),
    helpers: { tokenhelper: { [HUB]: '<token>:erin', 'docker.io': '<token>:erin' } },
    tokenOwner: 'erin',
  },
  { name: 'private: image with explicit :443, key without port', image: 'myreg.example.com:443/app', registry: 'myreg', config: single('myreg.example.com') },
  { name: 'private: image with explicit :443, key with :443', image: 'myreg.example.com:443/app', registry: 'myreg', config: single('myreg.example.com:443') },
  { name: 'private: upper-case registry in the image', image: 'MyReg.Example.com/app', registry: 'myreg', config: single('myreg.example.com') },
  { name: 'private: upper-case registry in image and key', image: 'MyReg.Example.com/app', registry: 'myreg', config: single('MyReg.Example.com') },
  {
    name: 'legacy ~/.dockercfg without config.json',
    image: 'alice/app',
    registry: 'hub',
    config: () => undefined,
    dockercfg: (c) => ({ [HUB]: { auth: c.auth('alice'), email: 'a@example.com' } }),
    programs: ['docker', 'docker20', 'skopeo'],
  },
];
