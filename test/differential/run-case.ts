import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseImageRef } from '../../src/reference/parse.js';
import { resolveAll, targetOf } from '../../src/resolve/resolve.js';
import type { Resolution } from '../../src/clients/model.js';
import { dockerVersionArgument } from '../../src/clients/versions.js';
import { loadTestbed, testHelperScript, type Testbed } from '../testbed/testbed.js';
import { run } from '../testbed/process.js';
import type { CaseContext, DifferentialCase } from './cases.js';
import type { Credentials } from '../../src/clients/model.js';
import type { OutcomeContext, ProgramRun, RegistrySaw } from './outcome.js';

export type Program = 'docker' | 'docker20' | 'skopeo' | 'podman';

export interface CaseRun {
  program: ProgramRun;
  saw: RegistrySaw;
  predicted: Resolution;
  /** how to judge the run: anonymous access, whose secret is whose, what the command ignores */
  context: OutcomeContext;
}

const tokens = new Map<string, string>();

/** Asks the offline Hub's token server for a refresh token and a registry token per user, once. */
export async function prepareTokens(): Promise<void> {
  const testbed = loadTestbed();
  const { realm, service } = testbed.descriptor.tokenServer;
  for (const user of testbed.users) {
    const form = new URLSearchParams({ grant_type: 'password', username: user.name, password: user.password, service, client_id: 'regauth-test', access_type: 'offline' });
    const oauth = (await (await fetch(realm, { method: 'POST', body: form })).json()) as { refresh_token: string };
    tokens.set(`refresh:${user.name}`, oauth.refresh_token);
    const basic = Buffer.from(`${user.name}:${user.password}`).toString('base64');
    const url = `${realm}?service=${encodeURIComponent(service)}&scope=${encodeURIComponent('repository:alice/app:pull')}`;
    const bearer = (await (await fetch(url, { headers: { authorization: `Basic ${basic}` } })).json()) as { token: string };
    tokens.set(`registry:${user.name}`, bearer.token);
  }
}

function token(kind: 'refresh' | 'registry', name: string): string {
  const value = tokens.get(`${kind}:${name}`);
  if (value === undefined) throw new Error(`no ${kind} token for ${name}: call prepareTokens() first`);
  return value;
}

function caseContext(testbed: Testbed): CaseContext {
  return {
    user: (name) => testbed.user(name),
    auth: (name) => Buffer.from(`${name}:${testbed.user(name).password}`).toString('base64'),
    refreshToken: (name) => token('refresh', name),
    registryToken: (name) => token('registry', name),
  };
}

/** Whose valid secret these credentials carry, by comparing with every testbed user's password and tokens. */
function ownerOf(testbed: Testbed, credentials: Credentials): string | null {
  for (const user of testbed.users) {
    if (credentials.identityToken !== null && credentials.identityToken.reveal() === tokens.get(`refresh:${user.name}`)) return user.name;
    if (credentials.registryToken !== null && credentials.registryToken.reveal() === tokens.get(`registry:${user.name}`)) return user.name;
    if (credentials.password !== null && credentials.username === user.name && credentials.password.reveal() === user.password) return user.name;
  }
  return null;
}

/** Runs a program; a program that cannot be started is reported as such, not thrown away. */
async function attempt(fn: () => Promise<{ code: number | null; stdout: string; stderr: string }>): Promise<ProgramRun> {
  try {
    return await fn();
  } catch (error) {
    return { code: null, stdout: '', stderr: '', spawnError: error instanceof Error ? error.message : String(error) };
  }
}

function writeConfig(path: string, content: unknown): void {
  if (content === undefined) return;
  const text = typeof content === 'object' && content !== null && 'raw' in content ? String((content as { raw: string }).raw) : JSON.stringify(content, null, '\t');
  writeFileSync(path, text, { mode: 0o600 });
}

