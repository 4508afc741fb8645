/**
 * The canary table shared by the canary suites: worlds (a home with config files and the
 * environment pointing at it), every command line, every output mode, and the check of one
 * run — each row a real `regauth` process in a fresh copy of $HOME and a fresh $TMPDIR.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isBackupOf } from '../../../src/config/safe-write.js';
import { loadTestbed } from '../../testbed/testbed.js';
import { CaptureLog, findLeaks, makeCanary, type Canary } from './canaries.js';
import { runIsolated, shortPath, type IsolatedResult } from './isolated.js';

export const testbed = loadTestbed();
export const capture = new CaptureLog(join(testbed.dir, 'security', `canary-${process.pid}.log`));
export const allCanaries: Canary[] = [];

export function canary(label: string, options?: Parameters<typeof makeCanary>[1]): Canary {
  const made = makeCanary(label, options);
  allCanaries.push(made);
  return made;
}

export const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** A home directory with the files every client reads, and the environment pointing at it. */
export interface World {
  name: string;
  /** the prepared home; every run works on a fresh copy of it */
  home: string;
  env: NodeJS.ProcessEnv;
  /** images the commands are run for */
  images: string[];
  /** extra arguments for commands that resolve (e.g. a kubelet pull secret) */
  resolveArgs: string[];
  /** ~/.docker/config.json (an empty object when the world has none) */
  dockerConfig: string;
}

export function makeWorld(name: string, files: { docker?: string; containers?: string; kube?: string }, helperDir?: string): World {
  const home = testbed.tempDir(`canary-${name}`);
  const runtimeDir = join(home, 'run');
  mkdirSync(join(home, '.docker'), { recursive: true });
  mkdirSync(join(runtimeDir, 'containers'), { recursive: true });
  const dockerConfig = join(home, '.docker', 'config.json');
  writeFileSync(dockerConfig, files.docker ?? '{}', { mode: 0o600 });
  if (files.containers !== undefined) writeFileSync(join(runtimeDir, 'containers', 'auth.json'), files.containers, { mode: 0o600 });
  const resolveArgs: string[] = [];
  if (files.kube !== undefined) {
    writeFileSync(join(home, 'pull-secret.json'), files.kube, { mode: 0o600 });
    resolveArgs.push('--pull-secret', join(home, 'pull-secret.json'));
  }
  const env = testbed.env({
    HOME: home,
    XDG_RUNTIME_DIR: runtimeDir,
    XDG_CONFIG_HOME: join(home, '.config'),
    DOCKER_CONFIG: undefined,
    REGISTRY_AUTH_FILE: undefined,
    PATH: helperDir === undefined ? process.env['PATH'] : `${helperDir}:${process.env['PATH'] ?? ''}`,
  });
  return { name, home, env, images: ['myreg.example.com/team/app', 'docker.io/alice/app'], resolveArgs, dockerConfig };
}

/** One command line; `printsSecrets` marks the one command whose stdout may carry a secret. */
export interface Invocation {
  title: string;
  args: (world: World, image: string) => string[];
  printsSecrets?: boolean;
  /** writes the file named by --config: that file and its backups may hold the secrets it was given */
  writes?: boolean;
  stdin?: string;
}

/** A copy of the world's Docker config (inside its home) for a command that writes. */
export function scratchConfig(world: World): string {
  const copy = join(world.home, 'scratch', 'config.json');
  mkdirSync(dirname(copy), { recursive: true });
  copyFileSync(world.dockerConfig, copy);
  return copy;
}

/** the password `login` reads from stdin */
export const loginPassword = canary('login password', { username: 'alice' });

/** Every command, each invocation a row: new commands and options are added here. */
export const INVOCATIONS: Invocation[] = [
  { title: 'resolve', args: (w, image) => ['resolve', image, ...w.resolveArgs] },
  { title: 'resolve --brief', args: (w, image) => ['resolve', image, '--brief', ...w.resolveArgs] },
  { title: 'ls', args: (w) => ['ls', ...w.resolveArgs] },
  { title: 'get docker', args: (_w, image) => ['get', image], printsSecrets: true },
  { title: 'get podman', args: (_w, image) => ['get', image, '--client', 'podman'], printsSecrets: true },
  { title: 'get kubelet', args: (w, image) => ['get', image, '--client', 'kubelet', ...w.resolveArgs], printsSecrets: true },
  { title: 'doctor --offline', args: (_w, image) => ['doctor', image, '--offline'] },
  { title: 'fix --dry-run', args: () => ['fix', '--dry-run'] },
  { title: 'fix --yes', args: (w) => ['fix', '--yes', '--config', scratchConfig(w)], writes: true },
  { title: 'explain', args: () => ['explain', 'unauthorized: incorrect username or password'] },
  { title: 'logout', args: (w, image) => ['logout', image.split('/')[0] ?? image, '--config', scratchConfig(w)], writes: true },
  {
    title: 'login',
    writes: true,
    args: (w, image) => ['login', image.split('/')[0] ?? image, '-u', 'alice', '--password-stdin', '--no-verify', '--config', scratchConfig(w)],
    stdin: `${loginPassword.value}\n`,
  },
];

