/**
 * skopeo inspect runs with --no-tags: the tag list is asked of the registry the user named, never
 * of a mirror (checked: without it, other.example.com also saw the registry's user).
 *
 * The route regauth predicts against the real skopeo 1.9.3 and podman 4.3.1 of Debian 12
 * (containers/image 5.23) on the testbed registries: which registry saw which user for mirrors and
 * rewritten prefixes, which candidates podman tries for a short name, and the short-name errors
 * without a terminal. The registries need credentials (htpasswd): an endpoint sent nothing answers
 * 401 and the client moves on to the next one; the first one sent a user succeeds.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeRouting, routeContainers } from '../../src/clients/containers-route.js';
import { containersFeatures, containersVersionArgument } from '../../src/clients/containers-versions.js';
import { readRegistriesConf } from '../../src/config/registries-conf.js';
import type { Resolution, RouteReport } from '../../src/clients/model.js';
import { resolveAll, targetOfText } from '../../src/resolve/resolve.js';
import { checkRouting } from '../../src/doctor/checks/routing.js';
import type { Facts } from '../../src/doctor/facts.js';
import type { RegistryName } from '../testbed/descriptor.js';
import { run } from '../testbed/process.js';
import { basicAuthField, loadTestbed } from '../testbed/testbed.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const testbed = loadTestbed();
const runRoots: string[] = [];
after(async () => {
  for (const dir of runRoots) rmSync(dir, { recursive: true, force: true });
  await testbed.close();
});
const DEBIAN = containersVersionArgument('5.23');

interface Setup {
  home: string;
  env: NodeJS.ProcessEnv;
}

/** A home with ~/.config/containers/registries.conf (read by skopeo, podman and regauth alike) and an auth file. */
function setUp(name: string, registriesConf: string, auths: Record<string, string>): Setup {
  const home = testbed.tempDir(name);
  mkdirSync(join(home, '.config/containers'), { recursive: true });
  writeFileSync(join(home, '.config/containers/registries.conf'), registriesConf);
  const authFile = join(home, 'auth.json');
  writeFileSync(authFile, JSON.stringify({ auths: Object.fromEntries(Object.entries(auths).map(([key, user]) => [key, { auth: basicAuthField(testbed.user(user)) }])) }));
  return { home, env: testbed.env({ HOME: home, REGISTRY_AUTH_FILE: authFile, XDG_RUNTIME_DIR: join(home, 'run'), XDG_CONFIG_HOME: undefined }) };
}

async function regauthRoute(image: string, setup: Setup, tool: 'podman' | 'skopeo'): Promise<Resolution & { route: RouteReport }> {
  const [resolution] = await resolveAll(targetOfText(image), { clients: ['podman'], env: setup.env, containersTool: tool, containersRelease: DEBIAN });
  assert.ok(resolution?.route !== undefined, `regauth gave no route for ${image}`);
  return resolution as Resolution & { route: RouteReport };
}

/** Just enough facts for the routing check: one probe with podman's outcome. */
function factsWith(resolution: Resolution & { route: RouteReport }): Facts {
  const outcome = { client: 'podman', route: resolution.route };
  return { clients: { probes: [{ image: resolution.route.image, registry: resolution.registry, why: 'test', outcomes: [outcome] }] }, daemon: null } as unknown as Facts;
}

const REGISTRY_OF: Record<string, RegistryName> = { 'myreg.example.com': 'myreg', 'other.example.com': 'other' };

/** Endpoints are tried in order; one sent nothing answers 401, the first sent a user serves the image. */
function predictedUsers(route: RouteReport): Record<string, string[]> {
  const seen: Record<string, string[]> = { myreg: [], other: [] };
  for (const endpoint of route.endpoints) {
    const registry = REGISTRY_OF[endpoint.registry];
    assert.ok(registry !== undefined, `unexpected endpoint ${endpoint.registry}`);
    if (endpoint.sends === 'credentials' && endpoint.username !== null) {
      seen[registry] = [...new Set([...(seen[registry] ?? []), endpoint.username])].sort();
      break;
    }
  }
  return seen;
}

async function observed(fn: () => Promise<{ code: number | null; stderr: string }>): Promise<{ users: Record<string, string[]>; code: number | null; stderr: string }> {
  const outer = await testbed.usersSeen('myreg', () => testbed.usersSeen('other', fn));
  return { users: { myreg: outer.users, other: outer.result.users }, code: outer.result.result.code, stderr: outer.result.result.stderr };
}

