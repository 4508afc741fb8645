import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CASES } from './cases.js';
import { compareOutcome, lastLines, type ErrorClass } from './outcome.js';
import { prepareTokens, runCase, type Program } from './run-case.js';

/**
 * regauth's prediction against the real Docker CLI (28.2 and 20.10), skopeo and podman, talking
 * to the real distribution registry: the whole outcome must agree — whom the registry accepted
 * and rejected, whether the program succeeded, and why it failed. Where regauth says the winner
 * is random (Go map order), it must list the candidates and the run must match one of them.
 */
before(prepareTokens);

const failedRuns: Array<{ name: string; observed: ErrorClass | null; predicted: Array<ErrorClass | null> }> = [];

for (const testCase of CASES) {
  const programs: readonly Program[] = testCase.programs ?? ['docker', 'docker20', 'skopeo', 'podman'];
  for (const program of programs) {
    test(`${program}: ${testCase.name}`, async () => {
      const run = await runCase(testCase, program);
      const comparison = compareOutcome(run.program, run.saw, run.predicted, run.context);
      const predicted = run.predicted;
      const detail = `predicted ${predicted.username ?? 'none'} (key ${predicted.key ?? 'none'}, error ${predicted.error ?? 'none'}${predicted.ambiguous ? ', ambiguous' : ''}); ${program} exit ${run.program.code ?? 'signal'}: ${lastLines(run.program.stderr)}`;
      if (comparison.observed.exit === 'failed') {
        failedRuns.push({ name: `${program}: ${testCase.name}`, observed: comparison.observed.error, predicted: comparison.expected.alternatives.map((alternative) => alternative.error) });
      }
      if (process.env['REGAUTH_DIFF_REPORT'] === '1') console.log(`DIFF ${program} | ${testCase.name} | ${comparison.mismatches.join('; ') || 'agrees'} | ${detail}`);
      assert.deepEqual(comparison.mismatches, [], detail);
      // where a token is sent, the registry must see the user the case says owns it
      const sendsToken = predicted.secretKind === 'identitytoken' || predicted.secretKind === 'registrytoken';
      if (testCase.tokenOwner !== undefined && sendsToken) assert.deepEqual(comparison.observed.accepted, [testCase.tokenOwner], detail);
    });
  }
}

after(() => {
  const byClass = new Map<string, number>();
  for (const failed of failedRuns) byClass.set(String(failed.observed), (byClass.get(String(failed.observed)) ?? 0) + 1);
  const classes = [...byClass].map(([name, count]) => `${name} ${count}`).join(', ');
  console.log(`differential: ${failedRuns.length} runs where the real program failed (${classes}); each compared its error class with regauth's`);
});
