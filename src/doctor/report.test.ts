import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderReport } from './report.js';
import { reportExitCode, runChecks } from './run-checks.js';
import { CONFIG_PATH, FIXTURE_SECRETS, scenario } from './scenario.test-support.js';

const ALL_FIXTURES = [
  'seed.json',
  'seed-exact.json',
  'hub-two-spellings.json',
  'host-conflict.json',
  'auth-bad-base64.json',
  'auth-no-colon.json',
  'auth-empty-user.json',
  'auth-username-mismatch.json',
  'invalid-json.json',
  'plaintext-with-helper.json',
  'host-forms.json',
  'tokens-expired.json',
];

function secretsIn(text: string): string[] {
  const encoded = FIXTURE_SECRETS.flatMap((secret) => [secret, Buffer.from(`alice:${secret}`).toString('base64')]);
  return encoded.filter((secret) => text.includes(secret));
}

describe('report rendering', () => {
  it('JSON has the documented fields, line 1-based, fix null without a fix', () => {
    const report = runChecks(scenario({ config: 'seed.json', configMeta: { mode: 0o644 } }));
    const parsed = JSON.parse(renderReport(report, { json: true })) as { findings: Array<Record<string, unknown>>; checked: Record<string, unknown> };
    const [hub, readable] = parsed.findings;
    for (const field of ['id', 'severity', 'title', 'detail', 'file', 'line', 'key', 'fix']) assert.ok(hub !== undefined && field in hub, field);
    assert.equal(hub?.['id'], 'docker-hub-key-ignored');
    assert.equal(hub?.['file'], CONFIG_PATH);
    assert.equal(hub?.['line'], 3);
    assert.equal(hub?.['key'], 'docker.io');
    assert.deepEqual((hub?.['fix'] as { edits: unknown[] }).edits, [{ kind: 'rename-key', path: ['auths', 'docker.io'], newKey: 'https://index.docker.io/v1/' }]);
    assert.equal(readable?.['id'], 'config-world-readable');
    assert.equal(readable?.['fix'], null);
    assert.equal(readable?.['command'], `chmod 600 ${CONFIG_PATH}`);
    assert.ok('clients' in parsed.checked);
    assert.equal(reportExitCode(report), 1);
  });

  it('human text groups by severity and shows where, why and fix', () => {
    const text = renderReport(runChecks(scenario({ config: 'seed.json', configMeta: { mode: 0o644 } })), { json: false });
    assert.ok(text.indexOf('Errors:') < text.indexOf('Warnings:'));
    assert.match(text, /where: \/home\/alice\/\.docker\/config\.json:3, key "docker\.io"/);
    assert.match(text, /fix: +regauth fix \(rename auths key "docker\.io" to "https:\/\/index\.docker\.io\/v1\/"\)/);
    assert.match(text, /fix: +chmod 600/);
    assert.match(text, /Checked:/);
  });

  it('never prints a secret, in text, JSON or the facts themselves', () => {
    for (const config of ALL_FIXTURES) {
      const facts = scenario({ config, configMeta: { mode: 0o644 } });
      const report = runChecks(facts);
      assert.ok(report.findings.length > 0, config);
      for (const output of [renderReport(report, { json: true }), renderReport(report, { json: false }), JSON.stringify(facts)]) {
        assert.deepEqual(secretsIn(output), [], config);
      }
    }
  });

  it('a clean report says so and exits 0', () => {
    const report = runChecks(scenario({ config: 'hub-correct.json' }));
    assert.equal(reportExitCode(report), 0);
    assert.match(renderReport(report, { json: false }), /^No problems found\./);
  });
});
