import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { containersVersionArgument } from '../../src/clients/containers-versions.js';
import type { Resolution } from '../../src/clients/model.js';
import { resolveAll } from '../../src/resolve/resolve.js';
import { askOracle } from '../oracles/oracle.js';
import { run } from '../testbed/process.js';
import { type CorpusCase, caseEnv, generateCorpus, layOutCase, pointLink, writeCorpusHelpers } from './containers-corpus.js';

/**
 * The generated corpus through containers/image's own GetCredentialsForRef (one oracle per
 * release line, many cases per process) and through regauth's containers resolver with the
 * matching --containers-version, as skopeo sets them up (--authfile defaults to
 * REGISTRY_AUTH_FILE). Every field either agrees, or the difference has a stated reason; the
 * results are what docs/fidelity/containers.json records.
 */
const RELEASES = ['5.23', '5.24', '5.30', '5.31', '5.40', '5.42'] as const;
const CASE_COUNT = 330;

interface OracleAnswer {
  id: string;
  name: string;
  parseError: string | null;
  username: string | null;
  secretPresent: boolean;
  secretKind: string | null;
  error: string | null;
  decidedBy: string | null;
  decidedFile: string | null;
}

/** The part of an outcome both sides can state. */
interface Outcome {
  refused: string | null;
  error: string | null;
  found: boolean;
  secretKind: string | null;
  /** only when a password is sent: a token carries no user name */
  username: string | null;
  decidedBy: string | null;
  decidedFile: string | null;
}

function fromOracle(answer: OracleAnswer): Outcome {
  if (answer.parseError !== null) return { refused: answer.parseError, error: null, found: false, secretKind: null, username: null, decidedBy: null, decidedFile: null };
  return {
    refused: null,
    error: answer.error,
    found: answer.username !== null,
    secretKind: answer.secretKind,
    username: answer.secretKind === 'password' ? answer.username : null,
    decidedBy: answer.decidedBy,
    decidedFile: answer.decidedFile,
  };
}

function fromRegauth(resolution: Resolution): Outcome {
  if (resolution.trace.some((step) => step.step === 'containers.reference' && step.outcome === 'error')) {
    return { refused: resolution.error, error: null, found: false, secretKind: null, username: null, decidedBy: null, decidedFile: null };
  }
  const viaRegistriesConf = resolution.trace.some((step) => step.step === 'containers.credential-helper' && step.outcome === 'matched');
  const found = resolution.error === null && resolution.source !== 'none';
  return {
    refused: null,
    error: resolution.error,
    found,
    secretKind: resolution.secretKind,
    username: resolution.secretKind === 'password' ? resolution.username : null,
    decidedBy: !found ? null : viaRegistriesConf ? resolution.helper : 'containers-auth.json',
    decidedFile: !found || viaRegistriesConf ? null : resolution.configFile,
  };
}

/** Why a known difference is not a defect; null when the difference is unexplained. */
function knownReason(oracle: Outcome, regauth: Outcome, resolution: Resolution): string | null {
  const sameStop = oracle.error === regauth.error && oracle.decidedFile === regauth.decidedFile && oracle.decidedBy === regauth.decidedBy;
  if (resolution.ambiguous && sameStop) {
    return 'Go map order: several keys in the deciding file name the registry with different credentials; containers/image takes a random one (regauth flags the result as ambiguous)';
  }
  if (sameStop && oracle.secretKind === 'password' && oracle.username === '' && regauth.secretKind === null) {
    return 'an entry with an empty user name: containers/image returns the password alone, which it sends on a Basic challenge but not to a token server; regauth reports no usable credentials and warns (credentials.incomplete)';
  }
  return null;
}

interface Difference {
  case: string;
  reason: string;
  oracle?: Outcome;
  regauth?: Outcome;
}

interface ReleaseResult {
  client: string;
  release: string;
  cases: number;
  agree: number;
  differences: Difference[];
}

