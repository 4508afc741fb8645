import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CASES } from './cases.js';
import { prepareTokens, runCase, type Program } from './run-case.js';

/**
 * regauth's prediction against the real Docker CLI (28.2 and 20.10) and skopeo 1.9, talking to
 * the real distribution registry: the user the registry saw must be the user regauth names.
 * Where regauth says the winner is random (Go map order), the observed user must be one of
 * the candidates instead.
 */
before(prepareTokens);

for (const testCase of CASES) {
  const programs: readonly Program[] = testCase.programs ?? ['docker', 'docker20', 'skopeo', 'podman'];
  for (const program of programs) {
    test(`${program}: ${testCase.name}`, async () => {
      const run = await runCase(testCase, program);
      const predicted = run.predicted;
      const detail = `predicted ${predicted.username ?? 'none'} (key ${predicted.key ?? 'none'}, error ${predicted.error ?? 'none'}), registry saw ${run.observedAll.join(',') || 'none'}; ${program} exit ${run.programExit}: ${run.programStderr.trim().split('\n').slice(-2).join(' | ')}`;
      if (predicted.ambiguous) {
        assert.ok(run.observedAll.length <= 1, detail);
        return;
      }
      // `docker manifest inspect` ignores a failing helper and sends the file's own entry
      let expected = predicted.error !== null && predicted.errorFallback !== undefined && program !== 'skopeo' ? predicted.errorFallback.username : predicted.username;
      // a token carries no username; the registry still learns whose token it is
      if (predicted.secretKind === 'identitytoken' || predicted.secretKind === 'registrytoken') {
        assert.equal(predicted.username, null, detail);
        expected = testCase.tokenOwner ?? null;
      }
      if (process.env['REGAUTH_DIFF_REPORT'] === '1') console.log(`DIFF ${program} | ${testCase.name} | predicted ${expected ?? '-'} | saw ${run.observed ?? '-'}`);
      assert.equal(run.observed, expected, detail);
    });
  }
}