const MIRRORED = '[[registry]]\nlocation = "other.example.com"\n\n[[registry.mirror]]\nlocation = "myreg.example.com"\n';

const SKOPEO_CASES: Array<{ id: string; conf: string; auths: Record<string, string>; image: string }> = [
  // the mirror is sent the credentials stored for its own name, not the registry's
  { id: 'mirror-own-credentials', conf: MIRRORED, auths: { 'myreg.example.com': 'carol', 'other.example.com': 'bob' }, image: 'other.example.com/app' },
  // nothing stored for the mirror: it is asked anonymously, refuses, and the registry serves with its own user
  { id: 'mirror-without-credentials', conf: MIRRORED, auths: { 'other.example.com': 'bob' }, image: 'other.example.com/app' },
  // the lookup key is the rewritten name: "myreg.example.com/team" wins over "example.com"
  { id: 'prefix-rewrite', conf: '[[registry]]\nprefix = "example.com/foo"\nlocation = "myreg.example.com/team"\n', auths: { 'myreg.example.com/team': 'dave', 'example.com': 'erin', 'myreg.example.com': 'frank' }, image: 'example.com/foo/app' },
  // a tag pull skips a digest-only mirror
  { id: 'mirror-digest-only', conf: MIRRORED.replace('location = "myreg.example.com"\n', 'location = "myreg.example.com"\npull-from-mirror = "digest-only"\n'), auths: { 'myreg.example.com': 'carol', 'other.example.com': 'bob' }, image: 'other.example.com/app' },
];

test('skopeo 1.9.3: each endpoint of the route is sent the user regauth names for it', async () => {
  let compared = 0;
  for (const testCase of SKOPEO_CASES) {
    const setup = setUp(testCase.id, testCase.conf, testCase.auths);
    const resolution = await regauthRoute(testCase.image, setup, 'skopeo');
    const seen = await observed(() => run('skopeo', ['inspect', '--no-tags', '--retry-times', '0', `docker://${testCase.image}`], { env: setup.env, timeoutMs: 60_000 }));
    assert.equal(seen.code, 0, `${testCase.id}: skopeo failed: ${seen.stderr}`);
    assert.deepEqual(seen.users, predictedUsers(resolution.route), `${testCase.id}: registries saw ${JSON.stringify(seen.users)}; route ${JSON.stringify(resolution.route.endpoints)}`);
    compared += 1;
  }
  assert.equal(compared, SKOPEO_CASES.length);
});

test('the mirror-without-credentials advice, run as given, makes skopeo send the mirror its own user', async () => {
  const setup = setUp('mirror-advice', MIRRORED, { 'other.example.com': 'bob' });
  const before = await regauthRoute('other.example.com/app', setup, 'skopeo');
  const advice = checkRouting(factsWith(before)).find((item) => item.id === 'mirror-without-credentials')?.detail ?? '';
  const login = /podman login (\S+?)\.?$/.exec(advice);
  assert.ok(login !== null, advice);
  const carol = testbed.user('carol');
  const loggedIn = await run('podman', ['login', '-u', carol.name, '--password-stdin', login[1] ?? ''], { env: setup.env, input: carol.password, timeoutMs: 60_000 });
  assert.equal(loggedIn.code, 0, loggedIn.stderr);
  const after = await regauthRoute('other.example.com/app', setup, 'skopeo');
  assert.equal(checkRouting(factsWith(after)).filter((item) => item.id === 'mirror-without-credentials').length, 0);
  const seen = await observed(() => run('skopeo', ['inspect', '--no-tags', '--retry-times', '0', 'docker://other.example.com/app'], { env: setup.env, timeoutMs: 60_000 }));
  assert.equal(seen.code, 0, seen.stderr);
  assert.deepEqual(seen.users, { myreg: ['carol'], other: [] });
  assert.deepEqual(seen.users, predictedUsers(after.route));
});

function podmanArgs(home: string, image: string): string[] {
  // podman refuses a run root longer than 50 characters
  const runRoot = mkdtempSync('/tmp/regauth-rr-');
  runRoots.push(runRoot);
  return ['--root', join(home, 'storage'), '--runroot', runRoot, '--storage-driver', 'vfs', 'pull', image];
}

/** podman without a terminal (stdin and stdout are pipes here). */
async function podmanPull(setup: Setup, image: string): Promise<{ users: Record<string, string[]>; code: number | null; stderr: string }> {
  return observed(() => run('podman', podmanArgs(setup.home, image), { env: setup.env, timeoutMs: 120_000 }));
}

