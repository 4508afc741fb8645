import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../testbed/process.js';
import { loadTestbed, writeJsonFile } from '../testbed/testbed.js';
import { regauth } from '../cli/support.js';

/** The config-content findings against the real Docker CLI and registry: the problem is real, and so is the fix. */
const testbed = loadTestbed();
after(() => testbed.close());

test('an auth made with echo: doctor names it at its line, Docker is refused, the printf-made value works', async () => {
  const alice = testbed.user('alice');
  const dir = testbed.tempDir('echo-auth');
  const echoed = Buffer.from(`alice:${alice.password}\n`).toString('base64');
  const path = writeJsonFile(dir, 'config.json', { auths: { 'myreg.example.com': { auth: echoed } } });
  const doctor = await regauth(['doctor', '--offline', '--config', path, '--json']);
  const report = JSON.parse(doctor.stdout) as { findings: Array<{ id: string; line: number | null; file: string | null }> };
  const finding = report.findings.find((item) => item.id === 'auth-trailing-whitespace');
  assert.ok(finding, doctor.stdout);
  assert.deepEqual([finding.file, finding.line], [path, 3]);
  assert.ok(!doctor.stdout.includes(alice.password));
  const refused = await testbed.usersSeen('myreg', () => testbed.runDocker(['manifest', 'inspect', 'myreg.example.com/app'], { configDir: dir }));
  assert.notEqual(refused.result.code, 0, 'the registry refuses the password with a newline');
  // the advised fix: printf '%s' 'user:password' | base64 -w0
  const fixedDir = testbed.tempDir('printf-auth');
  writeJsonFile(fixedDir, 'config.json', { auths: { 'myreg.example.com': { auth: Buffer.from(`alice:${alice.password}`).toString('base64') } } });
  const accepted = await testbed.usersSeen('myreg', () => testbed.runDocker(['manifest', 'inspect', 'myreg.example.com/app'], { configDir: fixedDir }));
  assert.equal(accepted.result.code, 0, accepted.result.stderr);
  assert.deepEqual(accepted.users, ['alice']);
});

test('"credStore" is ignored by the real Docker CLI (it falls back to its default store); renamed as advised, the named helper is used', async () => {
  const bob = testbed.user('bob');
  const dir = testbed.tempDir('credstore-typo');
  const path = writeJsonFile(dir, 'config.json', { auths: {}, credStore: 'desktop' });
  const doctor = await regauth(['doctor', '--offline', '--config', path, '--json']);
  const report = JSON.parse(doctor.stdout) as { findings: Array<{ id: string; line: number | null; title: string; file: string | null }> };
  const finding = report.findings.find((item) => item.id === 'config-key-misspelt');
  assert.ok(finding, doctor.stdout);
  assert.match(finding.title, /did you mean "credsStore"/);
  assert.deepEqual([finding.file, finding.line], [path, 3]);
  const login = (configDir: string) =>
    run(testbed.bins.docker, ['login', 'myreg.example.com', '-u', 'bob', '--password-stdin'], { env: testbed.env({ DOCKER_CONFIG: configDir }), input: bob.password });
  const ignored = await login(dir);
  // not the helper the typo names: Docker picked its default store (pass, installed here and not initialised)
  assert.doesNotMatch(ignored.stderr, /docker-credential-desktop/);
  assert.match(ignored.stderr, /pass not initialized|password store is empty/);
  // the advised rename: now Docker asks docker-credential-desktop (not installed here)
  const renamedDir = testbed.tempDir('credstore-renamed');
  writeJsonFile(renamedDir, 'config.json', { auths: {}, credsStore: 'desktop' });
  const read = await login(renamedDir);
  assert.match(read.stderr, /docker-credential-desktop/);
});
