import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { loadTestbed } from '../testbed/testbed.js';
import { authOf, homeWithDockerConfig, regauth, seedConfig } from './support.js';

/**
 * The seed case end to end with the real Docker CLI against the offline Docker Hub:
 * `docker login` "succeeded", yet the key is `docker.io`, so the CLI sends nothing.
 */
test('seed: resolve explains why docker sends nothing and podman sends alice', async () => {
  const testbed = loadTestbed();
  const { home } = homeWithDockerConfig(testbed, seedConfig(authOf(testbed, 'alice')));
  const result = await regauth(['resolve', 'alice/app', '--json'], { env: { HOME: home } });
  assert.equal(result.code, 0, result.stderr);
  type Step = { why: string; key?: string };
  type Entry = Record<string, unknown> & { trace: Step[] };
  const json = JSON.parse(result.stdout) as { image: string; results: Entry[] };
  assert.equal(json.image, 'docker.io/alice/app');
  const byClient: Record<string, Entry> = Object.fromEntries(json.results.map((entry) => [String(entry['client']), entry]));
  assert.equal(byClient['docker']?.['username'], null);
  assert.equal(byClient['docker']?.['source'], 'none');
  assert.ok(byClient['docker']?.trace.some((step: Step) => step.key === 'docker.io' && step.why.includes('https://index.docker.io/v1/')));
  assert.equal(byClient['podman']?.['username'], 'alice');
  assert.equal(byClient['podman']?.['key'], 'docker.io');
  assert.equal(byClient['podman']?.['secretPresent'], true);
  assert.equal(byClient['podman']?.['secretKind'], 'password');
  assert.ok(!result.stdout.includes(testbed.user('alice').password));
  assert.ok(!result.stdout.includes(authOf(testbed, 'alice')));
});

test('seed: doctor finds the Hub key, fix repairs it, the real Docker CLI then authenticates', async () => {
  const testbed = loadTestbed();
  const original = seedConfig(authOf(testbed, 'alice'));
  const { home, configDir, configPath } = homeWithDockerConfig(testbed, original);
  const env = { HOME: home };

  const before = await testbed.usersSeen('hub', () => testbed.runDocker(['manifest', 'inspect', 'alice/app'], { configDir }));
  assert.deepEqual(before.users, [], 'before the fix Docker sends no credentials');

  const doctor = await regauth(['doctor', '--offline', '--json'], { env });
  assert.equal(doctor.code, 1, doctor.stderr);
  const findings = (JSON.parse(doctor.stdout) as { findings: Array<{ id: string; file: string; line: number; key: string; fix: unknown }> }).findings;
  const hubKey = findings.find((finding) => finding.id === 'docker-hub-key-ignored');
  assert.ok(hubKey, doctor.stdout);
  assert.equal(hubKey.file, configPath);
  assert.equal(hubKey.line, 3);
  assert.equal(hubKey.key, 'docker.io');
  assert.notEqual(hubKey.fix, null);

  const fix = await regauth(['fix', '--yes', '--json'], { env });
  assert.equal(fix.code, 0, fix.stdout + fix.stderr);
  const fixed = JSON.parse(fix.stdout) as { backup: string; applied: Array<{ id: string }>; after: { findings: Array<{ severity: string }> } };
  // the rename is proposed by both findings (the Hub key and the clients' disagreement) and applied once
  assert.equal(fixed.applied.length, 1, JSON.stringify(fixed.applied));
  assert.ok(fixed.applied.some((item) => item.id === 'docker-hub-key-ignored' || item.id === 'clients-disagree'));
  assert.equal(fixed.after.findings.filter((finding) => finding.severity === 'error').length, 0);
  assert.equal(readFileSync(fixed.backup, 'utf8'), original, 'the backup holds the original bytes');
  const now = readFileSync(configPath, 'utf8');
  assert.equal(now, original.replace('"docker.io"', '"https://index.docker.io/v1/"'), 'only the key changed; email and formatting survive');
  assert.equal(statSync(configPath).mode & 0o777, 0o600);

  const after = await testbed.usersSeen('hub', () => testbed.runDocker(['manifest', 'inspect', 'alice/app'], { configDir }));
  assert.deepEqual(after.users, ['alice'], 'after the fix Docker authenticates as alice');

  const again = await regauth(['fix', '--yes', '--json'], { env });
  assert.equal(again.code, 0);
  assert.deepEqual((JSON.parse(again.stdout) as { applied: unknown[] }).applied, [], 'a second run changes nothing');
  assert.equal(readFileSync(configPath, 'utf8'), now);
  assert.equal(readdirSync(configDir).filter((name) => name.includes('regauth-backup')).length, 1);

  const clean = await regauth(['doctor', '--offline'], { env });
  assert.equal(clean.code, 0, clean.stdout);
});

test('doctor online: a wrong password is named, fixing it by hand makes docker and doctor agree', async () => {
  const testbed = loadTestbed();
  const wrong = Buffer.from('alice:not-the-password').toString('base64');
  const { home, configDir, configPath } = homeWithDockerConfig(testbed, JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: wrong } } }, null, '\t'));
  const env = { HOME: home };
  const inspect = await testbed.runDocker(['manifest', 'inspect', 'alice/app'], { configDir });
  assert.notEqual(inspect.code, 0, 'the real CLI fails with the wrong password');
  const doctor = await regauth(['doctor', 'alice/app', '--json', '--timeout', '20'], { env });
  assert.equal(doctor.code, 1, doctor.stdout + doctor.stderr);
  const ids = (JSON.parse(doctor.stdout) as { findings: Array<{ id: string }> }).findings.map((finding) => finding.id);
  assert.ok(ids.some((id) => /bad-credentials|login-failed|credentials-rejected/.test(id)), ids.join(', '));

  const { writeFileSync } = await import('node:fs');
  writeFileSync(configPath, JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: authOf(testbed, 'alice') } } }, null, '\t'));
  const again = await testbed.runDocker(['manifest', 'inspect', 'alice/app'], { configDir });
  assert.equal(again.code, 0, again.stderr);
  const clean = await regauth(['doctor', 'alice/app', '--json'], { env });
  const errors = (JSON.parse(clean.stdout) as { findings: Array<{ id: string; severity: string }> }).findings.filter((finding) => finding.severity === 'error');
  assert.deepEqual(errors, [], clean.stdout);
  assert.equal(clean.code, 0);
});