const SEARCH = 'unqualified-search-registries = ["myreg.example.com", "other.example.com"]\n';

test('podman 4.3.1: the short-name candidates and errors regauth predicts, and who is sent what', async () => {
  // permissive without a terminal: every candidate in order; the first with credentials serves
  {
    const setup = setUp('short-permissive', SEARCH, { 'other.example.com': 'bob' });
    const resolution = await regauthRoute('app', setup, 'podman');
    const seen = await podmanPull(setup, 'app');
    assert.equal(seen.code, 0, seen.stderr);
    const tried = [...seen.stderr.matchAll(/Trying to pull (\S+)\.\.\./g)].map((match) => match[1]);
    assert.deepEqual(tried, [...new Set(resolution.route.endpoints.map((endpoint) => endpoint.image))]);
    assert.deepEqual(seen.users, predictedUsers(resolution.route));
    assert.equal(resolution.route.shortName?.mode, 'permissive');
  }
  // enforcing without a terminal: podman stops before any request
  {
    const setup = setUp('short-enforcing', `${SEARCH}short-name-mode = "enforcing"\n`, { 'other.example.com': 'bob' });
    const resolution = await regauthRoute('app', setup, 'podman');
    const seen = await podmanPull(setup, 'app');
    assert.notEqual(seen.code, 0);
    assert.equal(resolution.route.error?.code, 'short-name-no-tty');
    assert.match(seen.stderr, new RegExp(`Error: ${resolution.route.error.message}`));
    assert.deepEqual(seen.users, { myreg: [], other: [] });
  }
  // no search registries (Debian's default registries.conf sets none): podman refuses the short name
  {
    const setup = setUp('short-no-search', '# nothing set, as in Debian\'s registries.conf\n', { 'other.example.com': 'bob' });
    const resolution = await regauthRoute('app', setup, 'podman');
    const seen = await podmanPull(setup, 'app');
    assert.notEqual(seen.code, 0);
    assert.equal(resolution.route.error?.code, 'short-name-no-search-registries');
    assert.ok(seen.stderr.includes(`Error: ${resolution.route.error.message}`), `${seen.stderr}\nregauth: ${resolution.route.error.message}`);
  }
  // the advice regauth gives for both errors (doctor's short-name findings): an alias at the end
  // of the registries.conf that set the search list picks the registry
  {
    const setup = setUp('short-alias', `${SEARCH}short-name-mode = "enforcing"\n`, { 'other.example.com': 'bob', 'myreg.example.com': 'carol' });
    const before = await regauthRoute('app', setup, 'podman');
    const findings = checkRouting(factsWith(before));
    const advice = findings.find((item) => item.id === 'short-name-no-tty')?.detail ?? '';
    const alias = /at the end of (\S+): (\[aliases\] "app" = "REGISTRY\/app")/.exec(advice);
    assert.ok(alias !== null, advice);
    assert.equal(alias[1], join(setup.home, '.config/containers/registries.conf'));
    appendFileSync(alias[1] ?? '', `${(alias[2] ?? '').replace('REGISTRY', 'other.example.com').replace('] ', ']\n')}\n`);
    const resolution = await regauthRoute('app', setup, 'podman');
    const seen = await podmanPull(setup, 'app');
    assert.equal(seen.code, 0, seen.stderr);
    assert.ok(seen.stderr.includes(resolution.route.shortName?.description ?? '(none)'), seen.stderr);
    assert.deepEqual(seen.users, predictedUsers(resolution.route));
    assert.deepEqual(seen.users, { myreg: [], other: ['bob'] });
  }
});

/**
 * A registries.conf in the version-1 format, which Debian's skopeo and podman (containers/image
 * 5.23) still convert: [registries.search] is the search list, [registries.block] a blocked
 * [[registry]]; a drop-in in that format and a file mixing both formats are refused.
 */
const V1 = '[registries.search]\nregistries = ["myreg.example.com", "other.example.com"]\n\n[registries.block]\nregistries = ["other.example.com"]\n';