/** Runs one case with one real program and asks regauth for its prediction in the same environment. */
export async function runCase(testCase: DifferentialCase, program: Program): Promise<CaseRun> {
  const testbed = loadTestbed();
  const context = caseContext(testbed);
  const home = testbed.tempDir('home');
  const configDir = join(home, '.docker');
  mkdirSync(configDir, { recursive: true });
  const configPath = join(configDir, 'config.json');
  writeConfig(configPath, testCase.config(context));
  if (testCase.dockercfg !== undefined) writeConfig(join(home, '.dockercfg'), testCase.dockercfg(context));
  for (const [relative, content] of Object.entries(testCase.files ?? {})) {
    const path = join(home, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeConfig(path, content(context));
  }
  const caseEnv = Object.fromEntries(Object.entries(testCase.env ?? {}).map(([name, value]) => [name, value.replace('$HOME', home)]));
  const authfileArgs = testCase.authfile === false ? [] : ['--authfile', configPath];
  const authFileOption = testCase.authfile === false ? {} : { authFile: configPath };

  let path = testbed.env()['PATH'] ?? '';
  for (const [name, table] of Object.entries(testCase.helpers ?? {})) {
    // "<token>:NAME" answers with NAME's refresh token as an identity token
    const credentials = Object.fromEntries(
      Object.entries(table).map(([url, user]) =>
        user.startsWith('<token>:')
          ? [url, { username: '<token>', secret: token('refresh', user.slice('<token>:'.length)) }]
          : [url, { username: user, secret: testbed.user(user).password }],
      ),
    );
    const dir = testHelperScript(testbed.tempDir('helper'), name, { credentials });
    path = `${dir}:${path}`;
  }
  const ref = parseImageRef(testCase.image);
  const endpoint = testbed.registry(testCase.registry);
  const insecure = endpoint.scheme === 'http';
  const env: Record<string, string | undefined> = { HOME: home, PATH: path, XDG_RUNTIME_DIR: undefined, XDG_CONFIG_HOME: undefined, ...caseEnv };

  if (program === 'podman') {
    const storage = testbed.tempDir('podman');
    const seen = await testbed.usersSeen(testCase.registry, () =>
      attempt(() => run(testbed.bins.podman, [
        '--root', join(storage, 'root'), '--runroot', join(storage, 'run'), '--storage-driver', 'vfs', '--cgroup-manager', 'cgroupfs', '--events-backend', 'none',
        'pull', '--quiet', ...(insecure ? ['--tls-verify=false'] : []), ...authfileArgs, ref.normalized,
      ], { env: testbed.env(env), timeoutMs: 60_000 })),
    );
    const [predicted] = await resolveAll(targetOf(ref), { clients: ['podman'], containersTool: 'podman', ...authFileOption, env: testbed.env(env) });
    return outcome(testbed, endpoint.auth, false, seen, predicted);
  }
  if (program === 'skopeo') {
    const seen = await testbed.usersSeen(testCase.registry, () =>
      attempt(() => testbed.runSkopeo(['inspect', '--raw', ...(insecure ? ['--tls-verify=false'] : []), ...authfileArgs, `docker://${testCase.image}`], { env })),
    );
    const [predicted] = await resolveAll(targetOf(ref), {
      clients: ['podman'],
      containersTool: 'skopeo',
      ...authFileOption,
      env: testbed.env(env),
    });
    return outcome(testbed, endpoint.auth, false, seen, predicted);
  }
  const dockerBin = program === 'docker20' ? testbed.bins.docker20 : testbed.bins.docker;
  const seen = await testbed.usersSeen(testCase.registry, () =>
    attempt(() => testbed.runDocker(['manifest', 'inspect', ...(insecure ? ['--insecure'] : []), testCase.image], { dockerBin, env: { DOCKER_CONFIG: undefined, ...env } })),
  );
  const [predicted] = await resolveAll(targetOf(ref), {
    clients: ['docker'],
    dockerVersion: dockerVersionArgument(program === 'docker20' ? '20.10.24' : '28.2.2'),
    env: testbed.env(env),
  });
  // `docker manifest inspect` ignores a failing credential lookup and sends the file's own entry
  return outcome(testbed, endpoint.auth, true, seen, predicted);
}

function outcome(
  testbed: Testbed,
  auth: 'token' | 'htpasswd',
  ignoresLookupError: boolean,
  seen: { users: string[]; rejected: string[]; result: ProgramRun },
  predicted: Resolution | undefined,
): CaseRun {
  if (predicted === undefined) throw new Error('no prediction');
  return {
    program: seen.result,
    saw: { accepted: seen.users, rejected: seen.rejected },
    predicted,
    // the offline Hub lets anyone pull, like public repositories; htpasswd registries do not
    context: { anonymousReads: auth === 'token', ownerOf: (credentials) => ownerOf(testbed, credentials), ignoresLookupError },
  };
}
