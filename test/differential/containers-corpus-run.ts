/**
 * Running the generated corpus (containers-corpus.ts) through containers/image's own
 * GetCredentialsForRef — one oracle per release line, all cases in one process — and through
 * regauth's containers resolver with the matching --containers-version, as skopeo sets them up
 * (--authfile defaults to REGISTRY_AUTH_FILE). Every field either agrees, or the difference has a
 * stated reason. The test files split the release lines so that each stays well within the
 * per-file time limit.
 */
import { createHash } from 'node:crypto';
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { targetFromArgument } from '../../src/cli/commands/get.js';
import { containersVersionArgument } from '../../src/clients/containers-versions.js';
import type { Resolution } from '../../src/clients/model.js';
import { resolveAll } from '../../src/resolve/resolve.js';
import { askOracle } from '../oracles/oracle.js';
import { type CorpusCase, caseEnv, generateCorpus, layOutCase, writeCorpusHelpers } from './containers-corpus.js';

const CASE_COUNT = 330;

export interface OracleAnswer {
  id: string;
  name: string;
  parseError: string | null;
  username: string | null;
  secretPresent: boolean;
  secretKind: string | null;
  error: string | null;
  decidedBy: string | null;
  decidedFile: string | null;
  /** SHA-256 (hex) of the secret secretKind names */
  secretHash: string | null;
}

/** The part of an outcome both sides can state. */
interface Outcome {
  refused: string | null;
  error: string | null;
  found: boolean;
  secretKind: string | null;
  /** SHA-256 (hex) of the secret of that kind */
  secretHash: string | null;
  /** only when a password is sent: a token carries no user name */
  username: string | null;
  decidedBy: string | null;
  decidedFile: string | null;
}

const NOTHING = { error: null, found: false, secretKind: null, secretHash: null, username: null, decidedBy: null, decidedFile: null };

function fromOracle(answer: OracleAnswer): Outcome {
  if (answer.parseError !== null) return { ...NOTHING, refused: answer.parseError };
  return {
    refused: null,
    error: answer.error,
    found: answer.username !== null,
    secretKind: answer.secretKind,
    secretHash: answer.secretHash,
    username: answer.secretKind === 'password' ? answer.username : null,
    decidedBy: answer.decidedBy,
    decidedFile: answer.decidedFile,
  };
}

function fromRegauth(resolution: Resolution): Outcome {
  if (resolution.trace.some((step) => step.step === 'containers.reference' && step.outcome === 'error')) {
    return { ...NOTHING, refused: resolution.error };
  }
  const viaRegistriesConf = resolution.trace.some((step) => step.step === 'containers.credential-helper' && step.outcome === 'matched');
  const found = resolution.error === null && resolution.source !== 'none';
  const { credentials } = resolution;
  const secret = resolution.secretKind === 'identitytoken' ? credentials?.identityToken : resolution.secretKind === 'password' ? credentials?.password : null;
  return {
    refused: null,
    error: resolution.error,
    found,
    secretKind: resolution.secretKind,
    secretHash: secret === null || secret === undefined ? null : createHash('sha256').update(secret.bytes()).digest('hex'),
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
  const mixing = 'mixing sysregistry v1/v2 is not supported';
  if (regauth.error?.endsWith(mixing) === true && oracle.error?.startsWith(`${regauth.error}: sysregistriesv2.tomlConfig{`) === true) {
    return 'a registries.conf mixing the version-1 and version-2 formats: from 5.24 containers/image appends the decoded file in Go syntax, which regauth does not repeat';
  }
  if (sameStop && oracle.secretKind === 'password' && oracle.username === '' && regauth.secretKind === null) {
    return 'an entry with an empty user name: containers/image returns the password alone, which it sends on a Basic challenge but not to a token server; regauth reports no usable credentials and warns (credentials.incomplete)';
  }
  return null;
}

/** An outcome with the case directory written as the stable home path the oracle saw. */
function inHome(outcome: Outcome, caseDir: string, home: string): Outcome {
  const rewrite = (text: string | null): string | null => (text === null ? null : text.split(caseDir).join(home));
  return { ...outcome, refused: rewrite(outcome.refused), error: rewrite(outcome.error), decidedFile: rewrite(outcome.decidedFile) };
}

async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next;
        next += 1;
        results[index] = await fn(items[index] as T);
      }
    }),
  );
  return results;
}

interface Difference {
  case: string;
  reason: string;
  oracle?: Outcome;
  regauth?: Outcome;
}

export interface ReleaseResult {
  client: string;
  release: string;
  cases: number;
  agree: number;
  differences: Difference[];
}


/** The corpus laid out in a temporary directory for the tests of one file. */
export interface CorpusFixture {
  root: string;
  /** the stable home path: a link the oracle (and skopeo) re-point from case to case */
  home: string;
  binDir: string;
  corpus: CorpusCase[];
}

