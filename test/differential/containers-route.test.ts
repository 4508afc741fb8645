/**
 * The routing decision (src/clients/containers-route.ts) against containers/image's own
 * pkg/shortnames Resolve and pkg/sysregistriesv2 FindRegistry / PullSourcesFromReference, built
 * from the release Debian ships (5.23, podman 4.3 and skopeo 1.9), the releases on either side of
 * the 5.40 registries.conf rewrite (5.31, 5.40) and the newest modelled one (5.42).
 * Every case must agree on the error, the short-name mode and description, and each candidate's
 * endpoints in order (reference, credential key, mirror or not, insecure, blocked).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containersFeatures, containersVersionArgument } from '../../src/clients/containers-versions.js';
import { type ContainersRoute, mergeRouting, routeContainers } from '../../src/clients/containers-route.js';
import { locateRegistriesConf } from '../../src/config/locate.js';
import { mergeCredentialHelpers, readAliasCache, readRegistriesConf } from '../../src/config/registries-conf.js';
import { askOracle } from '../oracles/oracle.js';
import { ROUTE_CASES, type RouteCase } from './containers-route-cases.js';
import { UPSTREAM_ROUTE_CASES } from './containers-route-upstream-cases.js';

const CASES: readonly RouteCase[] = [...ROUTE_CASES, ...UPSTREAM_ROUTE_CASES];

interface OracleSource {
  reference: string;
  name: string;
  mirror: boolean;
  insecure: boolean;
  blocked: boolean;
}

interface OracleAnswer {
  id: string;
  mode: string;
  modeError: string | null;
  description: string;
  helpers: string[] | null;
  error: string | null;
  candidates: Array<{ value: string; sources: OracleSource[]; error: string | null }>;
}

interface Outcome {
  error: string | null;
  mode: string | null;
  description: string;
  /** the merged credential-helpers list; null when the files are refused */
  helpers: string[] | null;
  candidates: Array<{ image: string; sources: string[] }>;
}

const source = (item: OracleSource): string => `${item.reference} key=${item.name}${item.mirror ? ' mirror' : ''}${item.insecure ? ' insecure' : ''}${item.blocked ? ' blocked' : ''}`;

/** A TOML error is compared by its file and line: regauth words it its own way. */
function tomlLineOnly(message: string): string {
  return message.replace(/^(loading (?:(?:drop-in )?registries configuration|short-name aliases config file) "[^"]*": toml: line \d+)[:, ][^]*$/, '$1');
}

function fromOracle(answer: OracleAnswer): Outcome {
  const failed = answer.error ?? answer.candidates.find((candidate) => candidate.error !== null)?.error ?? null;
  return {
    // the transport wraps FindRegistry's error; shortnames.Resolve returns it as it is; from 5.24 on
    // the v1/v2 mixing error ends with the decoded file in Go syntax, which regauth does not repeat
    // a type error is compared by its file and line: regauth words it its own way
    error: failed === null ? null : tomlLineOnly(failed.replace(/^loading registries configuration: /, '').replace(/(mixing sysregistry v1\/v2 is not supported): [^]*$/, '$1'))
      // podman and buildah read the name with reference.Parse before pkg/shortnames does, and print its error unwrapped
      .replace(/^cannot parse input: "(?:[^"\\]|\\.)*": /, ''),
    mode: failed === null ? answer.mode : null,
    description: failed === null ? answer.description : '',
    helpers: answer.helpers,
    candidates: failed === null ? answer.candidates.map((candidate) => ({ image: candidate.value, sources: candidate.sources.map(source) })) : [],
  };
}

function fromRegauth(route: ContainersRoute, mode: string, helpers: string[] | null): Outcome {
  const failed = route.error?.message ?? null;
  return {
    error: failed,
    mode: failed === null ? mode : null,
    description: failed === null ? (route.shortName?.description ?? '') : '',
    helpers,
    candidates: failed === null
      ? route.candidates.map((candidate) => ({
          image: candidate.image,
          sources: candidate.sources.map((item) => source({ reference: item.reference, name: item.name, mirror: item.role === 'mirror', insecure: item.insecure, blocked: item.blocked })),
        }))
      : [],
  };
}

const root = mkdtempSync(join(tmpdir(), 'regauth-route-'));
after(() => rmSync(root, { recursive: true, force: true }));

const ETC_CONF = '/etc/containers/registries.conf';