test('skopeo 1.9.3 and podman 4.3.1 read a version-1 registries.conf the way regauth predicts', async () => {
  // a blocked registry: skopeo refuses before any request, as the route says
  {
    const setup = setUp('v1-blocked', V1, { 'other.example.com': 'bob' });
    const resolution = await regauthRoute('other.example.com/app', setup, 'skopeo');
    assert.equal(resolution.route.error, null);
    assert.deepEqual(resolution.route.endpoints.map((endpoint) => [endpoint.reference, endpoint.blocked]), [['other.example.com/app:latest', true]]);
    const seen = await observed(() => run('skopeo', ['inspect', '--no-tags', '--retry-times', '0', 'docker://other.example.com/app'], { env: setup.env, timeoutMs: 60_000 }));
    assert.notEqual(seen.code, 0);
    assert.match(seen.stderr, /registry other\.example\.com is blocked in/);
    assert.deepEqual(seen.users, { myreg: [], other: [] });
  }
  // the search list: podman tries the candidates in the order regauth gives; the blocked one is refused
  {
    const setup = setUp('v1-search', V1, { 'myreg.example.com': 'carol', 'other.example.com': 'bob' });
    const resolution = await regauthRoute('app', setup, 'podman');
    assert.equal(resolution.route.shortName?.via, 'search');
    const seen = await podmanPull(setup, 'app');
    assert.equal(seen.code, 0, seen.stderr);
    const tried = [...seen.stderr.matchAll(/Trying to pull (\S+)\.\.\./g)].map((match) => match[1]);
    assert.deepEqual(tried, [resolution.route.endpoints[0]?.image]);
    assert.deepEqual(seen.users, predictedUsers(resolution.route));
    assert.deepEqual(seen.users, { myreg: ['carol'], other: [] });
    assert.ok(resolution.trace.some((step) => step.step === 'route.v1'), 'the trace names the version-1 file');
  }
  // refused files: the message podman and skopeo print is the one regauth gives, and nothing is contacted
  const refused: Array<{ id: string; conf: string; dropIn?: string }> = [
    { id: 'v1-mixed', conf: `unqualified-search-registries = ["myreg.example.com"]\n${V1}` },
    { id: 'v1-drop-in', conf: 'unqualified-search-registries = ["myreg.example.com"]\n', dropIn: '[registries.insecure]\nregistries = ["myreg.example.com"]\n' },
    { id: 'v1-bad-location', conf: '[registries.insecure]\nregistries = ["https://myreg.example.com"]\n' },
  ];
  for (const testCase of refused) {
    const setup = setUp(testCase.id, testCase.conf, { 'myreg.example.com': 'carol' });
    if (testCase.dropIn !== undefined) {
      mkdirSync(join(setup.home, '.config/containers/registries.conf.d'), { recursive: true });
      writeFileSync(join(setup.home, '.config/containers/registries.conf.d/50-old.conf'), testCase.dropIn);
    }
    for (const tool of ['podman', 'skopeo'] as const) {
      const resolution = await regauthRoute('myreg.example.com/app', setup, tool);
      assert.equal(resolution.route.error?.code, 'config', `${testCase.id}: ${JSON.stringify(resolution.route.error)}`);
      const args = tool === 'podman' ? podmanArgs(setup.home, 'myreg.example.com/app') : ['inspect', '--no-tags', '--retry-times', '0', 'docker://myreg.example.com/app'];
      const seen = await observed(() => run(tool, args, { env: setup.env, timeoutMs: 120_000 }));
      assert.notEqual(seen.code, 0, `${testCase.id} ${tool}: ${seen.stderr}`);
      // skopeo prints through logrus, which escapes the quotes
      assert.ok(seen.stderr.replaceAll('\\"', '"').includes(resolution.route.error.message), `${testCase.id} ${tool}: ${seen.stderr}\nregauth: ${resolution.route.error.message}`);
      assert.deepEqual(seen.users, { myreg: [], other: [] });
      // the credential lookup goes through the same load and fails the same way
      assert.equal(resolution.error, resolution.route.error.message);
      if (tool === 'podman') {
        const login = await run('podman', ['login', '--get-login', 'myreg.example.com'], { env: setup.env, timeoutMs: 60_000 });
        assert.notEqual(login.code, 0, `${testCase.id}: podman login --get-login: ${login.stdout}`);
        assert.ok(login.stderr.includes(resolution.error), `${testCase.id}: ${login.stderr}\nregauth: ${resolution.error}`);
      }
    }
  }
});

