import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRegistriesConf } from '../config/registries-conf.js';
import { parseDaemonMirrors } from '../registry/daemon-config.js';
import { type RouteInputs, aliasValueProblem, findRule, isPlainAlias, matchPrefix, mergeRouting, routeContainers, shortNameProblem } from './containers-route.js';
import { containersFeatures } from './containers-versions.js';
import { dockerDaemonRoute } from './docker-route.js';
import { startResolution } from './model.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'src', 'clients', 'fixtures', 'routing');
const DEBIAN = containersFeatures({ major: 5, minor: 23, patch: 1 });
const NEWEST = containersFeatures({ major: 5, minor: 42, patch: 1 });

function view(path: string) {
  return readRegistriesConf(path, readFileSync(path, 'utf8'));
}

function route(paths: string[], image: string, extra: Partial<RouteInputs> = {}) {
  const features = extra.features ?? DEBIAN;
  const config = mergeRouting(paths.map(view), features, { mainExists: true });
  return routeContainers({ image, tool: 'podman', operation: 'pull', config, features, tty: false, ...extra });
}

const endpoints = (result: ReturnType<typeof route>) => result.candidates.flatMap((candidate) => candidate.sources.map((source) => `${source.role} ${source.reference} key=${source.name}${source.blocked ? ' blocked' : ''}`));

test("Debian's own registries.conf (no search list) and shortnames.conf: aliases resolve, other short names are refused", () => {
  const files = ['/etc/containers/registries.conf', '/etc/containers/registries.conf.d/shortnames.conf'];
  const aliased = route(files, 'alpine');
  assert.equal(aliased.error, null);
  assert.equal(aliased.shortName?.via, 'alias');
  assert.equal(aliased.shortName?.description, 'Resolved "alpine" as an alias (/etc/containers/registries.conf.d/shortnames.conf)');
  assert.deepEqual(endpoints(aliased), ['primary docker.io/library/alpine:latest key=docker.io/library/alpine']);
  const refused = route(files, 'app');
  assert.deepEqual(refused.error, {
    code: 'short-name-no-search-registries',
    message: 'short-name "app" did not resolve to an alias and no unqualified-search registries are defined in "/etc/containers/registries.conf"',
  });
  // skopeo reads the same name as a Docker Hub image
  assert.deepEqual(endpoints(route(files, 'app', { tool: 'skopeo' })), ['primary docker.io/library/app:latest key=docker.io/library/app']);
});

test('mirrors are tried first, each looked up under its own rewritten name; digest-only mirrors only for digests; a push goes to the registry', () => {
  const file = join(FIXTURES, 'mirrors.conf');
  assert.deepEqual(endpoints(route([file], 'docker.io/alice/app')), [
    'mirror hub-cache.example.com/dockerhub/alice/app:latest key=hub-cache.example.com/dockerhub/alice/app',
    'primary docker.io/alice/app:latest key=docker.io/alice/app',
  ]);
  const digest = `sha256:${'0'.repeat(64)}`;
  assert.equal(endpoints(route([file], `docker.io/alice/app@${digest}`)).length, 3);
  assert.deepEqual(endpoints(route([file], 'docker.io/alice/app', { operation: 'push' })), ['primary docker.io/alice/app:latest key=docker.io/alice/app']);
  const mirrorStep = route([file], 'docker.io/alice/app').trace.find((step) => step.step === 'route.mirror' && step.outcome === 'matched');
  assert.deepEqual([mirrorStep?.file, mirrorStep?.line], [file, 9]);
});

test('prefixes rewrite to their location; wildcards block subdomains; aliases and search lists for short names', () => {
  const file = join(FIXTURES, 'mirrors.conf');
  assert.deepEqual(endpoints(route([file], 'registry.example.com/legacy/web:2')), ['primary registry.example.com/apps/web:2 key=registry.example.com/apps/web']);
  assert.deepEqual(endpoints(route([file], 'a.untrusted.example.com/x')), ['primary a.untrusted.example.com/x:latest key=a.untrusted.example.com/x blocked']);
  assert.deepEqual(endpoints(route([file], 'tool')), ['primary registry.example.com/tools/tool:latest key=registry.example.com/tools/tool']);
  const searched = route([file], 'web');
  assert.equal(searched.shortName?.via, 'search');
  assert.deepEqual(endpoints(searched), [
    'primary registry.example.com/web:latest key=registry.example.com/web',
    'mirror hub-cache.example.com/dockerhub/library/web:latest key=hub-cache.example.com/dockerhub/library/web',
    'primary docker.io/library/web:latest key=docker.io/library/web',
  ]);
  // a drop-in turning on enforcing: without a terminal podman stops, in a terminal it asks
  const enforcing = [file, join(FIXTURES, 'enforcing.conf')];
  assert.equal(route(enforcing, 'web').error?.code, 'short-name-no-tty');
  const asked = route(enforcing, 'web', { tty: true });
  assert.equal(asked.error, null);
  assert.equal(asked.shortName?.prompts, true);
  assert.deepEqual(asked.shortName?.at, { file, line: 2 });
});

