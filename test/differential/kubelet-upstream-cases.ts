/**
 * Situations the kubelet's own tests exercise (k8s.io/kubernetes pkg/credentialprovider
 * keyring_test.go and config_test.go, pkg/credentialprovider/secrets secrets_test.go), plus
 * what pods commonly meet (several secrets, one registry in two secrets, Docker Hub spellings,
 * ports and digests), written as pods: pull secrets in order and the image a container names.
 * The data is our own; the comment on each group names the upstream test it follows.
 *
 * The kubelet's code (test/oracles/kubelet-keyring) decides the outcome; `expect` states what
 * that code is known to do, so that a case that no longer exercises its situation fails too:
 * the users of every match in the order the kubelet tries them (none: the pull goes without
 * credentials), or "error" when the pull secrets fail the pull.
 */
export interface PullSecretCase {
  /** the Secret's type */
  type: string;
  /** data key → content, as the kubelet receives it (the API server's base64 removed) */
  data: Record<string, string>;
}

export interface KubeletUpstreamCase {
  id: string;
  /** the upstream test function whose situation this is, or "pods" for common setups */
  upstream: string;
  image: string;
  secrets: PullSecretCase[];
  expect: string[] | 'error';
}

const DOCKERCONFIGJSON = 'kubernetes.io/dockerconfigjson';
const DOCKERCFG = 'kubernetes.io/dockercfg';
const HUB = 'https://index.docker.io/v1/';
const DIGEST = `sha256:${'4e'.repeat(32)}`;

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** an entry with the `auth` field (padded base64 of user:password) */
const login = (user: string, password = `${user}-secret`): Record<string, string> => ({ auth: b64(`${user}:${password}`) });
/** an entry with separate username and password fields */
const fields = (user: string, password = `${user}-secret`): Record<string, string> => ({ username: user, password });

function configJson(auths: Record<string, unknown>): PullSecretCase {
  return { type: DOCKERCONFIGJSON, data: { '.dockerconfigjson': JSON.stringify({ auths }) } };
}

function dockercfg(entries: Record<string, unknown>): PullSecretCase {
  return { type: DOCKERCFG, data: { '.dockercfg': JSON.stringify(entries) } };
}

/** content as written, for what JSON.stringify cannot produce (duplicate keys, broken JSON) */
function rawSecret(type: string, key: string, text: string): PullSecretCase {
  return { type, data: { [key]: text } };
}

/** one secret with one entry for `key`, the user "hit" */
const one = (key: string): PullSecretCase[] => [configJson({ [key]: login('hit') })];

function single(upstream: string, rows: Array<[key: string, image: string, hit: boolean]>): KubeletUpstreamCase[] {
  return rows.map(([key, image, hit]) => ({ id: `${key} for ${image}`, upstream, image, secrets: one(key), expect: hit ? ['hit'] : [] }));
}