/** The generated corpus, or the given hand-written cases. */
export function useCorpus(cases?: CorpusCase[]): CorpusFixture {
  const fixture: CorpusFixture = { root: '', home: '', binDir: '', corpus: [] };
  before(() => {
    fixture.root = mkdtempSync(join(tmpdir(), 'regauth-containers-corpus-'));
    fixture.home = join(fixture.root, 'home');
    fixture.binDir = join(fixture.root, 'bin');
    writeCorpusHelpers(fixture.binDir);
    fixture.corpus = cases ?? generateCorpus(CASE_COUNT);
    for (const testCase of fixture.corpus) layOutCase(testCase, join(fixture.root, 'cases', testCase.id));
  });
  after(() => rmSync(fixture.root, { recursive: true, force: true }));
  return fixture;
}

export function oracleRequest({ root, home, binDir }: CorpusFixture, testCase: CorpusCase) {
  return {
    id: testCase.id,
    env: caseEnv(testCase, home, binDir),
    image: testCase.image,
    ...(testCase.authFile === undefined ? {} : { authFile: join(home, testCase.authFile) }),
    ...(testCase.key === undefined ? {} : { key: testCase.key }),
    links: [{ path: home, target: join(root, 'cases', testCase.id) }],
  };
}


/** One release line: the oracle's answers and regauth's, case by case. Unexplained differences fail. */
export async function checkRelease(fixture: CorpusFixture, release: string, options: { record: boolean } = { record: true }): Promise<ReleaseResult> {
  const { root, home, binDir, corpus } = fixture;
  const answers = await askOracle<OracleAnswer[]>(`containers-image-${release}`, corpus.map((testCase) => oracleRequest(fixture, testCase)), {
    timeoutMs: 240_000,
    // containers/storage reads $HOME once, possibly before the first case sets it
    env: { ...process.env, HOME: home },
  });
  assert.equal(answers.length, corpus.length);
  const result: ReleaseResult = { client: 'podman', release, cases: corpus.length, agree: 0, differences: [] };
  const unexplained: Difference[] = [];
  // regauth reads $HOME afresh each time, so it runs on the case directories themselves,
  // several at once, and its paths are written back in terms of the stable home path
  const resolutions = await mapConcurrently(corpus, 8, async (testCase) => {
    const caseDir = join(root, 'cases', testCase.id);
    // a key is read as `regauth get KEY` reads its argument
    const [resolution] = await resolveAll(
      testCase.key === undefined ? { registry: '', repository: null, image: testCase.image } : targetFromArgument(testCase.key),
      {
        clients: ['podman'],
        containersTool: 'skopeo',
        containersRelease: containersVersionArgument(release),
        env: caseEnv(testCase, caseDir, binDir),
        ...(testCase.authFile === undefined ? {} : { authFile: join(caseDir, testCase.authFile) }),
      },
    );
    assert.ok(resolution !== undefined);
    return { resolution, caseDir };
  });
  for (const [index, testCase] of corpus.entries()) {
    const answer = answers[index];
    const resolved = resolutions[index];
    assert.ok(answer !== undefined && answer.id === testCase.id && resolved !== undefined);
    const { resolution, caseDir } = resolved;
    const oracle = fromOracle(answer);
    const regauth = inHome(fromRegauth(resolution), caseDir, home);
    // a random winner is listed every time, whether or not this run's pick happened to agree
    if (!resolution.ambiguous && JSON.stringify(oracle) === JSON.stringify(regauth)) {
      result.agree += 1;
      continue;
    }
    const reason = knownReason(oracle, regauth, resolution);
    if (reason === null) unexplained.push({ case: testCase.id, reason: 'unexplained', oracle, regauth });
    else result.differences.push({ case: testCase.id, reason });
  }
  if (options.record) recordFidelity(result);
  assert.deepEqual(unexplained.slice(0, 5), [], `${unexplained.length} unexplained differences (first five shown)`);
  return result;
}

/** With REGAUTH_WRITE_FIDELITY=1, the release's row replaces its old one in docs/fidelity/containers.json. */
function recordFidelity({ client, release, cases, agree, differences }: ReleaseResult): void {
  if (process.env['REGAUTH_WRITE_FIDELITY'] !== '1') return;
  const path = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'fidelity', 'containers.json');
  mkdirSync(dirname(path), { recursive: true });
  const rows = (existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ReleaseResult[]) : []).filter((row) => row.release !== release);
  rows.push({ client, release, cases, agree, differences: differences.map(({ case: id, reason }) => ({ case: id, reason })) });
  rows.sort((a, b) => Number(a.release.split('.')[1]) - Number(b.release.split('.')[1]));
  writeFileSync(path, `${JSON.stringify(rows, null, 2)}\n`);
}
