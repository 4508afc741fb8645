import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gatherFacts } from '../../src/doctor/gather.js';
import type { ClientOutcome } from '../../src/doctor/facts.js';
import { runChecks } from '../../src/doctor/run-checks.js';
import { parseImageRef } from '../../src/reference/parse.js';
import { loadTestbed, testHelperScript, type Testbed } from '../testbed/testbed.js';
import { issueUserTokens, type UserTokens } from '../testbed/user-tokens.js';
import type { CaseContext, DifferentialCase } from './cases.js';
import { writeContent } from './case-home.js';

/**
 * doctor against the real programs: for one config and image, the real Docker CLI
 * (`docker manifest inspect`) and skopeo (`skopeo inspect`, reading its default files) run
 * against the testbed's registries, and the users the registry saw are compared. doctor, given
 * the image, must report `clients-disagree` between Docker and podman/skopeo exactly when the
 * two programs were seen sending different users, and report no error of its own when both
 * sent the intended user.
 */

let tokens = new Map<string, UserTokens>();

function token(kind: keyof UserTokens, name: string): string {
  const value = tokens.get(name)?.[kind];
  if (value === undefined) throw new Error(`no ${kind} token for ${name}`);
  return value;
}

export interface DoctorCaseRun {
  /** the users the registry saw, or "fails" when the program gave up before authenticating (a file it cannot read) */
  docker: string[];
  skopeo: string[];
  outcomes: { docker: ClientOutcome; podman: ClientOutcome };
  disagreement: { severity: string; title: string } | null;
  errors: string[];
}

async function runDoctorCase(testbed: Testbed, testCase: DifferentialCase): Promise<DoctorCaseRun> {
  const context: CaseContext = {
    user: (name) => testbed.user(name),
    auth: (name) => Buffer.from(`${name}:${testbed.user(name).password}`).toString('base64'),
    refreshToken: (name) => token('refresh', name),
    registryToken: (name) => token('registry', name),
  };
  const home = testbed.tempDir('doctor-home');
  writeContent(join(home, '.docker', 'config.json'), testCase.config(context));
  if (testCase.dockercfg !== undefined) writeContent(join(home, '.dockercfg'), testCase.dockercfg(context));
  for (const [relative, content] of Object.entries(testCase.files ?? {})) writeContent(join(home, relative), content(context));
  mkdirSync(join(home, 'run'), { recursive: true, mode: 0o700 });
  let path = testbed.env()['PATH'] ?? '';
  for (const [name, table] of Object.entries(testCase.helpers ?? {})) {
    const credentials = Object.fromEntries(
      Object.entries(table).map(([url, user]) =>
        user.startsWith('<token>:') ? [url, { username: '<token>', secret: token('refresh', user.slice('<token>:'.length)) }] : [url, { username: user, secret: testbed.user(user).password }],
      ),
    );
    path = `${testHelperScript(testbed.tempDir('helper'), name, { credentials })}:${path}`;
  }
  const caseEnv = Object.fromEntries(Object.entries(testCase.env ?? {}).map(([name, value]) => [name, value.replace('$HOME', home)]));
  // both programs and doctor read the default files of this home, and nothing else
  const env: Record<string, string | undefined> = { HOME: home, PATH: path, XDG_RUNTIME_DIR: join(home, 'run'), XDG_CONFIG_HOME: undefined, DOCKER_CONFIG: undefined, ...caseEnv };
  const insecure = testbed.registry(testCase.registry).scheme === 'http';
  const docker = await testbed.usersSeen(testCase.registry, () => testbed.runDocker(['manifest', 'inspect', ...(insecure ? ['--insecure'] : []), testCase.image], { env }));
  const skopeo = await testbed.usersSeen(testCase.registry, () => testbed.runSkopeo(['inspect', '--raw', ...(insecure ? ['--tls-verify=false'] : []), `docker://${testCase.image}`], { env }));
  assert.ok(docker.result.code !== null && skopeo.result.code !== null, 'both programs ran to the end');

  const facts = await gatherFacts({ env: testbed.env(env), image: testCase.image, offline: true, helperTimeoutMs: 10_000, containersTool: 'skopeo' });
  const report = runChecks(facts);
  const image = parseImageRef(testCase.image).normalized;
  const probe = facts.clients.probes.find((candidate) => candidate.image === image);
  assert.ok(probe !== undefined, `doctor resolved ${image}: ${JSON.stringify(facts.clients.probes.map((item) => item.image))}`);
  const outcome = (client: 'docker' | 'podman'): ClientOutcome => {
    const found = probe.outcomes.find((candidate) => candidate.client === client);
    assert.ok(found !== undefined, `doctor resolved ${client}`);
    return found;
  };
  const disagreement = report.findings.find((finding) => finding.id === 'clients-disagree' && finding.title.includes(image)) ?? null;
  return {
    // the Docker CLI carries on whatever its files hold
    docker: docker.users,
    skopeo: seen(skopeo),
    outcomes: { docker: outcome('docker'), podman: outcome('podman') },
    disagreement: disagreement === null ? null : { severity: disagreement.severity, title: disagreement.title },
    errors: report.findings.filter((finding) => finding.severity === 'error').map((finding) => `${finding.id}: ${finding.title}`),
  };
}

