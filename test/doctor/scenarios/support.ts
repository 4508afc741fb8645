import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { regauth } from '../../cli/support.js';
import { run, type RunResult } from '../../testbed/process.js';
import { loadTestbed, type RegistryName, type Testbed } from '../../testbed/testbed.js';

/**
 * Scenarios of the failures users hit: a real fixture file, what `regauth doctor --offline`
 * reports for it (finding id, file and line), and the real client before and after the fix
 * the finding advises, against the testbed's registries.
 */

export const FIXTURES = fileURLToPath(new URL('../../../../test/doctor/scenarios/fixtures/', import.meta.url));

export interface ReportedFinding {
  id: string;
  severity: string;
  title: string;
  detail: string;
  file: string | null;
  line: number | null;
  key: string | null;
  command?: string;
  fix: unknown;
}

export function scenarioTestbed(): Testbed {
  return loadTestbed();
}

function base64(text: string): string {
  return Buffer.from(text).toString('base64');
}

/** A JWT whose "exp" lies in the past (unsigned: only its claims matter offline). */
export function expiredJwt(): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ sub: 'alice', exp: 1_600_000_000, iat: 1_599_990_000 })}.c2lnbmF0dXJl`;
}

/** The fixture's text with its placeholders filled from the testbed's users (passwords change every run). */
export function fixtureText(testbed: Testbed, name: string): string {
  const password = (user: string): string => testbed.user(user).password;
  return readFileSync(join(FIXTURES, name), 'utf8').replace(/\{\{([^}]+)\}\}/g, (_, spec: string) => {
    const [kind, first = '', second = ''] = spec.split(' ');
    switch (kind) {
      case 'auth':
        return base64(`${first}:${password(first)}`);
      case 'auth-as':
        // "-" stands for an empty user name
        return base64(`${first === '-' ? '' : first}:${password(second)}`);
      case 'base64':
        return base64(password(second));
      case 'password':
        return password(first);
      case 'jwt-expired':
        return expiredJwt();
      default:
        throw new Error(`unknown placeholder {{${spec}}} in ${name}`);
    }
  });
}

/** Writes the fixture into `dir` (as config.json unless named otherwise), private unless `mode` says otherwise. */
export function place(testbed: Testbed, fixture: string, dir: string, as = 'config.json', mode = 0o600): string {
  const path = join(dir, as);
  writeFileSync(path, fixtureText(testbed, fixture), { mode });
  chmodSync(path, mode);
  return path;
}

export interface DoctorRun {
  findings: ReportedFinding[];
  stdout: string;
}

/** `regauth doctor --offline --json`, with `--config FILE` when given. */
export async function doctor(options: { config?: string; args?: string[]; env?: Record<string, string | undefined>; offline?: boolean } = {}): Promise<DoctorRun> {
  const args = ['doctor', ...(options.offline === false ? [] : ['--offline']), ...(options.config === undefined ? [] : ['--config', options.config]), ...(options.args ?? []), '--json'];
  const result = await regauth(args, { env: options.env ?? {} });
  assert.ok(result.code === 0 || result.code === 1, `doctor exited ${String(result.code)}: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { findings: ReportedFinding[] };
  return { findings: report.findings, stdout: result.stdout };
}

/** The finding `id` at `file:line` (line null: the finding names no line); fails with the whole report otherwise. */
export function expectFinding(report: DoctorRun, id: string, file: string | null, line: number | null): ReportedFinding {
  const found = report.findings.find((item) => item.id === id && item.file === file && item.line === line);
  assert.ok(found, `expected ${id} at ${String(file)}:${String(line)}; doctor reported ${JSON.stringify(report.findings.map((item) => [item.id, item.file, item.line]))}`);
  return found;
}

export function expectNoFinding(report: DoctorRun, id: string): void {
  assert.deepEqual(report.findings.filter((item) => item.id === id).map((item) => item.title), [], `${id} is gone after the fix`);
}

