/**
 * The whole outcome of one run of a real client, compared with what regauth predicts for it.
 *
 * A run is judged on four things: whom the registry accepted, whom it rejected, whether the
 * program succeeded, and (when it failed) why. The prediction is read only from what regauth
 * shows (`resolutionJson`), so a field no output carries cannot excuse a mismatch. A program
 * that did not run, was killed or failed for a reason we cannot name never agrees with anything.
 */
import { resolutionJson } from '../../src/cli/render/resolution.js';
import type { Credentials, Resolution } from '../../src/clients/model.js';

/** Why a program failed. `unknown` (unnamed stderr), `crashed` and `not-run` never match a prediction. */
export type ErrorClass = 'auth' | 'file' | 'parse' | 'helper' | 'network' | 'unknown';
export type ExitClass = 'ok' | 'failed' | 'crashed' | 'not-run';

export interface ProgramRun {
  /** null when the program was killed by a signal */
  code: number | null;
  stdout: string;
  stderr: string;
  /** set when the program could not be started at all */
  spawnError?: string;
}

export interface RegistrySaw {
  /** users the registry (or its token server) authenticated */
  accepted: readonly string[];
  /** users presented with a secret the registry refused */
  rejected: readonly string[];
}

export interface OutcomeContext {
  /** whether the registry lets an anonymous client read the image */
  anonymousReads: boolean;
  /** the user whose valid secret this is (password, identity token or registry token), or null */
  ownerOf(credentials: Credentials): string | null;
  /**
   * The command ignores a failing credential lookup and sends the file's own entry instead
   * (docker manifest inspect, buildx). regauth must show that fallback for it to count.
   */
  ignoresLookupError?: boolean;
}

export interface ObservedOutcome {
  accepted: string[];
  rejected: string[];
  exit: ExitClass;
  error: ErrorClass | null;
}

export interface ExpectedOutcome {
  /** each alternative is one possible whole outcome; more than one only for an ambiguous prediction */
  alternatives: Array<Omit<ObservedOutcome, 'exit'> & { exit: 'ok' | 'failed'; sender: string }>;
}

export interface Comparison {
  observed: ObservedOutcome;
  expected: ExpectedOutcome;
  mismatches: string[];
}

// Ordered: a helper's message may say anything; Docker warns about a broken file and then fails
// on the registry's refusal, which is what decides its outcome.
const ERROR_PATTERNS: Array<[ErrorClass, RegExp]> = [
  ['helper', /error getting credentials|docker-credential-|credential helper/i],
  ['auth', /unauthorized|authentication required|no basic auth credentials|access denied|requested access to the resource is denied|incorrect username or password/i],
  ['file', /(stat|open) [^:]+: (no such file or directory|not a directory)|permission denied|is a directory/i],
  ['parse', /invalid character|unexpected end of JSON|unmarshal|illegal base64|invalid auth|missing protocol scheme/i],
  ['network', /connection refused|no such host|i\/o timeout|dial tcp|tls: |x509: |network is unreachable/i],
];

export function errorClassOf(stderr: string): ErrorClass {
  for (const [errorClass, pattern] of ERROR_PATTERNS) if (pattern.test(stderr)) return errorClass;
  return 'unknown';
}

export function observeOutcome(run: ProgramRun, saw: RegistrySaw): ObservedOutcome {
  const accepted = [...saw.accepted].sort();
  // the registry logs a request without credentials as a failed login of the user ""
  const rejected = saw.rejected.filter((name) => name !== '').sort();
  if (run.spawnError !== undefined) return { accepted, rejected, exit: 'not-run', error: null };
  if (run.code === null || run.stderr.includes('[testbed: killed after')) return { accepted, rejected, exit: 'crashed', error: null };
  // 126/127: the shell could not run it; 2 from Go is a flag error, >128 a signal by proxy
  if (run.code === 126 || run.code === 127 || run.code > 128) return { accepted, rejected, exit: 'crashed', error: null };
  if (run.code === 0) return { accepted, rejected, exit: 'ok', error: null };
  return { accepted, rejected, exit: 'failed', error: errorClassOf(run.stderr) };
}

interface Shown {
  error: string | null;
  helper: string | null;
  username: string | null;
  secretPresent: boolean;
  ambiguous: boolean;
  candidates?: Array<{ key: string | null; username: string | null; sends: boolean }>;
  errorFallback?: { key: string | null; username: string | null };
}