/** A failure the registry did not cause (no refusal in the message) is the program failing on its files. */
function seen(observed: { users: string[]; result: { code: number | null; stderr: string } }): string[] {
  const refused = /unauthori[sz]ed|authentication required|denied|\b401\b/i.test(observed.result.stderr);
  return observed.result.code !== 0 && !refused && observed.users.length === 0 ? ['fails'] : observed.users;
}

function sendsTheSame(a: ClientOutcome, b: ClientOutcome): boolean {
  return a.sends === b.sends && a.fingerprint === b.fingerprint;
}

/**
 * One test per case: the finding appears exactly when the two real programs disagree. The last
 * test checks that at least `minimumDiffering` of the cases did make the programs disagree.
 */
export function doctorDifferential(cases: readonly DifferentialCase[], minimumDiffering: number): void {
  let testbed: Testbed;
  let differing = 0;
  before(async () => {
    testbed = loadTestbed();
    tokens = await issueUserTokens(testbed);
  });
  after(() => testbed.close());
  for (const testCase of cases) {
    test(`doctor ${testCase.image}: ${testCase.name}`, async () => {
      const run = await runDoctorCase(testbed, testCase);
      const programsDiffer = run.docker.join(',') !== run.skopeo.join(',');
      const detail = `docker sent ${run.docker.join(',') || 'nothing'}, skopeo sent ${run.skopeo.join(',') || 'nothing'}; doctor: docker ${run.outcomes.docker.sends} ${run.outcomes.docker.username ?? ''}, podman ${run.outcomes.podman.sends} ${run.outcomes.podman.username ?? ''}; finding: ${run.disagreement?.title ?? 'none'}; errors: ${run.errors.join(' | ')}`;
      if (run.outcomes.docker.ambiguous || run.outcomes.podman.ambiguous) {
        // Go map order picks the entry: the programs may or may not differ on this run, doctor must say so
        assert.ok(run.disagreement !== null || sendsTheSame(run.outcomes.docker, run.outcomes.podman), detail);
        return;
      }
      assert.equal(!sendsTheSame(run.outcomes.docker, run.outcomes.podman), programsDiffer, `doctor's Docker and podman outcomes differ exactly when the programs do: ${detail}`);
      if (programsDiffer) {
        differing += 1;
        assert.notEqual(run.disagreement, null, `doctor must flag it: ${detail}`);
      } else if (run.docker.length > 0 && !run.docker.includes('fails')) {
        // both sent the intended user: no error about clients disagreeing
        assert.ok(!run.errors.some((error) => error.startsWith('clients-disagree')), detail);
      }
    });
  }
  test(`at least ${minimumDiffering} of these configs make the real Docker CLI and skopeo send different credentials`, () => {
    console.log(`# doctor differential: ${cases.length} configs, ${differing} where docker and skopeo differ`);
    assert.ok(differing >= minimumDiffering, `only ${differing} of ${cases.length}`);
  });
}
