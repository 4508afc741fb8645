/**
 * What tests use to reach the real-component testbed started by `npm test`
 * (scripts/test.mjs): users, registry endpoints, logs, and runners for the real programs
 * that always carry the testbed environment.
 *
 * Tests that need the testbed call `loadTestbed()` and fail outside it — they are never skipped.
 * `loadTestbed()` also makes test files that use the testbed run one at a time (see lock.ts),
 * so a file may rely on the registries seeing only its own traffic.
 */
import { mkdtempSync, readFileSync, statSync, openSync, readSync, closeSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import { DESCRIPTOR_FILE, DESCRIPTOR_VERSION, type RegistryEndpoint, type RegistryName, type TestbedDescriptor, type TestUser } from './descriptor.js';
import { mergeObserved, usersInRegistryLog, usersInTokenLog, type ObservedUsers } from './observed-users.js';
import { holdLockUntilExit } from './lock.js';
import { run, type RunResult } from './process.js';

export type { RegistryEndpoint, RegistryName, TestbedDescriptor, TestUser } from './descriptor.js';
export type { ObservedUsers } from './observed-users.js';
export { gpgPass, type GpgPassEnv } from './gpg-pass.js';
export { testHelperScript, helperCalls, NOT_FOUND_MESSAGE, type HelperBehaviour, type HelperCall, type HelperCredentials } from './helper-script.js';

export interface ProgramResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunDockerOptions {
  /** becomes DOCKER_CONFIG */
  configDir?: string;
  env?: Record<string, string | undefined>;
  /** e.g. `testbed.bins.docker20`; default: the installed Docker CLI */
  dockerBin?: string;
  timeoutMs?: number;
}

export interface RunSkopeoOptions {
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

export interface UsersSeen<T> extends ObservedUsers {
  result: T;
}

const LOG_FLUSH_LIMIT_MS = 5000;

function readFrom(file: string, offset: number): string {
  const size = statSync(file).size;
  if (size <= offset) return '';
  const buffer = Buffer.alloc(size - offset);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, offset);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}

export class Testbed {
  readonly descriptor: TestbedDescriptor;
  #agent: Agent | undefined;

  constructor(descriptor: TestbedDescriptor) {
    this.descriptor = descriptor;
  }

  get dir(): string {
    return this.descriptor.dir;
  }

  get users(): readonly TestUser[] {
    return this.descriptor.users;
  }

  get registries(): Readonly<Record<RegistryName, RegistryEndpoint>> {
    return this.descriptor.registries;
  }

  get caCert(): string {
    return this.descriptor.caCert;
  }

  get bins(): TestbedDescriptor['bins'] {
    return this.descriptor.bins;
  }

  /** log files: one per registry plus the token server's */
  get logs(): Record<RegistryName | 'tokenServer', string> {
    const registryLogs = Object.fromEntries(Object.values(this.registries).map((endpoint) => [endpoint.name, endpoint.log]));
    return { ...(registryLogs as Record<RegistryName, string>), tokenServer: this.descriptor.tokenServer.log };
  }

  user(name: string): TestUser {
    const user = this.users.find((candidate) => candidate.name === name);
    if (user === undefined) throw new Error(`no testbed user "${name}" (have: ${this.users.map((u) => u.name).join(', ')})`);
    return user;
  }

  registry(name: RegistryName): RegistryEndpoint {
    return this.registries[name];
  }

  /** A fresh directory inside the testbed (removed with it). */
  tempDir(prefix: string): string {
    return mkdtempSync(join(this.descriptor.tmpDir, `${prefix.replace(/[^A-Za-z0-9._-]/g, '_')}-`));
  }

  /** The environment for a program run in the testbed: clean of the outer configuration, with `extra` on top. */
  env(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of this.descriptor.unsetEnv) delete env[name];
    Object.assign(env, this.descriptor.env);
    for (const [name, value] of Object.entries(extra)) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
    return env;
  }

  async runDocker(args: readonly string[], options: RunDockerOptions = {}): Promise<ProgramResult> {
    const env = this.env({
      DOCKER_CLI_EXPERIMENTAL: 'enabled',
      ...(options.configDir === undefined ? {} : { DOCKER_CONFIG: options.configDir }),
      ...options.env,
    });
    return this.#program(options.dockerBin ?? this.bins.docker, args, env, options.timeoutMs);
  }

  async runSkopeo(args: readonly string[], options: RunSkopeoOptions = {}): Promise<ProgramResult> {
    const env = this.env(options.env);
    return this.#program(this.bins.skopeo, args, env, options.timeoutMs);
  }

  /**
   * Which authenticated users `registry` saw while `fn` ran. For the hub this merges the token
   * server's log (Basic / OAuth2 at the token endpoint) with the registry's (JWT `sub`).
   */
  async usersSeen<T>(registry: RegistryName, fn: () => Promise<T>): Promise<UsersSeen<T>> {
    const endpoint = this.registry(registry);
    const registryStart = statSync(endpoint.log).size;
    const tokenLog = endpoint.auth === 'token' ? this.descriptor.tokenServer.log : undefined;
    const tokenStart = tokenLog === undefined ? 0 : statSync(tokenLog).size;
    const result = await fn();
    const registryText = await this.#flushedLogSince(endpoint, registryStart);
    const parts = [usersInRegistryLog(registryText)];
    // the token server writes its log before it answers, so no flushing is needed there
    if (tokenLog !== undefined) parts.push(usersInTokenLog(readFrom(tokenLog, tokenStart)));
    return { result, ...mergeObserved(...parts) };
  }

  /** Closes the HTTP agent used for log markers (call in `after()` if you used usersSeen). */
  async close(): Promise<void> {
    await this.#agent?.close();
    this.#agent = undefined;
  }

  /**
   * The registry logs a request after answering it; an unauthenticated marker request sent
   * afterwards, waited for in the log, guarantees the lines of `fn`'s requests are written.
   */
  async #flushedLogSince(endpoint: RegistryEndpoint, offset: number): Promise<string> {
    const marker = `regauth-log-mark-${randomUUID()}`;
    this.#agent ??= new Agent({ connect: { ca: readFileSync(this.caCert, 'utf8') }, keepAliveTimeout: 100 });
    const response = await request(`${endpoint.url}/v2/?${marker}`, { dispatcher: this.#agent });
    await response.body.dump();
    const deadline = Date.now() + LOG_FLUSH_LIMIT_MS;
    for (;;) {
      const text = readFrom(endpoint.log, offset);
      const markerAt = text.indexOf(marker);
      if (markerAt >= 0) return text.slice(0, text.lastIndexOf('\n', markerAt) + 1);
      if (Date.now() > deadline) throw new Error(`registry ${endpoint.name} did not log the marker request within ${LOG_FLUSH_LIMIT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async #program(bin: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number | undefined): Promise<ProgramResult> {
    const result: RunResult = await run(bin, args, { env, timeoutMs: timeoutMs ?? 60_000 });
    const stderr = result.timedOut ? `${result.stderr}\n[testbed: killed after ${timeoutMs ?? 60_000} ms]` : result.stderr;
    return { code: result.code, stdout: result.stdout, stderr };
  }
}

let cached: Testbed | undefined;

/** The running testbed; throws (so that the test fails) when not run through `npm test`. */
export function loadTestbed(): Testbed {
  if (cached !== undefined) return cached;
  const dir = process.env['REGAUTH_TESTBED'];
  if (dir === undefined || dir.length === 0) {
    throw new Error('REGAUTH_TESTBED is not set: this test needs the real-component testbed; run it with `npm test` (node scripts/test.mjs)');
  }
  let descriptor: TestbedDescriptor;
  try {
    descriptor = JSON.parse(readFileSync(join(dir, DESCRIPTOR_FILE), 'utf8')) as TestbedDescriptor;
  } catch (error) {
    throw new Error(`cannot read ${join(dir, DESCRIPTOR_FILE)}: ${(error as Error).message}`);
  }
  if (descriptor.version !== DESCRIPTOR_VERSION) throw new Error(`testbed.json version ${descriptor.version}, expected ${DESCRIPTOR_VERSION}`);
  holdLockUntilExit(join(dir, 'testbed.lock'));
  cached = new Testbed(descriptor);
  return cached;
}

export function usersSeen<T>(registry: RegistryName, fn: () => Promise<T>): Promise<UsersSeen<T>> {
  return loadTestbed().usersSeen(registry, fn);
}

export function runDocker(args: readonly string[], options: RunDockerOptions = {}): Promise<ProgramResult> {
  return loadTestbed().runDocker(args, options);
}

export function runSkopeo(args: readonly string[], options: RunSkopeoOptions = {}): Promise<ProgramResult> {
  return loadTestbed().runSkopeo(args, options);
}

/** `base64(user:password)`, the `auth` field of Docker's config.json */
export function basicAuthField(user: TestUser): string {
  return Buffer.from(`${user.name}:${user.password}`).toString('base64');
}

/** Writes `config.json` (Docker) or any JSON file into `dir`; returns its path. */
export function writeJsonFile(dir: string, fileName: string, content: unknown): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, fileName);
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  return file;
}