/** What the registry and the program do when these credentials (or none) are sent. */
function sendOutcome(sender: string | null, credentials: Credentials | null, context: OutcomeContext): ExpectedOutcome['alternatives'][number] {
  if (credentials === null || sender === null) {
    return { accepted: [], rejected: [], exit: context.anonymousReads ? 'ok' : 'failed', error: context.anonymousReads ? null : 'auth', sender: 'nobody' };
  }
  const owner = context.ownerOf(credentials);
  const tokenOnly = credentials.username === null;
  if (owner !== null && (tokenOnly || owner === credentials.username)) return { accepted: [owner], rejected: [], exit: 'ok', error: null, sender: owner };
  // a wrong token names nobody; a wrong password names its user
  return { accepted: [], rejected: tokenOnly ? [] : [credentials.username ?? ''], exit: 'failed', error: 'auth', sender: credentials.username ?? 'an unknown token' };
}

/** regauth words its errors as the client does, so the same patterns name the class it predicts. */
function predictedErrorClass(shown: Shown): ErrorClass {
  return errorClassOf(shown.error ?? '');
}

/** Every whole outcome regauth's shown prediction allows. */
export function expectedOutcome(resolution: Resolution, context: OutcomeContext): ExpectedOutcome {
  const shown = resolutionJson(resolution) as unknown as Shown;
  if (shown.error !== null) {
    if (context.ignoresLookupError === true && shown.errorFallback !== undefined) {
      const fallback = resolution.errorFallback?.credentials ?? null;
      return { alternatives: [sendOutcome(fallback === null ? null : (shown.errorFallback.username ?? 'token'), fallback, context)] };
    }
    return { alternatives: [{ accepted: [], rejected: [], exit: 'failed', error: predictedErrorClass(shown), sender: 'nobody' }] };
  }
  const chosen = sendOutcome(shown.secretPresent ? (shown.username ?? 'token') : null, shown.secretPresent ? resolution.credentials : null, context);
  if (!shown.ambiguous) return { alternatives: [chosen] };
  const candidates = shown.candidates ?? [];
  const alternatives = candidates.map((candidate, index) => {
    const credentials = resolution.candidates?.[index]?.credentials ?? null;
    return sendOutcome(candidate.sends ? (candidate.username ?? 'token') : null, candidate.sends ? credentials : null, context);
  });
  return { alternatives };
}

function same(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((value, index) => value === right[index]);
}

function describe(outcome: Omit<ObservedOutcome, 'exit'> & { exit: string }): string {
  return `accepted [${outcome.accepted.join(',')}], rejected [${outcome.rejected.join(',')}], exit ${outcome.exit}${outcome.error === null ? '' : ` (${outcome.error})`}`;
}

/**
 * The mismatches between one run and regauth's prediction; empty means they agree.
 * An ambiguous prediction must list its candidates, and the run must match one of them.
 */
export function compareOutcome(run: ProgramRun, saw: RegistrySaw, resolution: Resolution, context: OutcomeContext): Comparison {
  const observed = observeOutcome(run, saw);
  const expected = expectedOutcome(resolution, context);
  const mismatches: string[] = [];
  if (observed.exit === 'not-run') mismatches.push(`the program did not run: ${run.spawnError ?? ''}`);
  if (observed.exit === 'crashed') mismatches.push(`the program crashed or was killed (exit ${run.code ?? 'signal'})`);
  if (observed.error === 'unknown') mismatches.push(`the program failed for a reason no error class names: ${lastLines(run.stderr)}`);
  if (resolution.ambiguous && expected.alternatives.length < 2) mismatches.push('the prediction is ambiguous but does not list at least two candidates');
  if (expected.alternatives.some((alternative) => alternative.error === 'unknown')) mismatches.push(`regauth predicts an error no error class names: ${resolution.error ?? ''}`);
  if (mismatches.length > 0) return { observed, expected, mismatches };
  const agreeing = expected.alternatives.find(
    (alternative) => same(alternative.accepted, observed.accepted) && same(alternative.rejected, observed.rejected) && alternative.exit === observed.exit && alternative.error === observed.error,
  );
  if (agreeing === undefined) {
    const wanted = expected.alternatives.map(describe).join(' | or | ');
    mismatches.push(`observed ${describe(observed)}; regauth predicts ${wanted}`);
  }
  return { observed, expected, mismatches };
}

export function lastLines(text: string, count = 2): string {
  return text.trim().split('\n').slice(-count).join(' | ');
}
