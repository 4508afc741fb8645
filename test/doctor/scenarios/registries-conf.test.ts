import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { askOracle } from '../../oracles/oracle.js';
import { basicAuthField } from '../../testbed/testbed.js';
import { doctor, type DoctorRun, expectFinding, expectNoFinding, place, type ReportedFinding, scenarioTestbed } from './support.js';

/**
 * A registries.conf in the version-1 format: doctor's findings against the real skopeo 1.9.3
 * (containers/image 5.23) before and after the rewrite it advises, and the advised file against
 * the newest containers/image (5.42), which refuses the version-1 format.
 */
const testbed = scenarioTestbed();
after(() => testbed.close());

interface Home {
  home: string;
  conf: string;
  env: Record<string, string | undefined>;
}

/** A home whose ~/.config/containers/registries.conf is the fixture, with carol stored for myreg and bob for other. */
function homeWith(name: string, fixture: string): Home {
  const home = testbed.tempDir(name);
  const dir = join(home, '.config/containers');
  mkdirSync(dir, { recursive: true });
  const conf = place(testbed, fixture, dir, 'registries.conf', 0o644);
  const authFile = join(home, 'auth.json');
  const auths = { 'myreg.example.com': { auth: basicAuthField(testbed.user('carol')) }, 'other.example.com': { auth: basicAuthField(testbed.user('bob')) } };
  writeFileSync(authFile, JSON.stringify({ auths }), { mode: 0o600 });
  return { home, conf, env: { HOME: home, REGISTRY_AUTH_FILE: authFile, XDG_CONFIG_HOME: undefined, XDG_RUNTIME_DIR: join(home, 'run') } };
}

async function skopeoInspect(home: Home, image: string): Promise<{ code: number | null; stderr: string; users: string[] }> {
  const registry = image.startsWith('other.') ? 'other' : 'myreg';
  const seen = await testbed.usersSeen(registry, () => testbed.runSkopeo(['inspect', '--no-tags', '--retry-times', '0', `docker://${image}`], { env: home.env, timeoutMs: 60_000 }));
  return { code: seen.result.code, stderr: seen.result.stderr.replaceAll('\\"', '"'), users: seen.users };
}

/** The version-2 lines a finding advises in place of the [registries.*] tables. */
function advisedLines(found: ReportedFinding): string {
  const advice = /in place of the \[registries\.\*\] tables: (.*)$/s.exec(found.detail);
  assert.ok(advice !== null, found.detail);
  return `${(advice[1] ?? '').split(' and ').join('\n')}\n`;
}

interface RouteAnswer {
  error: string | null;
  candidates: Array<{ value: string; sources: Array<{ reference: string; blocked: boolean }>; error: string | null }>;
}

/** containers/image 5.42 (which refuses the version-1 format) on the file: the candidates for a short name, or its error. */
async function newestReads(home: Home, image: string): Promise<RouteAnswer> {
  const [answer] = await askOracle<RouteAnswer[]>('containers-route-5.42', [{ id: 'v1', env: { HOME: home.home }, image, op: 'pull', registriesConf: home.conf, registriesConfDir: join(home.home, 'none'), aliasFile: join(home.home, 'none.conf') }]);
  assert.ok(answer !== undefined);
  return answer;
}