let root = '';
let home = '';
let binDir = '';
let corpus: CorpusCase[] = [];
const results: ReleaseResult[] = [];

before(() => {
  root = mkdtempSync(join(tmpdir(), 'regauth-containers-corpus-'));
  home = join(root, 'home');
  binDir = join(root, 'bin');
  writeCorpusHelpers(binDir);
  corpus = generateCorpus(CASE_COUNT);
  for (const testCase of corpus) layOutCase(testCase, join(root, 'cases', testCase.id));
});

after(() => {
  if (process.env['REGAUTH_WRITE_FIDELITY'] === '1') {
    const docs = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'fidelity');
    mkdirSync(docs, { recursive: true });
    const rows = results.map(({ client, release, cases, agree, differences }) => ({ client, release, cases, agree, differences: differences.map(({ case: id, reason }) => ({ case: id, reason })) }));
    writeFileSync(join(docs, 'containers.json'), `${JSON.stringify(rows, null, 2)}\n`);
  }
  rmSync(root, { recursive: true, force: true });
});

function request(testCase: CorpusCase) {
  return {
    id: testCase.id,
    env: caseEnv(testCase, home, binDir),
    image: testCase.image,
    ...(testCase.authFile === undefined ? {} : { authFile: join(home, testCase.authFile) }),
    links: [{ path: home, target: join(root, 'cases', testCase.id) }],
  };
}

test('the corpus has at least 300 set-ups and covers every place and spelling', () => {
  assert.ok(corpus.length >= 300);
  const all = corpus.map((testCase) => JSON.stringify(testCase)).join('\n');
  for (const needle of ['run/containers/auth.json', 'xdg/containers/auth.json', '.config/containers/auth.json', 'dc/config.json', '.docker/config.json', '.dockercfg', 'REGISTRY_AUTH_FILE', 'CONTAINERS_REGISTRIES_CONF', 'registries.conf.d', 'credHelpers', 'credsStore', 'identitytoken', 'https://index.docker.io/v1/', 'Foo/bar', '[::1]:5000/x']) {
    assert.ok(all.includes(needle), `corpus lacks ${needle}`);
  }
  assert.ok(corpus.some((testCase) => testCase.authFile !== undefined));
});

for (const release of RELEASES) {
  test(`containers/image ${release}: the oracle and regauth agree on every corpus case, or the difference has a reason`, async () => {
    const answers = await askOracle<OracleAnswer[]>(`containers-image-${release}`, corpus.map(request), {
      timeoutMs: 240_000,
      // containers/storage reads $HOME once, possibly before the first case sets it
      env: { ...process.env, HOME: home },
    });
    assert.equal(answers.length, corpus.length);
    const result: ReleaseResult = { client: 'podman', release, cases: corpus.length, agree: 0, differences: [] };
    const unexplained: Difference[] = [];
    for (const [index, testCase] of corpus.entries()) {
      const answer = answers[index];
      assert.ok(answer !== undefined && answer.id === testCase.id);
      pointLink(home, join(root, 'cases', testCase.id));
      const [resolution] = await resolveAll(
        { registry: '', repository: null, image: testCase.image },
        {
          clients: ['podman'],
          containersTool: 'skopeo',
          containersRelease: containersVersionArgument(release),
          env: caseEnv(testCase, home, binDir),
          ...(testCase.authFile === undefined ? {} : { authFile: join(home, testCase.authFile) }),
        },
      );
      assert.ok(resolution !== undefined);
      const oracle = fromOracle(answer);
      const regauth = fromRegauth(resolution);
      // a random winner is listed every time, whether or not this run's pick happened to agree
      if (!resolution.ambiguous && JSON.stringify(oracle) === JSON.stringify(regauth)) {
        result.agree += 1;
        continue;
      }
      const reason = knownReason(oracle, regauth, resolution);
      if (reason === null) unexplained.push({ case: testCase.id, reason: 'unexplained', oracle, regauth });
      else result.differences.push({ case: testCase.id, reason });
    }
    results.push(result);
    assert.deepEqual(unexplained.slice(0, 5), [], `${unexplained.length} unexplained differences (first five shown)`);
  });
}