test('prefix matching as containers/image does it, including its port quirk', () => {
  assert.equal(matchPrefix('example.com:5000/app', 'example.com'), 'example.com'.length);
  assert.equal(matchPrefix('example.community/app', 'example.com'), -1);
  assert.equal(matchPrefix('a.b.example.com/app', '*.example.com'), 'a.b.example.com'.length);
  assert.equal(matchPrefix('example.com/app', '*.example.com'), -1);
  assert.equal(matchPrefix('evil.com/x.example.com', '*.example.com'), -1);
  const config = mergeRouting([view(join(FIXTURES, 'mirrors.conf'))], NEWEST, { mainExists: true });
  assert.equal(findRule(config, 'registry.example.com/legacy/x')?.prefix, 'registry.example.com/legacy');
  assert.equal(findRule(config, 'quay.io/x'), null);
});

test('a file containers/image refuses stops the route with the file named', () => {
  const broken = readRegistriesConf('/etc/x.conf', '[[registry]]\nlocation = "https://quay.io"\n');
  const config = mergeRouting([broken], DEBIAN, { mainExists: true });
  assert.equal(config.error, 'loading registries configuration "/etc/x.conf": invalid location \'https://quay.io\': URI schemes are not supported');
  const badType = readRegistriesConf('/etc/y.conf', '[[registry]]\nlocation = "quay.io"\ninsecure = "yes"\n');
  assert.match(badType.error?.message ?? '', /"insecure" must be a boolean/);
  assert.equal(badType.error?.pos.line, 3);
});

test('daemon.json registry-mirrors: Hub pulls only, each mirror offered the Hub account', () => {
  const path = join(FIXTURES, 'daemon.json');
  const mirrors = parseDaemonMirrors(readFileSync(path, 'utf8'), path);
  assert.deepEqual(mirrors.map((mirror) => [mirror.url, mirror.host, mirror.line]), [
    ['https://mirror.gcr.io', 'mirror.gcr.io', 4],
    ['https://hub-cache.example.com', 'hub-cache.example.com', 5],
  ]);
  const hub = { ...startResolution('docker', 'docker.io', []), username: 'alice', secretPresent: true, key: 'https://index.docker.io/v1/' };
  const pull = dockerDaemonRoute({ registry: 'docker.io', mirrors, operation: 'pull', resolution: hub }).report;
  assert.deepEqual(pull.endpoints.map((endpoint) => `${endpoint.role} ${endpoint.registry} ${endpoint.username}`), ['mirror mirror.gcr.io alice', 'mirror hub-cache.example.com alice', 'primary registry-1.docker.io alice']);
  assert.deepEqual(dockerDaemonRoute({ registry: 'docker.io', mirrors, operation: 'push', resolution: hub }).report.endpoints.map((endpoint) => endpoint.registry), ['registry-1.docker.io']);
  const other = dockerDaemonRoute({ registry: 'ghcr.io', mirrors, operation: 'pull', resolution: { ...hub, registry: 'ghcr.io' } });
  assert.deepEqual(other.report.endpoints.map((endpoint) => endpoint.registry), ['ghcr.io']);
  assert.equal(other.trace[0]?.line, 4);
});

function inline(files: Record<string, string>, image: string, features = DEBIAN) {
  const config = mergeRouting(Object.entries(files).map(([path, text]) => readRegistriesConf(path, text)), features, { mainExists: true });
  return { config, route: routeContainers({ image, tool: 'podman', operation: 'pull', config, features, tty: false }) };
}

test('a version-1 file: converted before 5.40 with a trace step and its version-2 text; refused from 5.40 at the line of the list', () => {
  const text = '# old\n[registries.search]\nregistries = ["myreg.example.com/"]\n[registries.block]\nregistries = ["b.example.com", "b.example.com/"]\n[registries.insecure]\n  registries = ["b.example.com"]\n';
  const old = inline({ '/etc/containers/registries.conf': text }, 'b.example.com/app');
  assert.equal(old.route.error, null);
  assert.deepEqual(endpoints(old.route), ['primary b.example.com/app:latest key=b.example.com/app blocked']);
  assert.deepEqual(old.route.v1Files, [{ file: '/etc/containers/registries.conf', line: 3, converted: true, asV2: 'unqualified-search-registries = ["myreg.example.com"]\nregistry = [{ location = "b.example.com", blocked = true, insecure = true }]' }]);
  assert.ok(old.route.trace.some((step) => step.step === 'route.v1' && step.line === 3));
  // the advised text reads the same
  const rewritten = inline({ '/etc/containers/registries.conf': `${old.route.v1Files[0]?.asV2 ?? ''}\n` }, 'b.example.com/app', NEWEST);
  assert.equal(rewritten.route.error, null);
  assert.deepEqual(endpoints(rewritten.route), endpoints(old.route));
  const newest = inline({ '/etc/containers/registries.conf': text }, 'b.example.com/app', NEWEST);
  assert.equal(newest.config.errorAt?.line, 3);
  assert.equal(newest.config.errorAt?.column, 1);
  assert.deepEqual(newest.route.error, { code: 'config', message: 'loading registries configuration "/etc/containers/registries.conf": registries.conf must be in v2 format but is in v1' });
  assert.deepEqual(newest.route.v1Files.map((item) => item.converted), [false]);
});