test('a version-1 registries.conf: read by skopeo 1.9.3, refused by containers/image 5.42; rewritten as doctor advises, both read it alike', async () => {
  const home = homeWith('v1-main', 'registries-v1.conf');
  const found = expectFinding(await doctor({ args: ['app', '--client', 'podman'], env: home.env }), 'registries-conf-v1', home.conf, 3);
  assert.match(found.title, /refused by containers\/image 5\.40 and later/);
  assert.match((await newestReads(home, 'app')).error ?? '', /registries\.conf must be in v2 format but is in v1/);
  // skopeo 1.9.3 reads it: the blocked registry is refused, the other one serves carol
  const blocked = await skopeoInspect(home, 'other.example.com/app');
  assert.notEqual(blocked.code, 0);
  assert.match(blocked.stderr, /registry other\.example\.com is blocked in/);
  assert.deepEqual(blocked.users, []);
  const served = await skopeoInspect(home, 'myreg.example.com/app');
  assert.equal(served.code, 0, served.stderr);
  assert.deepEqual(served.users, ['carol']);

  writeFileSync(home.conf, advisedLines(found));
  expectNoFinding(await doctor({ args: ['app', '--client', 'podman'], env: home.env }), 'registries-conf-v1');
  // the same behaviour from skopeo 1.9.3, and containers/image 5.42 now reads the file: the same search list, the same blocked registry
  const stillBlocked = await skopeoInspect(home, 'other.example.com/app');
  assert.notEqual(stillBlocked.code, 0);
  assert.match(stillBlocked.stderr, /registry other\.example\.com is blocked in/);
  assert.deepEqual((await skopeoInspect(home, 'myreg.example.com/app')).users, ['carol']);
  const newest = await newestReads(home, 'app');
  assert.equal(newest.error, null);
  assert.deepEqual(newest.candidates.map((candidate) => candidate.sources.map((source) => [source.reference, source.blocked])), [[['myreg.example.com/app:latest', false]], [['other.example.com/app:latest', true]]]);
});

test('a version-1 drop-in: skopeo 1.9.3 refuses every request with the message doctor reports; rewritten as advised, it works', async () => {
  const home = homeWith('v1-drop-in', 'registries-v1.conf');
  writeFileSync(home.conf, 'unqualified-search-registries = ["myreg.example.com"]\n');
  const dropIns = join(home.home, '.config/containers/registries.conf.d');
  mkdirSync(dropIns, { recursive: true });
  const dropIn = place(testbed, 'registries-v1-drop-in.conf', dropIns, '50-old.conf', 0o644);
  const found = expectFinding(await doctor({ args: ['myreg.example.com/app', '--client', 'podman'], env: home.env }), 'registries-conf-refused', dropIn, 2);
  assert.equal(found.severity, 'error');
  const refused = await skopeoInspect(home, 'myreg.example.com/app');
  assert.notEqual(refused.code, 0);
  const message = found.title.replace(/^.*refuse registries\.conf: /, '');
  assert.ok(refused.stderr.includes(message), `${refused.stderr}\ndoctor: ${message}`);
  assert.deepEqual(refused.users, []);

  writeFileSync(dropIn, advisedLines(found));
  expectNoFinding(await doctor({ args: ['myreg.example.com/app', '--client', 'podman'], env: home.env }), 'registries-conf-refused');
  const served = await skopeoInspect(home, 'myreg.example.com/app');
  assert.equal(served.code, 0, served.stderr);
  assert.deepEqual(served.users, ['carol']);
  assert.match((await skopeoInspect(home, 'other.example.com/app')).stderr, /registry other\.example\.com is blocked in/);
});

test('doctor --containers-version (or REGAUTH_CONTAINERS_VERSION) models that release: 5.42 refuses the version-1 file as containers/image 5.42 does, 5.23 reads it', async () => {
  const home = homeWith('v1-release', 'registries-v1.conf');
  const refusedBy = (run: DoctorRun): ReportedFinding | undefined => run.findings.find((item) => item.id === 'registries-conf-refused' && item.file === home.conf);
  const newest = await doctor({ args: ['app', '--client', 'podman', '--containers-version', '5.42'], env: home.env });
  const refused = refusedBy(newest);
  assert.ok(refused, JSON.stringify(newest.findings.map((item) => item.id)));
  assert.equal(refused.severity, 'error');
  expectNoFinding(newest, 'registries-conf-v1');
  const message = refused.title.replace(/^.*refuse registries\.conf: /, '');
  const oracle = (await newestReads(home, 'app')).error ?? '';
  assert.ok(oracle.includes(message), `containers/image 5.42: ${oracle}\ndoctor: ${message}`);
  assert.ok(refusedBy(await doctor({ args: ['app', '--client', 'podman'], env: { ...home.env, REGAUTH_CONTAINERS_VERSION: '5.42' } })));
  // the release skopeo 1.9.3 embeds reads it: the version-1 warning, no refusal
  const older = await doctor({ args: ['app', '--client', 'podman', '--containers-version', '5.23'], env: home.env });
  expectFinding(older, 'registries-conf-v1', home.conf, 3);
  assert.equal(refusedBy(older), undefined);
});
