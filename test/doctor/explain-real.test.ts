import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { explain, type MessageMatch } from '../../src/doctor/explain.js';
import { gatherFacts } from '../../src/doctor/gather.js';
import { runChecks } from '../../src/doctor/run-checks.js';
import { run } from '../testbed/process.js';
import { loadTestbed, writeJsonFile } from '../testbed/testbed.js';

/**
 * What the real programs print for a missing tag or repository and for a refused login, as
 * `regauth explain` reads it; and the commands its entries give, run as given.
 */
const testbed = loadTestbed();
after(() => testbed.close());

function topMatch(text: string): MessageMatch | null {
  const result = explain(text);
  return result.kind === 'messages' ? (result.matches[0] ?? null) : null;
}

/** podman's global options for a throwaway store (its runroot must stay under 50 characters) */
function podmanStore(): string[] {
  const storage = testbed.tempDir('p');
  return ['--root', join(storage, 'root'), '--runroot', join(storage, 'run'), '--storage-driver', 'vfs', '--cgroup-manager', 'cgroupfs', '--events-backend', 'none'];
}

function podman(args: readonly string[], home: string, input?: string): ReturnType<typeof run> {
  return run(testbed.bins.podman, [...podmanStore(), ...args], { env: testbed.env({ HOME: home, XDG_RUNTIME_DIR: undefined, XDG_CONFIG_HOME: undefined }), ...(input === undefined ? {} : { input }), timeoutMs: 60_000 });
}

test('a missing tag or repository, as skopeo 1.9.3 and Docker 28.2 and 20.10 print it, is explained as such; the confirm command lists the tags', async () => {
  const alice = testbed.user('alice');
  const creds = `${alice.name}:${alice.password}`;
  const configDir = testbed.tempDir('docker');
  writeJsonFile(configDir, 'config.json', { auths: { 'myreg.example.com': { auth: Buffer.from(creds).toString('base64') } } });
  const cases: Array<[string, Promise<{ code: number | null; stderr: string }>, string]> = [
    ['skopeo, missing tag', testbed.runSkopeo(['inspect', '--retry-times', '0', '--creds', creds, 'docker://myreg.example.com/app:nosuchtag']), 'manifest-unknown'],
    ['skopeo, missing repository', testbed.runSkopeo(['inspect', '--retry-times', '0', '--creds', creds, 'docker://myreg.example.com/nosuchrepo:latest']), 'manifest-unknown'],
    ['skopeo list-tags, missing repository', testbed.runSkopeo(['list-tags', '--retry-times', '0', '--creds', creds, 'docker://myreg.example.com/nosuchrepo']), 'name-unknown'],
    ['docker 28, missing tag', testbed.runDocker(['manifest', 'inspect', 'myreg.example.com/app:nosuchtag'], { configDir }), 'manifest-unknown'],
    ['docker 20.10, missing tag', testbed.runDocker(['manifest', 'inspect', 'myreg.example.com/app:nosuchtag'], { configDir, dockerBin: testbed.bins.docker20 }), 'manifest-unknown'],
  ];
  for (const [label, running, id] of cases) {
    const result = await running;
    assert.notEqual(result.code, 0, `${label} succeeded`);
    assert.equal(topMatch(result.stderr)?.id, id, `${label}: ${result.stderr}`);
  }
  // the confirm command of both entries, with the same credentials
  const confirm = topMatch('manifest unknown: manifest unknown')?.confirm ?? '';
  assert.match(confirm, /^skopeo list-tags docker:\/\/REGISTRY\/REPOSITORY/);
  const listed = await testbed.runSkopeo(['list-tags', '--retry-times', '0', '--creds', creds, 'docker://myreg.example.com/app']);
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual((JSON.parse(listed.stdout) as { Tags: string[] }).Tags, ['latest']);
});

test('a refused login, as skopeo 1.9.3 and podman 4.3.1 print it, is explained as such; the fix given logs in', async () => {
  const alice = testbed.user('alice');
  const home = testbed.tempDir('login');
  const refused = [
    await testbed.runSkopeo(['login', '--authfile', join(home, 'skopeo.json'), '-u', alice.name, '-p', 'not-the-password', 'myreg.example.com']),
    await testbed.runSkopeo(['login', '--authfile', join(home, 'skopeo.json'), '-u', alice.name, '-p', 'not-the-password', 'docker.io']),
    await podman(['login', '--authfile', join(home, 'podman.json'), '-u', alice.name, '--password-stdin', 'myreg.example.com'], home, 'not-the-password'),
  ];
  for (const result of refused) {
    assert.notEqual(result.code, 0);
    assert.equal(topMatch(result.stderr)?.id, 'containers-login-invalid', result.stderr);
  }
  // the fix, with the placeholders filled in: printf '%s' "$TOKEN" | podman login -u 'USER' --password-stdin REGISTRY
  const fix = topMatch(refused[2]?.stderr ?? '')?.fix[0] ?? '';
  const command = /^(printf '%s' "\$TOKEN" \| podman login -u 'USER' --password-stdin REGISTRY)/.exec(fix)?.[1];
  assert.ok(command !== undefined, fix);
  const filled = command
    .replace('podman login', `${testbed.bins.podman} ${podmanStore().join(' ')} login --authfile ${join(home, 'fixed.json')}`)
    .replace("'USER'", `'${alice.name}'`)
    .replace('REGISTRY', 'myreg.example.com');
  const loggedIn = await run('sh', ['-c', filled], { env: testbed.env({ HOME: home, TOKEN: alice.password, XDG_RUNTIME_DIR: undefined }), timeoutMs: 60_000 });
  assert.equal(loggedIn.code, 0, loggedIn.stderr);
  assert.match(loggedIn.stdout, /Login Succeeded/);
});

test('a helper reachable only through a relative PATH entry: doctor reports it missing, the finding the explain entry names', async () => {
  const home = testbed.tempDir('relative');
  mkdirSync(join(home, 'bin'));
  const helper = join(home, 'bin', 'docker-credential-rel');
  writeFileSync(helper, '#!/bin/sh\nexit 1\n');
  chmodSync(helper, 0o755);
  writeJsonFile(join(home, '.docker'), 'config.json', { credsStore: 'rel' });
  const match = topMatch('error getting credentials - err: exec: "docker-credential-rel": cannot run executable found relative to current directory, out: ``');
  assert.equal(match?.id, 'helper-relative-path');
  const facts = await gatherFacts({ env: { HOME: home, PATH: `bin:${testbed.env()['PATH'] ?? ''}` }, offline: true, dockerVersion: { major: 28, minor: 2, patch: 2 }, helperTimeoutMs: 2_000 });
  const found = runChecks(facts).findings.filter((finding) => finding.id === 'helper-missing');
  assert.equal(found.length, 1, JSON.stringify(runChecks(facts).findings.map((finding) => finding.id)));
  assert.deepEqual(match?.findings.map((finding) => finding.id), ['helper-missing']);
});
