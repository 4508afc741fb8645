import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { helperCalls, testHelperScript } from '../testbed/helper-script.js';
import { loadTestbed } from '../testbed/testbed.js';
import { homeWithDockerConfig, regauth } from './support.js';

/** logout is true or fails loudly: each place reports what it lost, a helper that did not erase fails the command. */

interface LogoutJson {
  complete: boolean;
  places: Array<{ place: string; name: string; removed: string[]; left: Array<{ key: string; why: string }> }>;
}

const auth = (user: string, password: string): string => Buffer.from(`${user}:${password}`).toString('base64');

function envWithHelpers(home: string, helperDir: string): Record<string, string> {
  return { HOME: home, PATH: `${helperDir}:${process.env['PATH'] ?? '/usr/bin:/bin'}` };
}

test('a helper that fails on erase: exit 1, the helper and what it still holds are named', async () => {
  const testbed = loadTestbed();
  const { home } = homeWithDockerConfig(testbed, JSON.stringify({ auths: { 'myreg.example.com': {} }, credsStore: 'refuses' }));
  const helperDir = testHelperScript(testbed.tempDir('helpers'), 'refuses', { mode: 'fail', stderr: 'keychain is locked' });
  const env = envWithHelpers(home, helperDir);
  const human = await regauth(['logout', 'myreg.example.com'], { env });
  assert.equal(human.code, 1, human.stdout + human.stderr);
  assert.match(human.stderr, /docker-credential-refuses did not erase "myreg\.example\.com"/);
  assert.match(human.stderr, /still holds/);
  assert.match(human.stdout, /Removed "myreg\.example\.com" from .*config\.json/);

  const { home: again } = homeWithDockerConfig(testbed, JSON.stringify({ auths: { 'myreg.example.com': {} }, credsStore: 'refuses' }));
  const json = await regauth(['logout', 'myreg.example.com', '--json'], { env: envWithHelpers(again, helperDir) });
  assert.equal(json.code, 1);
  const report = JSON.parse(json.stdout) as LogoutJson;
  assert.equal(report.complete, false);
  const helperPlace = report.places.find((place) => place.place === 'helper');
  assert.equal(helperPlace?.name, 'docker-credential-refuses');
  assert.deepEqual(helperPlace?.left.map((left) => left.key), ['myreg.example.com']);
});

test('a hung helper: every spelling is asked at once under one deadline; what is left is named', async () => {
  const testbed = loadTestbed();
  const spellings = ['myreg.example.com', 'https://myreg.example.com', 'http://myreg.example.com', 'https://myreg.example.com/', 'https://myreg.example.com/v1/', 'https://myreg.example.com/v2/'];
  const { home } = homeWithDockerConfig(testbed, JSON.stringify({ auths: Object.fromEntries(spellings.map((key) => [key, {}])), credsStore: 'hangs' }));
  const helperDir = testHelperScript(testbed.tempDir('helpers'), 'hangs', { mode: 'hang' });
  const result = await regauth(['logout', 'myreg.example.com', '--json', '--helper-timeout', '1'], { env: envWithHelpers(home, helperDir) });
  assert.equal(result.code, 1, result.stderr);
  const report = JSON.parse(result.stdout) as LogoutJson;
  const helperPlace = report.places.find((place) => place.place === 'helper');
  assert.deepEqual(helperPlace?.left.map((left) => left.key).sort(), [...spellings].sort());
  // one round of parallel erases met the deadline; the rest were not started (one after another, all six ran)
  assert.ok(helperCalls(helperDir, 'hangs').length <= 4, `${helperCalls(helperDir, 'hangs').length} erase calls`);
});

test('logout --client podman erases through the credHelpers entry naming the registry', async () => {
  const testbed = loadTestbed();
  const { home } = homeWithDockerConfig(testbed, null);
  const authFile = join(testbed.tempDir('authfile'), 'auth.json');
  writeFileSync(authFile, JSON.stringify({ auths: {}, credHelpers: { 'myreg.example.com': 'keeper' } }), { mode: 0o600 });
  const helperDir = testHelperScript(testbed.tempDir('helpers'), 'keeper', { credentials: { 'myreg.example.com': { username: 'erin', secret: 'kept' } } });
  const result = await regauth(['logout', 'myreg.example.com', '--client', 'podman', '--json'], { env: { ...envWithHelpers(home, helperDir), REGISTRY_AUTH_FILE: authFile } });
  assert.equal(result.code, 0, result.stderr);
  const calls = helperCalls(helperDir, 'keeper').map((call) => [call.action, call.input.trim()]);
  // the erase, then the engine's check of what each client now sends
  assert.deepEqual(calls[0], ['erase', 'myreg.example.com']);
  assert.deepEqual(calls.slice(1), calls.slice(1).map(() => ['get', 'myreg.example.com']));
  const report = JSON.parse(result.stdout) as LogoutJson;
  assert.deepEqual(report.places.find((place) => place.place === 'helper')?.removed, ['myreg.example.com']);
});

