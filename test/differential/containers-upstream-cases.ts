/**
 * The situations containers/image's own tests of pkg/docker/config exercise (config_test.go and
 * its testdata), restated as set-ups of our own for the differential run
 * (containers-corpus-run.ts): every auth-file place and its precedence, exact and normalised keys,
 * URL keys, namespaced keys looked up most specific first, the legacy ~/.dockercfg, identity
 * tokens, broken files, credHelpers and registries.conf credential helpers. Each group names the
 * upstream test it follows. Lookups are by image (GetCredentialsForRef) or, where the upstream
 * test asks for a bare registry, by key (GetCredentials, as `podman login --get-login` does).
 */
import type { CorpusCase } from './containers-corpus.js';

const b64 = (text: string): string => Buffer.from(text).toString('base64');
/** an entry whose secret differs from every other entry's, so the secret hash tells them apart */
const login = (user: string): { auth: string } => ({ auth: b64(`${user}:pw-${user}`) });
const authsFile = (auths: Record<string, unknown>, extra: Record<string, unknown> = {}): string => JSON.stringify({ auths, ...extra }, null, 2);

type Lookup = { image: string } | { key: string };
const image = (name: string): Lookup => ({ image: name });
const key = (name: string): Lookup => ({ key: name });

interface SetUp {
  files: Record<string, string>;
  env?: Record<string, string>;
  authFile?: string;
  helperAnswers?: Record<string, string>;
}

const slug = (text: string): string => text.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** One case per lookup in the same set-up. */
function group(name: string, setUp: SetUp, lookups: Lookup[]): CorpusCase[] {
  return lookups.map((lookup) => {
    const what = 'key' in lookup ? `key-${slug(lookup.key)}` : slug(lookup.image);
    return {
      id: `${name}.${what}`,
      image: 'key' in lookup ? lookup.key : lookup.image,
      ...('key' in lookup ? { key: lookup.key } : {}),
      files: setUp.files,
      env: setUp.env ?? {},
      helperAnswers: setUp.helperAnswers ?? {},
      ...(setUp.authFile === undefined ? {} : { authFile: setUp.authFile }),
    };
  });
}

const RUNTIME = { XDG_RUNTIME_DIR: '$HOME/run' };
/** the two places TestGetAuth writes its fixtures: the per-session auth.json and Docker's config.json */
const PLACES: Array<{ name: string; path: string; env: Record<string, string> }> = [
  { name: 'runtime', path: 'run/containers/auth.json', env: RUNTIME },
  { name: 'docker', path: '.docker/config.json', env: RUNTIME },
];

function inBothPlaces(name: string, text: string, lookups: Lookup[], extra: Omit<SetUp, 'files'> = {}): CorpusCase[] {
  return PLACES.flatMap((place) => group(`${name}.${place.name}`, { ...extra, files: { 'run/': '', [place.path]: text }, env: { ...place.env, ...extra.env } }, lookups));
}

// TestGetAuth, fixture with exact keys: both Hub spellings, a host with and without a port, an
// IP address with and without a port, a URL key with a path
const EXACT = authsFile({
  'alpha.example': login('alpha'),
  'index.docker.io': login('hub-index'),
  'docker.io': login('hub-docker'),
  localhost: login('local'),
  'localhost:5000': login('local-5000'),
  '10.1.2.3': login('ip'),
  '10.1.2.3:5000': login('ip-5000'),
  'https://norm.example/v1': login('norm'),
});

// TestGetAuth, fixture with URL keys only beside a plain host:port key
const URL_KEYS = authsFile({
  'alpha.example': login('alpha'),
  'https://index.docker.io/v1': login('hub-url'),
  'https://127.0.0.1:5000': login('loopback'),
  'http://localhost': login('local-http'),
  'https://localhost:5001': login('local-5001'),
  'localhost:5000': login('local-5000'),
});

// TestGetAuth "match ref …" and TestAuthKeyLookupOrder: namespaced keys, most specific first
const NAMESPACED = authsFile({
  'alpha.example/team': login('team'),
  'alpha.example': login('alpha'),
  'docker.io/acme': login('acme'),
  'docker.io': login('hub'),
  'docker.io/library/busybox': login('busybox'),
  'docker.io/library': login('library'),
});