/** `regauth fix --yes` for the file (the edit the finding carries), with its result. */
export async function regauthFix(config: string, extra: string[] = [], env: Record<string, string | undefined> = {}): Promise<RunResult> {
  const result = await regauth(['fix', '--config', config, '--yes', ...extra], { env });
  assert.equal(result.code, 0, `regauth fix: ${result.stdout}${result.stderr}`);
  return result;
}

/** Runs the finding's advised shell command for real, in the testbed environment. */
export async function runAdvised(testbed: Testbed, command: string, env: Record<string, string | undefined> = {}): Promise<RunResult> {
  const result = await run('sh', ['-c', command], { env: testbed.env(env), timeoutMs: 60_000 });
  assert.equal(result.code, 0, `advised command failed: ${command}\n${result.stdout}${result.stderr}`);
  return result;
}

export interface InspectOptions {
  env?: Record<string, string | undefined>;
  dockerBin?: string;
  /** another image than the registry's seeded default */
  image?: string;
}

const IMAGES: Record<RegistryName, string> = {
  hub: 'docker.io/alice/app',
  myreg: 'myreg.example.com/app',
  myreg5000: 'myreg.example.com:5000/app',
  other: 'other.example.com/app',
  local: 'localhost:5001/app',
};

/** `docker manifest inspect` of a seeded image on `registry` with the config directory given: exit code and the users the registry saw. */
export async function inspect(testbed: Testbed, registry: RegistryName, configDir: string | undefined, options: InspectOptions = {}): Promise<{ code: number | null; users: string[]; stderr: string }> {
  const args = ['manifest', 'inspect', ...(registry === 'local' ? ['--insecure'] : []), options.image ?? IMAGES[registry]];
  const seen = await testbed.usersSeen(registry, () =>
    testbed.runDocker(args, { ...(configDir === undefined ? {} : { configDir }), ...(options.env === undefined ? {} : { env: options.env }), ...(options.dockerBin === undefined ? {} : { dockerBin: options.dockerBin }) }),
  );
  return { code: seen.result.code, users: seen.users, stderr: seen.result.stderr };
}

/** Asserts Docker now reads the image as `user`. */
export async function assertDockerSends(testbed: Testbed, registry: RegistryName, configDir: string | undefined, user: string, options: InspectOptions = {}): Promise<void> {
  const seen = await inspect(testbed, registry, configDir, options);
  assert.equal(seen.code, 0, seen.stderr);
  assert.deepEqual(seen.users, [user]);
}

/** `docker login HOST -u USER --password-stdin` with the config directory given. */
export function dockerLogin(testbed: Testbed, host: string, user: string, configDir: string | undefined, env: Record<string, string | undefined> = {}, password = testbed.user(user).password): Promise<RunResult> {
  return run(testbed.bins.docker, ['login', host, '-u', user, '--password-stdin'], {
    env: testbed.env({ ...(configDir === undefined ? {} : { DOCKER_CONFIG: configDir }), ...env }),
    input: password,
    timeoutMs: 60_000,
  });
}

/** GNUPGHOME and PASSWORD_STORE_DIR of their own: no key, no store (what a fresh account has). */
export function freshPassEnv(testbed: Testbed): { GNUPGHOME: string; PASSWORD_STORE_DIR: string } {
  const home = testbed.tempDir('pass-home');
  const env = { GNUPGHOME: join(home, 'gnupg'), PASSWORD_STORE_DIR: join(home, 'password-store') };
  mkdirSync(env.GNUPGHOME, { mode: 0o700 });
  return env;
}

/** Runs what doctor advises for an uninitialised pass store (the key and `pass init`). */
export async function initialisePassAsAdvised(testbed: Testbed, report: DoctorRun, config: string, line: number | null, env: Record<string, string>): Promise<void> {
  const found = expectFinding(report, 'pass-not-initialised', config, line);
  await runAdvised(testbed, found.command ?? '', env);
}

/** Stops the gpg-agent a scenario's gpg started. */
export async function stopGpgAgent(testbed: Testbed, env: Record<string, string>): Promise<void> {
  await run('gpgconf', ['--kill', 'gpg-agent'], { env: testbed.env(env) });
}