/**
 * The drop-ins regauth reads from the case's registries.conf.d, listed by regauth's own
 * locateRegistriesConf (as if the files were /etc/containers/registries.conf and its .d
 * directory): the oracle gets the real directory and lists it itself.
 */
function dropInsRead(testCase: RouteCase, release: string): string[] {
  const names = Object.keys(testCase.dropIns ?? {});
  const located = locateRegistriesConf(
    {
      env: { HOME: '/nonexistent' },
      homeDir: '/nonexistent',
      uid: 0,
      platform: 'linux',
      exists: (path) => path === ETC_CONF,
      onPath: () => false,
      listDir: (path) => (path === `${ETC_CONF}.d` ? names.map((name) => ({ name: name.replace(/\/$/, ''), isDirectory: name.endsWith('/') })) : null),
    },
    { tool: 'podman', searchV2: containersFeatures(containersVersionArgument(release)).registriesConfSearchV2 },
  );
  return located.files.filter((file) => file.role === 'drop-in').map((file) => file.path.slice(`${ETC_CONF}.d/`.length));
}

function layOut(testCase: RouteCase): { main: string; dir: string; aliasFile: string } {
  const base = join(root, testCase.id);
  const dir = join(base, 'registries.conf.d');
  mkdirSync(dir, { recursive: true });
  const main = join(base, 'registries.conf');
  writeFileSync(main, testCase.main);
  // a name ending in "/" is a directory, with the text as a file inside it
  for (const [name, text] of Object.entries(testCase.dropIns ?? {})) {
    if (name.endsWith('/')) mkdirSync(join(dir, name), { recursive: true });
    writeFileSync(name.endsWith('/') ? join(dir, name, 'inner.conf') : join(dir, name), text);
  }
  const aliasFile = join(base, 'short-name-aliases.conf');
  if (testCase.userAliases !== undefined) writeFileSync(aliasFile, testCase.userAliases);
  return { main, dir, aliasFile };
}

function regauthRoute(testCase: RouteCase, paths: ReturnType<typeof layOut>, release: string): Outcome {
  const features = containersFeatures(containersVersionArgument(release));
  const dropIns = dropInsRead(testCase, release);
  const views = [readRegistriesConf(paths.main, testCase.main), ...dropIns.map((name) => readRegistriesConf(join(paths.dir, name), testCase.dropIns?.[name] ?? ''))];
  const userAliases = testCase.userAliases === undefined ? null : readAliasCache(paths.aliasFile, testCase.userAliases);
  const config = mergeRouting(views, features, { mainExists: true, userAliases });
  const route = routeContainers({
    image: testCase.image,
    tool: testCase.op === 'transport' ? 'skopeo' : 'podman',
    operation: testCase.op === 'push' ? 'push' : 'pull',
    config,
    features,
    tty: false,
  });
  const helpers = config.error === null ? mergeCredentialHelpers(views).helpers : null;
  const outcome = fromRegauth(route, config.mode, helpers);
  return { ...outcome, error: outcome.error === null ? null : tomlLineOnly(outcome.error) };
}


for (const release of ['5.23', '5.31', '5.40', '5.42']) {
  test(`routing agrees with containers/image ${release} on ${CASES.length} registries.conf cases`, async () => {
    const laidOut = CASES.map((testCase) => ({ testCase, paths: layOut(testCase) }));
    const answers = await askOracle<OracleAnswer[]>(
      `containers-route-${release}`,
      laidOut.map(({ testCase, paths }) => ({
        id: testCase.id,
        env: { HOME: root, PATH: process.env['PATH'] ?? '/usr/bin' },
        image: testCase.image,
        op: testCase.op === 'transport' ? 'pull-transport' : testCase.op,
        registriesConf: paths.main,
        registriesConfDir: paths.dir,
        aliasFile: paths.aliasFile,
      })),
    );
    assert.equal(answers.length, CASES.length);
    const failures: string[] = [];
    laidOut.forEach(({ testCase, paths }, index) => {
      const answer = answers[index] as OracleAnswer;
      const expected = fromOracle(answer);
      const actual = regauthRoute(testCase, paths, release);
      try {
        assert.deepEqual(actual, expected);
      } catch {
        failures.push(`${testCase.id}:\n  containers/image ${JSON.stringify(expected)}\n  regauth          ${JSON.stringify(actual)}`);
      }
    });
    assert.deepEqual(failures, [], `${failures.length} of ${CASES.length} cases differ:\n${failures.join('\n')}`);
  });
}