test('logout and login leave no backup holding the credentials they removed; backups are 0600', async () => {
  const testbed = loadTestbed();
  const secretAuth = auth('alice', 'logged-out-secret');
  const { home, configDir, configPath } = homeWithDockerConfig(testbed, JSON.stringify({ auths: { 'myreg.example.com': { auth: secretAuth }, 'other.example.com': { auth: auth('bob', 'stays') } } }, null, 2));
  // a world-readable config, and a timestamped backup an older release left beside it
  writeFileSync(configPath, readFileSync(configPath), { mode: 0o644 });
  writeFileSync(join(configDir, 'config.json.regauth-backup-20250101T000000.000Z'), readFileSync(configPath), { mode: 0o644 });
  const env = { HOME: home };
  const logout = await regauth(['logout', 'myreg.example.com'], { env });
  assert.equal(logout.code, 0, logout.stderr);
  const holding = (): string[] => readdirSync(configDir).filter((name) => readFileSync(join(configDir, name), 'utf8').includes(secretAuth));
  assert.deepEqual(holding(), [], 'a file still holds the logged-out credentials');
  for (const name of readdirSync(configDir).filter((entry) => entry.includes('regauth-backup'))) {
    assert.ok(readFileSync(join(configDir, name), 'utf8').includes(auth('bob', 'stays')), `${name} lost an entry that was not logged out`);
  }
  assert.equal(statSync(join(configDir, 'config.json.regauth-backup')).mode & 0o777, 0o600);

  const oldPassword = auth('carol', 'replaced-by-login');
  writeFileSync(configPath, JSON.stringify({ auths: { 'myreg.example.com': { auth: oldPassword } } }), { mode: 0o600 });
  const login = await regauth(['login', 'myreg.example.com', '-u', 'carol', '--password-stdin', '--no-verify'], { env, input: 'the-new-one' });
  assert.equal(login.code, 0, login.stderr);
  assert.deepEqual(readdirSync(configDir).filter((name) => readFileSync(join(configDir, name), 'utf8').includes(oldPassword)), [], 'the replaced password stayed in a backup');

  const noBackup = await regauth(['logout', 'myreg.example.com', '--no-backup'], { env });
  assert.equal(noBackup.code, 0, noBackup.stderr);
});

test('doctor flags a world-readable backup left after chmod 600 of the file, and a copy holding logged-out credentials', async () => {
  const testbed = loadTestbed();
  const { home, configDir, configPath } = homeWithDockerConfig(testbed, JSON.stringify({ auths: { 'myreg.example.com': { auth: auth('alice', 'still-here') } } }));
  writeFileSync(join(configDir, 'config.json.regauth-backup-20250101T000000.000Z'), readFileSync(configPath), { mode: 0o644 });
  writeFileSync(join(configDir, 'config.json.bak'), JSON.stringify({ auths: { 'old.example.com': { auth: auth('bob', 'gone') } } }), { mode: 0o600 });
  const doctor = await regauth(['doctor', '--offline', '--json'], { env: { HOME: home } });
  const report = JSON.parse(doctor.stdout) as { findings: Array<{ id: string; file: string }> };
  const ids = report.findings.map((item) => `${item.id} ${item.file}`);
  assert.ok(ids.includes(`backup-readable-by-others ${join(configDir, 'config.json.regauth-backup-20250101T000000.000Z')}`), ids.join('\n'));
  assert.ok(ids.includes(`backup-holds-removed-credentials ${join(configDir, 'config.json.bak')}`), ids.join('\n'));
});

test('--helper-timeout is accepted wherever it is documented, and bounds doctor\'s helper phase', async () => {
  const testbed = loadTestbed();
  const hosts = Array.from({ length: 12 }, (_, index) => `r${index}.example.com`);
  const { home } = homeWithDockerConfig(testbed, JSON.stringify({ auths: Object.fromEntries(hosts.map((host) => [host, {}])), credsStore: 'hangs' }));
  const helperDir = testHelperScript(testbed.tempDir('helpers'), 'hangs', { mode: 'hang' });
  const env = envWithHelpers(home, helperDir);
  const doctor = await regauth(['doctor', '--offline', '--json', '--helper-timeout', '1'], { env });
  assert.notEqual(doctor.code, 2, doctor.stderr);
  // list runs once; of the twelve get questions only the first round starts before the deadline
  assert.ok(helperCalls(helperDir, 'hangs').length <= 1 + 4, `${helperCalls(helperDir, 'hangs').length} helper calls`);
  for (const args of [['resolve', 'r0.example.com/x'], ['ls'], ['fix', '--dry-run'], ['logout', 'nothing.example.com']]) {
    const result = await regauth([...args, '--helper-timeout', '1'], { env });
    assert.notEqual(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
  }
});