// TestSetCredentials / TestRemoveAuthentication: nested namespaces, and the file after some were removed
const NESTED = authsFile({
  'alpha.example/a/b/c': login('abc'),
  'alpha.example/a/b': login('ab'),
  'alpha.example/a': login('a'),
  'alpha.example': login('alpha'),
  'beta.local': login('beta'),
});
const NESTED_AFTER_REMOVAL = authsFile({ 'alpha.example/a/b/c': login('abc'), 'alpha.example/a': login('a'), 'beta.local': login('beta') });

const ALL_PLACES = (runtimeUser: string | null, configUser: string | null, dockerUser: string | null, legacyUser: string | null): Record<string, string> => {
  const files: Record<string, string> = { 'run/': '' };
  if (runtimeUser !== null) files['run/containers/auth.json'] = authsFile({ 'alpha.example': login(runtimeUser) });
  if (configUser !== null) files['.config/containers/auth.json'] = authsFile({ 'alpha.example': login(configUser) });
  if (dockerUser !== null) files['.docker/config.json'] = authsFile({ 'alpha.example': login(dockerUser) });
  if (legacyUser !== null) files['.dockercfg'] = JSON.stringify({ 'alpha.example': login(legacyUser) });
  return files;
};

export const UPSTREAM_CASES: CorpusCase[] = [
  // TestGetAuth "no auth config" and "match none (empty.json)"
  ...group('no-files', { files: { 'run/': '' }, env: RUNTIME }, [key('index.docker.io'), key('localhost:5000'), image('alice/app')]),
  ...inBothPlaces('empty-object', '{}', [key('localhost:5000'), image('localhost:5000/app')]),
  // TestGetAuth "match one", "match none", "match docker.io", "normalize registry", "match localhost", "match ip"
  ...inBothPlaces('exact', EXACT, [
    key('alpha.example'),
    key('sub.alpha.example'),
    key('docker.io'),
    key('index.docker.io'),
    key('norm.example'),
    key('localhost'),
    key('localhost:5000'),
    key('10.1.2.3'),
    key('10.1.2.3:5000'),
    image('alice/app'),
    image('docker.io/library/busybox'),
    image('index.docker.io/alice/app'),
    image('alpha.example/team/app'),
    image('localhost/app'),
    image('10.1.2.3:5000/app'),
    image('norm.example/app'),
  ]),
  // TestGetAuth "match docker.io normalized", "match port"
  ...inBothPlaces('url-keys', URL_KEYS, [
    key('docker.io'),
    key('index.docker.io'),
    key('localhost'),
    key('localhost:5000'),
    key('localhost:5001'),
    key('127.0.0.1:5000'),
    image('alice/app'),
    image('localhost/app'),
    image('localhost:5001/x/y'),
    image('127.0.0.1:5000/x'),
  ]),
  // TestGetAuth "identity token": the user from "auth" beside the token; the token is what is sent
  ...inBothPlaces('identity-token', authsFile({ 'alpha.example': { auth: b64('00000000-0000-0000-0000-000000000000:'), identitytoken: 'tok-alpha' } }), [
    key('alpha.example'),
    image('alpha.example/app'),
  ]),
  // an identity token without "auth" decodes to nothing: the entry is skipped and the next file answers
  ...group('identity-token-without-auth', {
    files: { 'run/': '', 'run/containers/auth.json': authsFile({ 'alpha.example': { identitytoken: 'tok-lonely' } }), '.docker/config.json': authsFile({ 'alpha.example': login('next-file') }) },
    env: RUNTIME,
  }, [key('alpha.example')]),
  // TestGetAuth "credhelper from registries.conf", "identity token credhelper from registries.conf"; a helper answering {} has nothing
  ...group('registries-conf-helper', {
    files: { '.config/containers/registries.conf': 'credential-helpers = ["corpus"]\n', '.docker/config.json': authsFile({ 'alpha.example': login('file-not-asked') }) },
    helperAnswers: { 'alpha.example': 'h-alpha', 'beta.example': '<token>', 'gamma.example': '{}' },
  }, [key('alpha.example'), key('beta.example'), key('gamma.example'), key('delta.example'), image('alpha.example/ns/app'), image('beta.example/app')]),
  // TestGetAllCredentials: the auth files first, then the helper (registries.conf lists both)
  ...group('registries-conf-files-then-helper', {
    files: {
      '.config/containers/registries.conf': 'credential-helpers = ["containers-auth.json", "corpus"]\n',
      '.config/containers/auth.json': authsFile({ 'alpha.example': login('from-file'), 'index.docker.io': login('hub-index'), 'docker.io/acme': login('acme') }),
    },
    helperAnswers: { 'alpha.example': 'h-alpha', 'beta.example': 'h-beta' },
  }, [key('alpha.example'), key('beta.example'), key('docker.io'), image('acme/app'), image('other/app'), key('gamma.example')]),
  // TestGetAllCredentials "no credentials found": a credHelpers entry whose helper has nothing, then the next file
  ...group('credhelpers-not-found', {
    files: { 'dc/config.json': JSON.stringify({ credHelpers: { 'nocreds.example': 'corpus' } }), '.dockercfg': JSON.stringify({ 'https://nocreds.example/v1/': login('legacy') }) },
    env: { DOCKER_CONFIG: '$HOME/dc' },
  }, [key('nocreds.example'), image('nocreds.example/app')]),
  ...group('credhelpers-not-found-alone', { files: { 'dc/config.json': JSON.stringify({ credHelpers: { 'nocreds.example': 'corpus' } }) }, env: { DOCKER_CONFIG: '$HOME/dc' } }, [key('nocreds.example')]),
  // TestGetAuth "match ref image/repo/host", "docker.io library/vendor … match", TestAuthKeyLookupOrder
  ...inBothPlaces('namespaced', NAMESPACED, [
    image('alpha.example/team/app'),
    image('alpha.example/team'),
    image('alpha.example/team/sub/app'),
    image('alpha.example/app'),
    image('alpha.example/teams/app'),
    image('docker.io/library/busybox'),
    image('busybox'),
    image('library/other'),
    image('docker.io/acme/product'),
    image('acme/product'),
    image('docker.io/other/thing'),
    image('index.docker.io/acme/product'),
    key('docker.io'),
    key('alpha.example'),
  ]),
  // TestSetCredentials: nested namespaces; TestRemoveAuthentication: the same file after removals
  ...group('nested', { files: { 'auth.json': NESTED }, authFile: 'auth.json' }, [
    image('alpha.example/a/b/c/d/img'),
    image('alpha.example/a/b/c'),
    image('alpha.example/a/b/x'),
    image('alpha.example/a/x'),
    image('alpha.example/z'),
    image('beta.local/x'),
    key('beta.local'),
  ]),
  ...group('nested-after-removal', { files: { 'auth.json': NESTED_AFTER_REMOVAL }, authFile: 'auth.json' }, [image('alpha.example/a/b/x'), image('alpha.example/a/b/c/x'), image('alpha.example/z'), key('alpha.example')]),
  // TestSetGetCredentials: a namespace matches below it only; a URL key with /v1/ is normalised for any repository
  ...group('set-get-namespace', { files: { 'auth.json': authsFile({ 'alpha.example/foo': login('foo') }) }, authFile: 'auth.json' }, [image('alpha.example/foo/a'), image('alpha.example/foo'), image('alpha.example/bar'), key('alpha.example')]),
  ...group('set-get-registry', { files: { 'auth.json': authsFile({ 'alpha.example': login('reg') }) }, authFile: 'auth.json' }, [image('alpha.example/foo')]),
  ...group('set-get-url-key', { files: { 'auth.json': authsFile({ 'https://alpha.example/v1/': login('url') }) }, authFile: 'auth.json' }, [image('alpha.example/foo'), key('alpha.example')]),
  ...group('set-get-legacy-url-key', { files: { '.dockercfg': JSON.stringify({ 'https://alpha.example/v1/': login('legacy-url') }) } }, [key('alpha.example'), image('alpha.example/foo')]),
  // TestGetAuthFromLegacyFile: URL keys with paths in ~/.dockercfg
  ...group('legacy', { files: { '.dockercfg': JSON.stringify({ 'http://index.docker.io/v1': login('legacy-hub'), 'https://localhost/v1': login('legacy-local') }) } }, [
    key('localhost'),
    key('docker.io'),
    image('alice/app'),
    image('localhost/app'),
    key('localhost:5000'),
  ]),
  // TestGetAuthPreferNewConfig: config.json before ~/.dockercfg
  ...group('prefer-new-config', {
    files: { '.docker/config.json': authsFile({ 'docker.io': login('new') }), '.dockercfg': JSON.stringify({ 'https://index.docker.io/v1/': login('old'), 'alpha.example': login('old-alpha') }) },
  }, [key('docker.io'), image('alice/app'), key('alpha.example')]),
  // TestGetAuthFailsOnBadInput: a file that is not JSON stops the lookup, in the runtime place and in ~/.dockercfg
  ...group('bad-runtime-file', { files: { 'run/': '', 'run/containers/auth.json': 'this is no JSON', '.docker/config.json': authsFile({ 'docker.io': login('never') }) }, env: RUNTIME }, [key('index.docker.io'), image('alice/app')]),
  ...group('bad-legacy-file', { files: { 'run/': '', '.dockercfg': 'nor is this' }, env: RUNTIME }, [key('index.docker.io')]),
  ...group('bad-legacy-after-answer', { files: { 'run/': '', '.docker/config.json': authsFile({ 'docker.io': login('before') }), '.dockercfg': 'nor is this' }, env: RUNTIME }, [key('index.docker.io'), key('alpha.example')]),
  // TestGetCredentialsInteroperability: what `docker login` writes (the Hub under its index URL, other hosts as host[:port])
  ...group('docker-written', {
    files: { '.docker/config.json': authsFile({ 'https://index.docker.io/v1/': login('hub'), 'example.com': login('example'), 'example.com:8000': login('example-8000') }) },
  }, [key('example.com'), image('example.com/ns/repo'), key('example.com:8000'), image('example.com:8000/ns/repo'), key('docker.io'), image('docker.io/library/busybox'), image('docker.io/notlibrary/busybox')]),
  // ... and what it leaves with a credential store: an empty marker entry (skipped) and credsStore (ignored)
  ...group('docker-written-store', {
    files: { '.docker/config.json': authsFile({ 'https://index.docker.io/v1/': {} }, { credsStore: 'corpus' }), '.dockercfg': JSON.stringify({ 'index.docker.io': login('legacy-hub') }) },
    helperAnswers: { 'https://index.docker.io/v1/': 'from-store', 'docker.io': 'from-store' },
  }, [key('docker.io'), image('alice/app')]),
  // ... and after `docker logout`
  ...group('docker-logged-out', { files: { '.docker/config.json': authsFile({}) } }, [key('docker.io'), key('example.com')]),
  // TestGetPathToAuth and getAuthFilePaths: the order of the places
  ...group('order-all', { files: ALL_PLACES('runtime', 'config', 'docker', 'legacy'), env: RUNTIME }, [key('alpha.example')]),
  ...group('order-no-runtime', { files: ALL_PLACES(null, 'config', 'docker', 'legacy'), env: RUNTIME }, [key('alpha.example')]),
  ...group('order-docker-legacy', { files: ALL_PLACES(null, null, 'docker', 'legacy'), env: RUNTIME }, [key('alpha.example')]),
  ...group('order-legacy-only', { files: ALL_PLACES(null, null, null, 'legacy'), env: RUNTIME }, [key('alpha.example'), image('alpha.example/app')]),
  // XDG_RUNTIME_DIR naming a directory that does not exist: a warning, and the other places are searched
  ...group('runtime-dir-missing', { files: ALL_PLACES(null, 'config', 'docker', null), env: { XDG_RUNTIME_DIR: '$HOME/gone' } }, [key('alpha.example')]),
  // XDG_CONFIG_HOME replaces ~/.config; DOCKER_CONFIG replaces ~/.docker
  ...group('xdg-config-home', {
    files: { ...ALL_PLACES(null, 'dot-config', 'docker', null), 'xdg/containers/auth.json': authsFile({ 'alpha.example': login('xdg') }) },
    env: { ...RUNTIME, XDG_CONFIG_HOME: '$HOME/xdg' },
  }, [key('alpha.example')]),
  ...group('xdg-config-home-skips-dot-config', { files: ALL_PLACES(null, 'dot-config', 'docker', null), env: { ...RUNTIME, XDG_CONFIG_HOME: '$HOME/xdg' } }, [key('alpha.example')]),
  ...group('docker-config-env', {
    files: { ...ALL_PLACES(null, null, 'dot-docker', 'legacy'), 'dc/config.json': authsFile({ 'alpha.example': login('dc') }) },
    env: { ...RUNTIME, DOCKER_CONFIG: '$HOME/dc' },
  }, [key('alpha.example')]),
  ...group('docker-config-env-skips-dot-docker', { files: ALL_PLACES(null, null, 'dot-docker', 'legacy'), env: { ...RUNTIME, DOCKER_CONFIG: '$HOME/dc' } }, [key('alpha.example')]),
  // SystemContext.AuthFilePath: REGISTRY_AUTH_FILE and --authfile (the flag wins); before 5.24 the default places follow it
  ...group('registry-auth-file', {
    files: { ...ALL_PLACES(null, 'config', 'docker', null), 'ra.json': authsFile({ 'beta.example': login('ra-beta') }) },
    env: { ...RUNTIME, REGISTRY_AUTH_FILE: '$HOME/ra.json' },
  }, [key('alpha.example'), key('beta.example')]),
  ...group('registry-auth-file-missing', { files: ALL_PLACES(null, 'config', null, null), env: { ...RUNTIME, REGISTRY_AUTH_FILE: '$HOME/none.json' } }, [key('alpha.example')]),
  ...group('authfile-over-env', {
    files: { 'ra.json': authsFile({ 'alpha.example': login('ra') }), 'flag.json': authsFile({ 'alpha.example': login('flag') }) },
    env: { ...RUNTIME, REGISTRY_AUTH_FILE: '$HOME/ra.json' },
    authFile: 'flag.json',
  }, [key('alpha.example')]),
  // decodeDockerAuth: NULs around the password are dropped, the password keeps its colons, base64 may be wrapped but not unpadded
  ...group('auth-decoding', {
    files: {
      '.docker/config.json': JSON.stringify({
        auths: {
          'nul.example': { auth: b64('nul:pw-nul\u0000\u0000') },
          'colons.example': { auth: b64('colons:a:b:c') },
          'wrapped.example': { auth: `${b64('wrapped:pw-wrapped-long-enough').slice(0, 12)}\n${b64('wrapped:pw-wrapped-long-enough').slice(12)}` },
          'unpadded.example': { auth: b64('un:pw').replace(/=+$/, '') },
          'lead-nul.example': { auth: b64('lead:\u0000pw-lead') },
          // a Go string holds bytes: a password that is not UTF-8 is sent as it is
          'bytes.example': { auth: Buffer.from([...Buffer.from('bytes:pw-'), 0xff, 0xfe, 0x41, 0]).toString('base64') },
        },
      }),
    },
  }, [key('nul.example'), key('colons.example'), key('wrapped.example'), key('unpadded.example'), key('lead-nul.example'), key('bytes.example')]),
  // findCredentialsInFile: credHelpers is consulted for the registry alone, never for a namespace
  ...group('credhelpers-namespaced', {
    files: { '.docker/config.json': authsFile({ 'alpha.example': login('file') }, { credHelpers: { 'alpha.example/team': 'corpus' } }) },
    helperAnswers: { 'alpha.example': 'h-alpha', 'alpha.example/team': 'h-team' },
  }, [image('alpha.example/team/app'), key('alpha.example')]),
  // the file as json.Unmarshal reads it (TestGetAuthFailsOnBadInput feeds it text that is no JSON):
  // duplicate keys, field names in any case, null, values of the wrong type, a BOM, trailing text
  ...group('json-duplicate-entry', { files: { '.docker/config.json': '{"auths": {"alpha.example": {"auth": "' + b64('first:pw-first') + '"}, "alpha.example": {"auth": "' + b64('second:pw-second') + '"}}}' } }, [key('alpha.example')]),
  ...group('json-duplicate-auths', {
    files: { '.docker/config.json': '{"auths": {"alpha.example": {"auth": "' + b64('first:pw-first') + '"}}, "auths": {"beta.example": {"auth": "' + b64('beta:pw-beta') + '"}}}' },
  }, [key('alpha.example'), key('beta.example')]),
  ...group('json-duplicate-field', { files: { '.docker/config.json': '{"auths": {"alpha.example": {"auth": "' + b64('first:pw-first') + '", "auth": ""}}}', '.dockercfg': JSON.stringify({ 'alpha.example': login('legacy') }) } }, [key('alpha.example')]),
  ...group('json-field-case', { files: { '.docker/config.json': JSON.stringify({ AUTHS: { 'alpha.example': { AUTH: b64('upper:pw-upper'), IdentityToken: 'tok-upper' } } }) } }, [key('alpha.example')]),
  ...group('json-null', { files: { '.docker/config.json': '{"auths": {"alpha.example": null, "beta.example": {"auth": null}}, "credHelpers": null}', '.dockercfg': JSON.stringify({ 'alpha.example': login('legacy') }) } }, [key('alpha.example'), key('beta.example')]),
  ...group('json-auths-null', { files: { '.docker/config.json': '{"auths": null}' } }, [key('alpha.example')]),
  ...group('json-wrong-type-entry', { files: { '.docker/config.json': '{"auths": {"alpha.example": "' + b64('a:b') + '"}}' } }, [key('beta.example')]),
  ...group('json-wrong-type-auth', { files: { '.docker/config.json': '{"auths": {"alpha.example": {"auth": 42}}}' } }, [key('alpha.example')]),
  ...group('json-wrong-type-helper', { files: { '.docker/config.json': '{"credHelpers": {"alpha.example": true}}' } }, [key('alpha.example')]),
  ...group('json-legacy-array', { files: { '.dockercfg': '[]' } }, [key('alpha.example')]),
  ...group('json-legacy-new-format', { files: { '.dockercfg': authsFile({ 'alpha.example': login('nested') }) } }, [key('alpha.example')]),
  ...group('json-bom', { files: { '.docker/config.json': `\ufeff${authsFile({ 'alpha.example': login('bom') })}` } }, [key('alpha.example')]),
  ...group('json-trailing', { files: { '.docker/config.json': `${authsFile({ 'alpha.example': login('trailing') })} {}` } }, [key('alpha.example')]),
  ...group('json-empty-file', { files: { 'run/': '', 'run/containers/auth.json': '', '.docker/config.json': authsFile({ 'alpha.example': login('never') }) }, env: RUNTIME }, [key('alpha.example')]),
  // sysregistriesv2 TestCredentialHelpers: the last drop-in that sets credential-helpers decides, an
  // empty list means the auth files again, a file without the .conf suffix is not read
  ...group('helpers-dropin-override', {
    files: {
      '.config/containers/registries.conf': 'credential-helpers = ["broken"]\n',
      '.config/containers/registries.conf.d/10-first.conf': 'credential-helpers = ["absent", "broken"]\n',
      '.config/containers/registries.conf.d/20-second.conf': 'credential-helpers = ["corpus"]\n',
      '.config/containers/registries.conf.d/30-routing.conf': '[[registry]]\nlocation = "alpha.example"\n',
    },
    helperAnswers: { 'alpha.example': 'h-alpha' },
  }, [key('alpha.example'), image('alpha.example/app'), key('beta.example')]),
  ...group('helpers-dropin-empty-list', {
    files: {
      '.config/containers/registries.conf': 'credential-helpers = ["corpus"]\n',
      '.config/containers/registries.conf.d/50-reset.conf': 'credential-helpers = []\n',
      '.config/containers/auth.json': authsFile({ 'alpha.example': login('file') }),
    },
    helperAnswers: { 'alpha.example': 'h-alpha' },
  }, [key('alpha.example')]),
  ...group('helpers-dropin-wrong-suffix', {
    files: {
      '.config/containers/registries.conf': 'credential-helpers = ["containers-auth.json"]\n',
      '.config/containers/registries.conf.d/60-ignored.ignore': 'credential-helpers = ["corpus"]\n',
      '.config/containers/auth.json': authsFile({ 'alpha.example': login('file') }),
    },
    helperAnswers: { 'alpha.example': 'h-alpha' },
  }, [key('alpha.example')]),
  ...group('helpers-empty-conf', { files: { '.config/containers/registries.conf': '', '.config/containers/auth.json': authsFile({ 'alpha.example': login('file') }) } }, [key('alpha.example')]),
  // keys are compared as written: a host in capitals is another key
  ...group('key-case', { files: { '.docker/config.json': authsFile({ 'ALPHA.EXAMPLE': login('upper') }) } }, [key('alpha.example'), image('ALPHA.EXAMPLE/app'), image('alpha.example/app')]),
];