const MODES: string[][] = [[], ['--json'], ['--debug'], ['--json', '--debug']];

function assertClean(title: string, result: IsolatedResult, canaries: readonly Canary[], invocation: Invocation, args: readonly string[]): void {
  const target = invocation.writes === true ? args[args.indexOf('--config') + 1] : undefined;
  const isTarget = (path: string): boolean =>
    target !== undefined && (path === target || (dirname(path) === dirname(target) && isBackupOf(basename(path), basename(target))));
  const others = result.touched.filter((file) => !isTarget(file.path));
  const files = others.map((file) => `--- file ${shortPath(result, file.path)} (mode ${file.mode.toString(8)})\n${file.text}`).join('\n');
  capture.append(`${title} (exit ${result.code})`, `--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}${files === '' ? '' : `\n${files}`}`);
  const where = [{ stream: 'stderr', text: result.stderr }, ...(invocation.printsSecrets === true ? [] : [{ stream: 'stdout', text: result.stdout }])];
  for (const { stream, text } of where) {
    const leaks = findLeaks(text, canaries);
    assert.deepEqual(leaks, [], `${title}: canary on ${stream}`);
  }
  for (const file of others) assert.deepEqual(findLeaks(file.text, canaries), [], `${title}: canary in the file ${shortPath(result, file.path)}`);
  for (const file of result.touched.filter((touched) => isTarget(touched.path))) {
    assert.equal(file.mode & 0o077, 0, `${title}: ${shortPath(result, file.path)} holds credentials but is mode ${file.mode.toString(8)}`);
  }
  assert.ok(result.code === 0 || result.code === 1 || result.code === 2, `${title}: exit ${result.code}\n${result.stderr}`);
  assert.doesNotMatch(result.stderr, /internal error|\n\s+at .+:\d+:\d+\)?\n/, `${title}: crashed\n${result.stderr}`);
  assert.equal(result.killed, false, `${title}: did not end`);
}

/** The world as seen from a fresh copy of its home: every path that named the old home names the new one. */
function relocated(world: World, home: string): World {
  const move = (text: string): string => text.split(world.home).join(home);
  const env = Object.fromEntries(Object.entries(world.env).map(([name, value]) => [name, value === undefined ? undefined : move(value)]));
  return { ...world, home, env, resolveArgs: world.resolveArgs.map(move), dockerConfig: move(world.dockerConfig) };
}

/** Counts of what the tables ran, for the report at the end. */
export const ran = { processes: 0, filesScanned: 0 };

/**
 * The whole matrix (images × invocations × modes), each row a real `regauth` process in a fresh
 * $HOME and $TMPDIR. Every failure of the table is reported together.
 */
export async function runTable(world: World, canaries: readonly Canary[], invocations = INVOCATIONS): Promise<void> {
  const failures: string[] = [];
  const tasks: Array<() => Promise<void>> = [];
  for (const image of world.images) {
    for (const invocation of invocations) {
      for (const mode of MODES) {
        tasks.push(async () => {
          let args: string[] = [];
          const result = await runIsolated(world.home, testbed.tempDir(`canary-${world.name}-run`), (home) => {
            const copy = relocated(world, home);
            args = [...invocation.args(copy, image), ...mode];
            return { args, env: copy.env, ...(invocation.stdin === undefined ? {} : { stdin: invocation.stdin }) };
          });
          ran.processes += 1;
          ran.filesScanned += result.touched.length;
          const title = `[${world.name}] regauth ${args.join(' ')}`;
          try {
            assertClean(title, result, canaries, invocation, args);
          } catch (error) {
            failures.push(error instanceof Error ? error.message : String(error));
          }
        });
      }
    }
  }
  await runConcurrently(tasks, CONCURRENCY);
  assert.equal(failures.length, 0, `${failures.length} runs failed:\n\n${failures.join('\n\n')}`);
}

/** each task is a node process: a few at a time keeps two cores busy without thrashing */
const CONCURRENCY = 3;

async function runConcurrently(tasks: ReadonlyArray<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const task = tasks[next++]!;
      await task().catch((error: unknown) => void errors.push(error));
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  if (errors.length > 0) throw errors[0];
}

/** Everything this test file captured holds no canary outside `get`. */
export function assertCaptureClean(report: (text: string) => void): void {
  report(`${ran.processes} regauth processes, ${ran.filesScanned} created or changed files scanned`);
  const text = capture.read();
  assert.ok(text.length > 0, 'the suite captured output');
  const outsideGet = text
    .split(/^==== /m)
    .filter((block) => !/^\[[^\]]+\] regauth get /.test(block))
    .join('\n');
  assert.deepEqual(findLeaks(outsideGet, allCanaries), []);
}