test('load errors carry the line and column of the setting that caused them', () => {
  const cases: Array<[string, number, number]> = [
    ['x = 1\n[[registry]]\nlocation = "https://a.example.com"\n', 2, 1],
    ['\n\n[[registry]]\nlocation = "a.example.com"\n  [[registry.mirror]]\n  location = "m.example.com"\n  pull-from-mirror = "sometimes"\n', 5, 3],
    ['unqualified-search-registries = ["quay.io/org"]\n', 1, 1],
    ['\nshort-name-mode = "prompt"\n', 2, 1],
    ['[aliases]\n"ok" = "quay.io/ok"\n  "bad" = "org/bad"\n', 3, 3],
    ['unqualified-search-registries = ["a.example.com"]\n\n[registries.block]\n  registries = ["b.example.com"]\n', 4, 3],
  ];
  for (const [text, line, column] of cases) {
    const { config } = inline({ '/etc/containers/registries.conf': text }, 'app');
    assert.ok(config.error !== null, text);
    assert.deepEqual([config.errorAt?.line, config.errorAt?.column], [line, column], `${text}: ${config.error}`);
  }
});

test('a "registries" key that is not a table is refused with its place, like any other type error', () => {
  const conf = readRegistriesConf('/etc/containers/registries.conf', '\nregistries = ["quay.io"]\n');
  assert.equal(conf.error?.pos.line, 2);
  const search = readRegistriesConf('/etc/containers/registries.conf', '[registries.search]\nregistries = "quay.io"\n');
  assert.equal(search.error?.pos.line, 2);
});

test('a mixed file whose version-2 keys clash with the converted ones gets no mechanical rewrite', () => {
  const mixed = (text: string) => inline({ '/etc/containers/registries.conf': text }, 'myreg.example.com/app').route.v1Files.map((item) => item.asV2);
  assert.deepEqual(mixed('unqualified-search-registries = ["a.example.com"]\n[registries.search]\nregistries = ["b.example.com"]\n'), [null]);
  assert.deepEqual(mixed('[[registry]]\nlocation = "a.example.com"\n[registries.block]\nregistries = ["b.example.com"]\n'), [null]);
  assert.deepEqual(mixed('unqualified-search-registries = ["a.example.com"]\n[registries.block]\nregistries = ["b.example.com"]\n'), ['registry = [{ location = "b.example.com", blocked = true }]']);
});

test('aliases: what the quick patterns accept, the full short-name and alias-value checks accept too', () => {
  const word = fc.string({ unit: fc.constantFrom(...'ab09'), minLength: 1, maxLength: 4 });
  const piece = fc.oneof(word, fc.tuple(word, fc.constantFrom('.', '_', '__', '-', '--', '._', '-.'), word).map((parts) => parts.join('')), fc.string({ unit: fc.constantFrom(...'ab09._-'), minLength: 1, maxLength: 6 }));
  const path = fc.array(piece, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
  const text = fc.oneof(
    path,
    fc.tuple(fc.constantFrom('', 'localhost', 'reg.example', 'reg:5000', 'a-b.c:1', 'Reg.x', 'r..x', 'x.'), path).map(([host, rest]) => (host === '' ? rest : `${host}/${rest}`)),
    fc.string({ unit: fc.constantFrom(...'aZ09._-/:@'), maxLength: 16 }),
    fc.constant('a'.repeat(256)),
  );
  let quick = 0;
  fc.assert(
    fc.property(text, (value) => {
      if (isPlainAlias(value, '')) {
        quick += 1;
        assert.equal(shortNameProblem(value), null, `short name "${value}"`);
      }
      if (value !== '' && isPlainAlias('name', value)) {
        quick += 1;
        assert.equal(aliasValueProblem(value), null, `alias value "${value}"`);
      }
    }),
    { numRuns: 5000 },
  );
  // the patterns must take the usual shapes, or they save nothing
  assert.ok(quick > 500, `only ${quick} quick answers`);
  for (const [name, value] of <Array<[string, string]>>[['fedora', 'registry.fedoraproject.org/fedora'], ['centos', 'quay.io/centos/centos'], ['rhel8/ubi', 'registry.access.redhat.com/ubi8'], ['my_app', 'localhost:5000/team/app']]) {
    assert.ok(isPlainAlias(name, value), `${name} = ${value}`);
  }
});