test('a short name with no search registries: podman 4.3.1 stops before any request, skopeo 1.9.3 reads it as docker.io and sends what resolve names', async () => {
  const setup = setUp('short-no-search-skopeo', '# nothing set, as in Debian\'s registries.conf\n', { 'docker.io': 'alice', 'other.example.com': 'bob' });
  const resolution = await regauthRoute('alice/app', setup, 'podman');
  assert.equal(resolution.route.error?.code, 'short-name-no-search-registries');
  assert.equal(resolution.username, 'alice');
  const podman = await testbed.usersSeen('hub', () => podmanPull(setup, 'alice/app'));
  assert.notEqual(podman.result.code, 0);
  assert.deepEqual([podman.users, podman.result.users], [[], { myreg: [], other: [] }], 'podman contacts nothing');
  const skopeo = await testbed.usersSeen('hub', () => run('skopeo', ['inspect', '--no-tags', '--retry-times', '0', 'docker://alice/app'], { env: setup.env, timeoutMs: 60_000 }));
  assert.equal(skopeo.result.code, 0, skopeo.result.stderr);
  assert.deepEqual(skopeo.users, ['alice']);
  const shown = await run(process.execPath, [join(ROOT, 'bin', 'regauth.js'), 'resolve', 'alice/app', '--client', 'podman', '--containers-version', '5.23'], { env: setup.env, timeoutMs: 30_000 });
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /podman {2}skopeo sends user "alice" \(password\) from \S+ key "docker\.io"\n\s+→ podman and buildah stop: short-name "alice\/app" did not resolve/);
});

/**
 * A name with both a tag and a digest never reaches pkg/shortnames as it is: podman (libimage)
 * drops the tag and pulls by the digest alone, skopeo's docker:// transport refuses the name.
 * And podman reads the name with reference.Parse before anything else and prints its error
 * unwrapped (pkg/shortnames alone would say "cannot parse input: …", as its own tests check).
 */
test('podman 4.3.1 pulls a tagged and digested name by its digest, skopeo 1.9.3 refuses it, and bad names fail with the parser\'s own message', async () => {
  const digest = `sha256:${'7'.repeat(64)}`;
  // each podman run gets its own home: its storage is bound to the run root it was created with
  let runs = 0;
  const fresh = (): Setup => setUp(`tag-and-digest-${(runs += 1)}`, SEARCH, { 'other.example.com': 'bob' });
  for (const image of [`app:1@${digest}`, `other.example.com/app:1@${digest}`]) {
    const setup = fresh();
    const resolution = await regauthRoute(image, setup, 'podman');
    assert.equal(resolution.route.error, null, image);
    const expected = image.startsWith('app') ? [`myreg.example.com/app@${digest}`, `other.example.com/app@${digest}`] : [`other.example.com/app@${digest}`];
    assert.deepEqual([...new Set(resolution.route.endpoints.map((endpoint) => endpoint.image))], expected);
    const seen = await podmanPull(setup, image);
    assert.notEqual(seen.code, 0, 'no such manifest on the testbed registries');
    const tried = [...seen.stderr.matchAll(/Trying to pull (\S+)\.\.\./g)].map((match) => match[1]);
    assert.deepEqual(tried, expected, seen.stderr);
    const skopeoRoute = await regauthRoute(image, setup, 'skopeo');
    assert.equal(skopeoRoute.route.error?.code, 'reference');
    const skopeo = await observed(() => run('skopeo', ['inspect', '--no-tags', '--retry-times', '0', `docker://${image}`], { env: setup.env, timeoutMs: 60_000 }));
    assert.notEqual(skopeo.code, 0);
    assert.ok(skopeo.stderr.includes(skopeoRoute.route.error.message), `${skopeo.stderr}\nregauth: ${skopeoRoute.route.error.message}`);
    assert.deepEqual(skopeo.users, { myreg: [], other: [] });
  }
  for (const image of ['', '$$$', 'Fedora', 'Invalid#$', ' ']) {
    const setup = fresh();
    const config = mergeRouting([readRegistriesConf(join(setup.home, '.config/containers/registries.conf'), SEARCH)], containersFeatures(DEBIAN), { mainExists: true });
    const route = routeContainers({ image, tool: 'podman', operation: 'pull', config, features: containersFeatures(DEBIAN), tty: false });
    assert.equal(route.error?.code, 'reference', JSON.stringify(image));
    const seen = await podmanPull(setup, image);
    assert.notEqual(seen.code, 0);
    assert.ok(seen.stderr.includes(`Error: ${route.error.message}\n`), `${JSON.stringify(image)}: ${seen.stderr}\nregauth: ${route.error.message}`);
    assert.deepEqual(seen.users, { myreg: [], other: [] });
  }
});
