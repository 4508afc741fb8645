/**
 * `doctor` over N registries × M keys whose credential helpers never answer: every helper
 * question is asked at most once, all together under one helper deadline, and a helper that
 * ran out of time is not asked again (not for another key, not for `list`). No timing is
 * asserted; the run's own time limit is only a net against a hang.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { helperCalls, testHelperScript } from '../testbed/helper-script.js';
import { loadTestbed } from '../testbed/testbed.js';
import { homeWithDockerConfig, regauth } from './support.js';

const REGISTRIES = 6;
const HELPERS = ['stuck-a', 'stuck-b', 'stuck-c'];

test('doctor: hung helpers behind many keys are each asked once per question, never listed after timing out', async () => {
  const testbed = loadTestbed();
  const helperDir = testbed.tempDir('helpers');
  for (const name of HELPERS) testHelperScript(helperDir, name, { mode: 'hang' });
  const credHelpers: Record<string, string> = {};
  for (let index = 0; index < REGISTRIES; index++) credHelpers[`reg${index}.example.test`] = HELPERS[index % HELPERS.length] as string;
  const { home } = homeWithDockerConfig(testbed, JSON.stringify({ auths: {}, credHelpers }));
  const result = await regauth(['doctor', '--offline', '--json', '--helper-timeout', '1'], {
    env: { HOME: home, PATH: `${helperDir}:${testbed.env()['PATH'] ?? ''}` },
    timeoutMs: 120_000,
  });
  assert.equal(result.timedOut, false, 'doctor did not end');
  const json = JSON.parse(result.stdout) as { findings: Array<{ id: string; title: string }> };
  const failing = json.findings.filter((finding) => finding.id === 'helper-failing');
  assert.equal(failing.length, HELPERS.length, JSON.stringify(json.findings.map((finding) => finding.id)));
  for (const name of HELPERS) {
    const calls = helperCalls(helperDir, name);
    assert.equal(calls.filter((call) => call.action === 'list').length, 0, `${name} was listed after timing out`);
    const gets = calls.filter((call) => call.action === 'get').map((call) => call.input);
    // one question per key at most, never the same one twice
    assert.ok(gets.length <= REGISTRIES / HELPERS.length, `${name}: ${gets.length} get calls`);
    assert.equal(new Set(gets).size, gets.length, `${name} was asked the same question twice: ${gets.join(', ')}`);
  }
});