export const KUBELET_UPSTREAM_CASES: KubeletUpstreamCase[] = [
  // TestURLsMatch: globs per host label, label counts, ports, path prefixes
  ...single('TestURLsMatch', [
    ['*.reg.example', 'team.reg.example/app', true],
    ['team.*.example', 'team.reg.example/app', true],
    ['team.reg.*', 'team.reg.example/app', true],
    ['*-eu.reg.example', 'mirror-eu.reg.example/app', true],
    ['*.reg.example/tools', 'team.reg.example/tools/app', true],
    ['team.*.example/tools', 'team.reg.example/tools/sub/app:2', true],
    ['*.reg.example:7443/tools', 'team.reg.example:7443/tools/app', true],
    ['team.*.example:7443/tools', 'team.reg.example:7443/tools/sub/app', true],
    ['*.reg.example', 'reg.example/app', false],
    ['*.*.reg.example', 'team.reg.example/app', false],
    ['*.*.reg.example', 'reg.example/app', false],
    ['*reg.example', 'team.reg.example/app', false],
    ['*reg.example', 'myreg.example/app', true],
    ['*.*.*.reg.example', 'a.b.c.reg.example/app', true],
    ['reg.example', 'reg.test/app', false],
    ['r*.example', 'quay.example/app', false],
    ['*.reg.example:7443/tools', 'team.reg.example:5000/tools/app', false],
    ['team.*.example/tools', 'team.reg.example:5000/tools/app', false],
  ]),
  // TestDockerKeyringForGlob: keys with schemes, /v1/ and /v2/ paths, ports
  ...single('TestDockerKeyringForGlob', [
    ['https://exact.reg.example', 'exact.reg.example/foo/bar', true],
    ['https://*.reg.example', 'team.reg.example/foo/bar', true],
    ['https://team.*.example', 'team.reg.example/foo/bar', true],
    ['https://team.reg.*', 'team.reg.example/foo/bar', true],
    ['https://*.reg.example/tools', 'team.reg.example/tools/foo/bar', true],
    ['https://team.*.example/tools', 'team.reg.example/tools/sub/foo/bar', true],
    ['https://*.reg.example:8443', 'team.reg.example:8443/foo/bar', true],
    ['https://team.reg.*:8443', 'team.reg.example:8443/foo/bar', true],
    ['https://*.reg.example/v1/', 'team.reg.example/tools/foo/bar', true],
    ['https://*.reg.example/v2/', 'team.reg.example/tools/foo/bar', true],
    ['reg.example:1111', 'reg.example:1111/path/foo/bar', true],
    ['*.reg.example:1111', 'team.reg.example:1111/path/foo/bar', true],
    ['http://plain.reg.example', 'plain.reg.example/app', true],
    // a key whose path reads like a tag: the image's tag is not part of the name looked up
    ['https://*.reg.example/tools:1111', 'team.reg.example/tools:1111', false],
  ]),
  // TestKeyringMiss
  ...single('TestKeyringMiss', [
    ['https://hello.reg.example', 'world.other.example/foo/bar', false],
    ['https://*.reg.test', 'team.reg.example/foo/bar', false],
    ['https://other.*.example', 'team.reg.example/foo/bar', false],
    ['https://team.reg.t*', 'team.reg.example/foo/bar', false],
    ['other.*.example', 'team.reg.example/foo/bar', false],
  ]),
  // TestKeyringMissWithDockerHubCredentials, TestKeyringHit…DockerHub, TestIsDefaultRegistryMatch:
  // a Hub entry is used for a name without a registry host only when nothing else matched
  ...single('TestKeyringMissWithDockerHubCredentials', [
    [HUB, 'world.other.example/foo/bar', false],
    [HUB, 'myhubdocker.io/team/app', false],
    [HUB, 'registry:5000/team/app', false],
  ]),
  ...single('TestKeyringHitWithUnqualifiedDockerHub', [
    [HUB, 'someone/tool', true],
    [HUB, 'someone/tool:1.2', true],
  ]),
  ...single('TestKeyringHitWithUnqualifiedLibraryDockerHub', [
    [HUB, 'busybox', true],
    [HUB, `busybox@${DIGEST}`, true],
  ]),
  ...single('TestKeyringHitWithQualifiedDockerHub', [
    [HUB, 'index.docker.io/someone/tool', true],
    [HUB, 'docker.io/library/busybox:1', true],
  ]),
  ...single('TestIsDefaultRegistryMatch', [
    // "localhost" has neither "." nor ":", and an upper-case first part is a host to the parser
    [HUB, 'localhost/app', true],
    [HUB, 'Team/app', true],
    [HUB, 'localhost:5000/app', false],
    ['index.docker.io', 'someone/tool', true],
    ['docker.io', 'someone/tool', true],
    ['https://docker.io/v1/', 'busybox', true],
    // the fallback takes only entries indexed under the bare host
    ['https://index.docker.io/v1/someone', 'someone/tool', false],
    ['index.docker.io/someone', 'index.docker.io/someone/tool', false],
    ['registry-1.docker.io', 'someone/tool', false],
    ['*.docker.io', 'busybox', false],
    ['*.io', 'busybox', true],
  ]),
  {
    id: 'a docker.io entry matches, so the Hub fallback is not used',
    upstream: 'TestKeyringHitWithUnqualifiedDockerHub',
    image: 'someone/tool',
    secrets: [configJson({ [HUB]: login('indexed'), 'docker.io': login('direct') })],
    expect: ['direct'],
  },
  {
    id: 'the Hub fallback brings every entry under index.docker.io, from every secret',
    upstream: 'TestKeyringHitWithUnqualifiedDockerHub',
    image: 'busybox',
    secrets: [configJson({ [HUB]: login('first') }), dockercfg({ 'index.docker.io': login('second') }), configJson({ 'quay.example': login('other') })],
    expect: ['first', 'second'],
  },
  // TestDockerKeyringLookup: every match, most specific path first; path prefixes are string prefixes
  ...(['bar.reg.example/pong:1', 'bar.reg.example/pongz', 'bar.reg.example/pong/pang', 'bar.reg.example/ping', 'reg.example/app', 'foo.reg.example/app'].map((image) => ({
    id: `path keys for ${image}`,
    upstream: 'TestDockerKeyringLookup',
    image,
    secrets: [configJson({ 'bar.reg.example/pong': fields('grace'), 'bar.reg.example': fields('ada') })],
    expect: image.startsWith('bar.reg.example/pong') ? ['grace', 'ada'] : image.startsWith('bar.') ? ['ada'] : [],
  })) satisfies KubeletUpstreamCase[]),
  // TestIssue3797: a key with a scheme and /v1/ matches the whole host
  ...single('TestIssue3797', [
    ['https://quay.example/v1/', 'quay.example/foo', true],
    ['https://quay.example/v1/', 'quay.example/foo/bar:3', true],
  ]),
  {
    id: 'the keyring is tried in reverse string order, not by specificity',
    upstream: 'TestDockerKeyringLookup',
    image: 'reg.example/app/sub/tool',
    secrets: [configJson({ '*.example/app/sub': login('deeper'), 'reg.example/app': login('shallow'), 'reg.example': login('host'), 'r*.example': login('glob') })],
    expect: ['shallow', 'host', 'glob', 'deeper'],
  },
  {
    id: 'a trailing slash on a path key',
    upstream: 'TestDockerKeyringLookup',
    image: 'reg.example/team/app',
    secrets: [configJson({ 'reg.example/team/': login('slash'), 'reg.example/': login('root') })],
    expect: ['slash', 'root'],
  },
  {
    id: 'a trailing slash keeps a path key from matching a longer segment',
    upstream: 'TestDockerKeyringLookup',
    image: 'reg.example/teamster/app',
    secrets: [configJson({ 'reg.example/team/': login('slash'), 'reg.example/team': login('bare') })],
    expect: ['bare'],
  },
  // filepath.Match globs per label, but url.Parse reads `?` as the start of a query and `[` as
  // an IPv6 literal (refused, the entry is skipped): in a host only `*` works
  ...single('URLsMatch (filepath.Match per label)', [
    ['reg?.example', 'reg1.example/app', false],
    ['reg[0-9].example', 'reg7.example/app', false],
    ['reg[^0-9].example', 'regx.example/app', false],
    ['reg[!0-9].example', 'regx.example/app', false],
    ['reg[].example', 'reg.example/app', false],
    ['reg\\.example', 'reg.example/app', false],
    ['*', 'localhost/app', true],
    ['*', 'reg.example/app', false],
    ['*.*', 'reg.example/app', true],
    ['*.*', 'busybox', true],
    ['*:5000', 'localhost:5000/app', true],
    ['*', 'localhost:5000/app', false],
  ]),
  // Add: ports, user info, upper case, keys url.Parse refuses (skipped)
  ...single('BasicDockerKeyring.Add', [
    ['reg.example:5000', `reg.example:5000/team/app@${DIGEST}`, true],
    ['reg.example', `reg.example:5000/team/app@${DIGEST}`, false],
    ['reg.example', 'reg.example:443/app', false],
    ['https://reg.example:443', 'reg.example:443/app', true],
    ['https://robot@reg.example', 'reg.example/app', true],
    ['REG.example', 'reg.example/app', false],
    ['reg.example', 'Reg.Example/app', false],
    ['reg.example?scope=x', 'reg.example/app', true],
    ['reg.example#frag', 'reg.example/app', true],
    ['reg.example:', 'reg.example/app', true],
    ['reg.example:05000', 'reg.example:5000/app', false],
    // brackets: only an IPv6 address, and without a port the brackets stay in the label compared
    ['[reg.example]', 'reg.example/app', false],
    ['[::1]:5000', '[::1]:5000/app', true],
    ['[::1]', '[::1]/app', false],
    ['[127.0.0.1]:5000', '127.0.0.1:5000/app', false],
    ['reg.example:80:5000', 'reg.example:5000/app', false],
    // the path is compared unescaped
    ['reg.example/te%61m', 'reg.example/team/app', true],
    ['https://reg.example/v2/te%61m/', 'reg.example/team/app', true],
  ]),
  {
    id: 'keys url.Parse refuses are skipped, the others still match',
    upstream: 'BasicDockerKeyring.Add',
    image: 'reg.example/app',
    secrets: [configJson({ 'reg.example:port': login('badport'), 'reg example': login('space'), 'reg.example': login('good') })],
    expect: ['good'],
  },
  // TestDockerConfigEntryJSONDecode, TestDecodeDockerConfigFieldAuth: entry fields and `auth`
  {
    id: 'username and password fields, with an email',
    upstream: 'TestDockerConfigEntryJSONDecode',
    image: 'reg.example/app',
    secrets: [configJson({ 'reg.example': { ...fields('plain'), email: 'plain@example.com' } })],
    expect: ['plain'],
  },
  {
    id: 'the auth field, with an email',
    upstream: 'TestDockerConfigEntryJSONDecode',
    image: 'reg.example/app',
    secrets: [configJson({ 'reg.example': { ...login('encoded'), email: 'encoded@example.com' } })],
    expect: ['encoded'],
  },
  {
    id: 'auth overrides username and password',
    upstream: 'TestDockerConfigEntryJSONDecode',
    image: 'reg.example/app',
    secrets: [configJson({ 'reg.example': { ...fields('fielded'), ...login('winner') } })],
    expect: ['winner'],
  },
  {
    id: 'auth that is not base64 fails every pull secret',
    upstream: 'TestDockerConfigEntryJSONDecode',
    image: 'reg.example/app',
    secrets: [configJson({ 'reg.example': { auth: 'trousers', email: 'x@example.com' } })],
    expect: 'error',
  },
  {
    id: 'an email that is not a string fails the secret',
    upstream: 'TestDockerConfigEntryJSONDecode',
    image: 'reg.example/app',
    secrets: [configJson({ 'reg.example': { ...fields('typed'), email: false } })],
    expect: 'error',
  },
  {
    id: 'a username that is a number fails a .dockercfg secret',
    upstream: 'TestDockerConfigEntryJSONDecode',
    image: 'reg.example/app',
    secrets: [dockercfg({ 'reg.example': { username: 7, password: 'x' } })],
    expect: 'error',
  },
  {
    id: 'an email-only entry matches with no credentials',
    upstream: 'TestDockerConfigEntryJSONDecode',
    image: 'reg.example/team/app',
    secrets: [configJson({ 'reg.example/team': { email: 'only@example.com' }, 'reg.example': login('after') })],
    expect: ['', 'after'],
  },
  ...(
    [
      ['padded', b64('padme:pw1')],
      ['unpadded', b64('raw:pw12').replace(/=+$/, '')],
      ['with newlines', `${b64('lines:pw1').slice(0, 6)}\n${b64('lines:pw1').slice(6)}\n`],
      ['unpadded with a newline', `${b64('rawline:pw12').replace(/=+$/, '')}\n`],
      ['with CR LF', `${b64('crlf:pw1').slice(0, 8)}\r\n${b64('crlf:pw1').slice(8)}`],
      ['an empty password', b64('nopass:')],
      ['an empty user', b64(':lonely')],
      ['a colon in the password', b64('colon:pa:ss')],
    ] as Array<[string, string]>
  ).map(([what, auth]) => ({
    id: `auth ${what}`,
    upstream: 'TestDecodeDockerConfigFieldAuth',
    image: 'reg.example/app',
    secrets: [configJson({ 'reg.example': { auth } })],
    expect: [Buffer.from(auth.replace(/\s/g, ''), 'base64').toString('utf8').split(':')[0] ?? ''],
  })),
  ...(
    [
      ['without a colon', b64('nocolonhere')],
      ['padded, then a space', `${b64('padme:pw1')} `],
      ['not base64', 'pa$$word'],
      ['padding in the middle', `${b64('ab:c')}${b64('de:f')}`],
      ['padded but cut short', b64('short:pw').slice(0, -2).concat('=')],
    ] as Array<[string, string]>
  ).map(([what, auth]) => ({
    id: `auth ${what} fails the pull`,
    upstream: 'TestDecodeDockerConfigFieldAuth',
    image: 'reg.example/app',
    secrets: [configJson({ 'reg.example': { auth } })],
    expect: 'error' as const,
  })),
  // TestDockerConfigJsonJSONDecode, TestDockerConfigJSONDecode, TestRead…FromBytes: both shapes
  {
    id: 'two entries in .dockerconfigjson',
    upstream: 'TestDockerConfigJsonJSONDecode',
    image: 'two.reg.example/app',
    secrets: [configJson({ 'http://one.reg.example': fields('one'), 'http://two.reg.example': fields('two') })],
    expect: ['two'],
  },
  {
    id: 'two entries in .dockercfg',
    upstream: 'TestDockerConfigJSONDecode',
    image: 'one.reg.example/app',
    secrets: [dockercfg({ 'http://one.reg.example': fields('one'), 'http://two.reg.example': fields('two') })],
    expect: ['one'],
  },
  {
    id: 'cut-off .dockercfg fails the pull',
    upstream: 'TestReadDockerConfigFileFromBytes',
    image: 'reg.example/app',
    secrets: [rawSecret(DOCKERCFG, '.dockercfg', '{"reg.example":{"username":"cut","password":"x"')],
    expect: 'error',
  },
  {
    id: 'cut-off .dockerconfigjson fails the pull',
    upstream: 'TestReadDockerConfigJSONFileFromBytes',
    image: 'reg.example/app',
    secrets: [rawSecret(DOCKERCONFIGJSON, '.dockerconfigjson', '{"auths":{"reg.example":{"username":"cut","password":"x"}}')],
    expect: 'error',
  },
  {
    id: 'a stray character in .dockerconfigjson fails the pull',
    upstream: 'TestReadDockerConfigJSONFileFromBytes',
    image: 'reg.example/app',
    secrets: [rawSecret(DOCKERCONFIGJSON, '.dockerconfigjson', '{"auths":{"reg.example":{"username":"x","password":"y"}},}')],
    expect: 'error',
  },
  {
    id: '"Auths" in another case is still the auths field',
    upstream: 'TestDockerConfigJsonJSONDecode',
    image: 'reg.example/app',
    secrets: [rawSecret(DOCKERCONFIGJSON, '.dockerconfigjson', `{"AUTHS":{"reg.example":{"Username":"shouty","PASSWORD":"pw"}}}`)],
    expect: ['shouty'],
  },
  {
    id: 'a key given twice: the later entry wins',
    upstream: 'TestDockerConfigJsonJSONDecode',
    image: 'reg.example/app',
    secrets: [rawSecret(DOCKERCONFIGJSON, '.dockerconfigjson', `{"auths":{"reg.example":${JSON.stringify(login('earlier'))},"reg.example":${JSON.stringify(login('later'))}}}`)],
    expect: ['later'],
  },
  {
    id: 'identitytoken and HttpHeaders are ignored: the entry matches with no credentials',
    upstream: 'TestDockerConfigJsonJSONDecode',
    image: 'reg.example/app',
    secrets: [rawSecret(DOCKERCONFIGJSON, '.dockerconfigjson', `{"auths":{"reg.example":{"identitytoken":"tok"},"other.example":${JSON.stringify(login('other'))}},"HttpHeaders":{"X-Team":"a"}}`)],
    expect: [''],
  },
  {
    id: '.dockercfg content under the .dockerconfigjson type gives nothing',
    upstream: 'TestDockerConfigJsonJSONDecode',
    image: 'reg.example/app',
    secrets: [rawSecret(DOCKERCONFIGJSON, '.dockerconfigjson', JSON.stringify({ 'reg.example': login('wrongshape') }))],
    expect: [],
  },
  {
    id: '.dockerconfigjson content under the .dockercfg type gives nothing',
    upstream: 'TestDockerConfigJSONDecode',
    image: 'reg.example/app',
    secrets: [rawSecret(DOCKERCFG, '.dockercfg', JSON.stringify({ auths: { 'reg.example': login('wrongshape') } }))],
    expect: [],
  },
  {
    id: 'a JSON array as .dockerconfigjson fails the pull',
    upstream: 'TestReadDockerConfigJSONFileFromBytes',
    image: 'reg.example/app',
    secrets: [rawSecret(DOCKERCONFIGJSON, '.dockerconfigjson', '[]')],
    expect: 'error',
  },
  {
    id: 'null auths give nothing',
    upstream: 'TestReadDockerConfigJSONFileFromBytes',
    image: 'reg.example/app',
    secrets: [rawSecret(DOCKERCONFIGJSON, '.dockerconfigjson', '{"auths":null}')],
    expect: [],
  },
  // Test_MakeDockerKeyring: how pull secrets are chosen and combined
  {
    id: '.dockerconfigjson secret with auth',
    upstream: 'Test_MakeDockerKeyring',
    image: 'test.reg.example/app',
    secrets: [configJson({ 'test.reg.example': login('user') })],
    expect: ['user'],
  },
  {
    id: '.dockercfg secret with username and password',
    upstream: 'Test_MakeDockerKeyring',
    image: 'test.reg.example/app',
    secrets: [dockercfg({ 'test.reg.example': fields('user') })],
    expect: ['user'],
  },
  {
    id: '.dockerconfigjson data in a secret of the .dockercfg type is not read',
    upstream: 'Test_MakeDockerKeyring',
    image: 'test.reg.example/app',
    secrets: [{ type: DOCKERCFG, data: { '.dockerconfigjson': JSON.stringify({ auths: { 'test.reg.example': login('mistyped') } }) } }],
    expect: [],
  },
  {
    id: '.dockercfg data in a secret of the .dockerconfigjson type is not read',
    upstream: 'Test_MakeDockerKeyring',
    image: 'test.reg.example/app',
    secrets: [{ type: DOCKERCONFIGJSON, data: { '.dockercfg': JSON.stringify({ 'test.reg.example': login('mistyped') }) } }],
    expect: [],
  },
  {
    id: 'a secret that does not match leaves the pull without credentials',
    upstream: 'Test_MakeDockerKeyring',
    image: 'test.reg.example/app',
    secrets: [configJson({ 'other.reg.example': login('user') })],
    expect: [],
  },
  {
    id: 'no pull secrets',
    upstream: 'Test_MakeDockerKeyring',
    image: 'test.reg.example/app',
    secrets: [],
    expect: [],
  },
  // images the parser refuses: the pod fails before any secret is read (the API server refuses
  // an empty image and one with leading or trailing white space, so no pod has them)
  ...(['reg.example/Team/App', 'reg.example/a..b', `reg.example/app@sha256:${'4e'.repeat(8)}`, 'reg.example/äpp', 'reg.example/ap\tp', 'reg.example/"app"'].map((image) => ({
    id: `the image ${JSON.stringify(image)} is refused`,
    upstream: 'parsers.ParseImageName',
    image,
    secrets: [configJson({ 'reg.example': login('unused') })],
    expect: 'error' as const,
  }))),
  // pods
  {
    id: 'one registry in two secrets: both, in the order the pod lists them',
    upstream: 'pods',
    image: 'reg.example/team/app:1',
    secrets: [configJson({ 'reg.example': login('first') }), configJson({ 'reg.example': login('second') })],
    expect: ['first', 'second'],
  },
  {
    id: 'one registry in two secrets under different spellings',
    upstream: 'pods',
    image: 'reg.example/team/app',
    secrets: [configJson({ 'https://reg.example/v2/': login('first') }), dockercfg({ 'reg.example': login('second') })],
    expect: ['first', 'second'],
  },
  {
    id: 'a path key in the second secret comes before a host key in the first',
    upstream: 'pods',
    image: 'reg.example/team/app',
    secrets: [configJson({ 'reg.example': login('host') }), configJson({ 'reg.example/team': login('team') })],
    expect: ['team', 'host'],
  },
  {
    id: 'one spelling twice in one secret, same credentials',
    upstream: 'pods',
    image: 'reg.example/app',
    secrets: [configJson({ 'https://reg.example': login('same'), 'reg.example': login('same') })],
    expect: ['same', 'same'],
  },
  {
    id: 'a bad second secret fails the pull although the first matches',
    upstream: 'pods',
    image: 'reg.example/app',
    secrets: [configJson({ 'reg.example': login('good') }), configJson({ 'other.example': { auth: 'not base64!' } })],
    expect: 'error',
  },
  {
    id: 'broken JSON in a secret of another type is not read',
    upstream: 'pods',
    image: 'reg.example/app',
    secrets: [rawSecret('Opaque', '.dockerconfigjson', '{broken'), configJson({ 'reg.example': login('good') })],
    expect: ['good'],
  },
  {
    id: 'an empty .dockerconfigjson is skipped',
    upstream: 'pods',
    image: 'reg.example/app',
    secrets: [rawSecret(DOCKERCONFIGJSON, '.dockerconfigjson', ''), dockercfg({ 'reg.example': login('cfg') })],
    expect: ['cfg'],
  },
  {
    id: 'Hub keys spelled three ways across secrets',
    upstream: 'pods',
    image: `library/busybox@${DIGEST}`,
    secrets: [configJson({ [HUB]: login('index') }), configJson({ 'docker.io': login('short') }), configJson({ 'https://registry-1.docker.io/v2/': login('endpoint') })],
    expect: ['short'],
  },
  {
    id: 'a port and a digest in the image, keys with and without the port',
    upstream: 'pods',
    image: `reg.example:5000/team/app:1@${DIGEST}`,
    secrets: [configJson({ 'reg.example': login('noport'), 'reg.example:5000/team': login('team'), 'https://reg.example:5000/v2/': login('port') })],
    expect: ['team', 'port'],
  },
];