/** What skopeo 1.9.3 shows of a lookup: the fatal error (if any) and the debug line naming the source. */
interface SkopeoOutcome {
  fatal: string | null;
  decidedBy: string | null;
  decidedFile: string | null;
}

function skopeoOutcome(stderr: string, image: string): SkopeoOutcome {
  const messages = [...stderr.matchAll(/level=(\w+) msg="((?:[^"\\]|\\.)*)"/g)].map((match) => ({ level: match[1], text: JSON.parse(`"${match[2] ?? ''}"`) as string }));
  const fatal = messages.find((message) => message.level === 'fatal')?.text ?? null;
  const prefix = `Error parsing image name "docker://${image}": `;
  const found = messages.map((message) => /^Found credentials for \S+ in credential helper (\S+)(?: in file (.+))?$/.exec(message.text)).find((match) => match !== null);
  return {
    fatal: fatal !== null && fatal.startsWith(prefix) ? fatal.slice(prefix.length) : fatal,
    decidedBy: found?.[1] ?? null,
    decidedFile: found?.[2] ?? null,
  };
}

test('skopeo 1.9.3 (Debian, containers/image 5.23.1) equals the 5.23 oracle on a sample of the corpus', async () => {
  const sample = corpus.filter((_, index) => index % 8 === 0);
  const answers = await askOracle<OracleAnswer[]>('containers-image-5.23', sample.map(request), { timeoutMs: 120_000, env: { ...process.env, HOME: home } });
  const mismatches: string[] = [];
  let lookups = 0;
  for (const [index, testCase] of sample.entries()) {
    const answer = answers[index];
    assert.ok(answer !== undefined);
    pointLink(home, join(root, 'cases', testCase.id));
    const args = ['--debug', 'inspect', '--retry-times', '0', ...(testCase.authFile === undefined ? [] : ['--authfile', join(home, testCase.authFile)]), `docker://${testCase.image}`];
    const result = await run('skopeo', args, { env: caseEnv(testCase, home, binDir), timeoutMs: 60_000 });
    assert.equal(result.timedOut, false, `skopeo ${args.join(' ')} timed out`);
    const seen = skopeoOutcome(result.stderr, testCase.image);
    assert.notEqual(seen.fatal, null, `skopeo printed no fatal error for ${testCase.id} (the sample registries are unreachable): ${result.stderr.slice(-300)}`);
    const expected: SkopeoOutcome = {
      fatal:
        answer.parseError ??
        (answer.error === null ? seen.fatal : `getting username and password: ${answer.error}`),
      decidedBy: answer.decidedBy,
      decidedFile: answer.decidedFile,
    };
    // when the lookup ended without an error, skopeo goes on to the (unreachable) registry
    if (answer.parseError === null && answer.error === null) {
      lookups += 1;
      if (seen.fatal?.startsWith('getting username and password') === true) mismatches.push(`${testCase.id}: skopeo failed the lookup: ${seen.fatal}`);
    }
    if (JSON.stringify(seen) !== JSON.stringify(expected)) mismatches.push(`${testCase.id}: skopeo ${JSON.stringify(seen)}, oracle ${JSON.stringify(expected)}`);
  }
  const found = answers.filter((answer) => answer.decidedBy !== null).length;
  const failed = answers.filter((answer) => answer.error !== null || answer.parseError !== null).length;
  assert.ok(sample.length >= 40 && lookups >= 20 && found >= 10 && failed >= 5, `sample of ${sample.length}: ${lookups} completed lookups, ${found} found, ${failed} errors`);
  assert.deepEqual(mismatches, []);
});
