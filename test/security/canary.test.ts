/**
 * Canary suite: every command, in every output mode, run against configs, helpers and registries
 * seeded with unique canary secrets. No canary may appear anywhere — stdout, stderr, JSON, debug
 * lines, errors — except on the stdout of `get`, whose job is to print the secret.
 * Everything captured is also appended to a log under the testbed directory and scanned at the end.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadTestbed, testHelperScript } from '../testbed/testbed.js';
import { CaptureLog, canaryJwt, findLeaks, makeCanary, type Canary } from './support/canaries.js';
import { runCli, runInProcess, type CliResult } from './support/cli.js';
import { HostileServer, bearerChallenge, sendRegistryError } from './support/hostile-server.js';

const testbed = loadTestbed();
const capture = new CaptureLog(join(testbed.dir, 'security', `canary-${process.pid}.log`));
const allCanaries: Canary[] = [];

function canary(label: string, options?: Parameters<typeof makeCanary>[1]): Canary {
  const made = makeCanary(label, options);
  allCanaries.push(made);
  return made;
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** A home directory with the files every client reads, and the environment pointing at it. */
interface World {
  name: string;
  env: NodeJS.ProcessEnv;
  /** images the commands are run for */
  images: string[];
  /** extra arguments for commands that resolve (e.g. a kubelet pull secret) */
  resolveArgs: string[];
  /** ~/.docker/config.json (an empty object when the world has none) */
  dockerConfig: string;
}

function makeWorld(name: string, files: { docker?: string; containers?: string; kube?: string }, helperDir?: string): World {
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
  return { name, env, images: ['myreg.example.com/team/app', 'docker.io/alice/app'], resolveArgs, dockerConfig };
}

/** One command line; `printsSecrets` marks the one command whose stdout may carry a secret. */
interface Invocation {
  title: string;
  args: (world: World, image: string) => string[];
  printsSecrets?: boolean;
  stdin?: string;
}

/** A copy of the world's Docker config for a command that writes, so every run starts from the same file. */
function scratchConfig(world: World): string {
  const copy = join(testbed.tempDir(`canary-${world.name}-write`), 'config.json');
  copyFileSync(world.dockerConfig, copy);
  return copy;
}

/** the password `login` reads from stdin */
const loginPassword = canary('login password', { username: 'alice' });

/** Every command, each invocation a row: new commands and options are added here. */
const INVOCATIONS: Invocation[] = [
  { title: 'resolve --trace', args: (w, image) => ['resolve', image, '--trace', ...w.resolveArgs] },
  { title: 'resolve --brief', args: (w, image) => ['resolve', image, '--brief', ...w.resolveArgs] },
  { title: 'ls', args: (w) => ['ls', ...w.resolveArgs] },
  { title: 'get docker', args: (_w, image) => ['get', image], printsSecrets: true },
  { title: 'get podman', args: (_w, image) => ['get', image, '--client', 'podman'], printsSecrets: true },
  { title: 'get kubelet', args: (w, image) => ['get', image, '--client', 'kubelet', ...w.resolveArgs], printsSecrets: true },
  { title: 'doctor --offline', args: (_w, image) => ['doctor', image, '--offline'] },
  { title: 'fix --dry-run', args: () => ['fix', '--dry-run'] },
  { title: 'fix --yes', args: (w) => ['fix', '--yes', '--config', scratchConfig(w)] },
  { title: 'explain', args: () => ['explain', 'unauthorized: incorrect username or password'] },
  { title: 'logout', args: (w, image) => ['logout', image.split('/')[0] ?? image, '--config', scratchConfig(w)] },
  {
    title: 'login',
    args: (w, image) => ['login', image.split('/')[0] ?? image, '-u', 'alice', '--password-stdin', '--no-verify', '--config', scratchConfig(w)],
    stdin: `${loginPassword.value}\n`,
  },
];

const MODES: string[][] = [[], ['--json'], ['--debug'], ['--json', '--debug']];

function assertClean(title: string, result: CliResult, canaries: readonly Canary[], stdoutMayCarrySecrets: boolean): void {
  capture.append(`${title} (exit ${result.code})`, `--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  const where = [{ stream: 'stderr', text: result.stderr }, ...(stdoutMayCarrySecrets ? [] : [{ stream: 'stdout', text: result.stdout }])];
  for (const { stream, text } of where) {
    const leaks = findLeaks(text, canaries);
    assert.deepEqual(leaks, [], `${title}: canary on ${stream}`);
  }
  assert.ok(result.code === 0 || result.code === 1 || result.code === 2, `${title}: exit ${result.code}\n${result.stderr}`);
  assert.doesNotMatch(result.stderr, /internal error|\n\s+at .+:\d+:\d+\)?\n/, `${title}: crashed\n${result.stderr}`);
  assert.equal(result.killed, false, `${title}: did not end`);
}

/**
 * The whole matrix (images × invocations × modes) runs in-process; with `processes`, a subset
 * (first image, plain and `--json --debug`) also runs as real `regauth` processes, which see any
 * stray write. Every failure of the table is reported together.
 */
async function runTable(world: World, canaries: readonly Canary[], invocations = INVOCATIONS, options = { processes: true }): Promise<void> {
  const failures: string[] = [];
  const check = (title: string, result: CliResult, mayPrint: boolean): void => {
    try {
      assertClean(title, result, canaries, mayPrint);
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  };
  const processes: Array<() => Promise<void>> = [];
  for (const [index, image] of world.images.entries()) {
    for (const invocation of invocations) {
      for (const mode of MODES) {
        const args = [...invocation.args(world, image), ...mode];
        const title = `[${world.name}] regauth ${args.join(' ')}`;
        const mayPrint = invocation.printsSecrets === true;
        // main() reads the real stdin, so rows that feed stdin run as processes only
        const needsStdin = invocation.stdin !== undefined;
        if (!needsStdin) check(title, await runInProcess(args, world.env), mayPrint);
        if (options.processes && index === 0 && (needsStdin || mode.length === 0 || mode.length === 2)) {
          const stdin = invocation.stdin === undefined ? {} : { stdin: invocation.stdin };
          processes.push(async () => check(`${title} (process)`, await runCli(args, { env: world.env, ...stdin }), mayPrint));
        }
      }
    }
  }
  await runConcurrently(processes, CONCURRENCY);
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

describe('canaries in config files', () => {
  test('secret fields, unknown fields and neighbours of keys never reach output', async () => {
    const password = canary('docker password', { special: true });
    const auth = canary('docker auth', { username: 'alice' });
    const identity = canary('docker identitytoken', { style: 'token' });
    const registryToken = canary('docker registrytoken');
    const unknown = canary('docker unknown field');
    const neighbour = canary('docker neighbour');
    const podman = canary('podman auth', { username: 'bob' });
    const kube = canary('kubelet auth', { username: 'carol' });
    const kubePassword = canary('kubelet password');
    const docker = JSON.stringify(
      {
        auths: {
          'myreg.example.com': { auth: b64(`alice:${auth.value}`), email: 'a@example.com', x_secret: unknown.value },
          'https://index.docker.io/v1/': { username: 'alice', password: password.value, identitytoken: identity.value },
          'other.example.com': { registrytoken: registryToken.value, auth: b64(`dave:${neighbour.value}`) },
          'neighbour.example.com': { auth: b64(`erin:${neighbour.value}`), nested: { password: neighbour.value, list: [neighbour.value] } },
        },
        HttpHeaders: { 'X-Token': neighbour.value },
        proxies: { default: { httpProxy: `http://u:${neighbour.value}@127.0.0.1:9` } },
      },
      null,
      '\t',
    );
    const containers = JSON.stringify({ auths: { 'myreg.example.com': { auth: b64(`bob:${podman.value}`), identitytoken: identity.value } } });
    const kubeSecret = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': b64(JSON.stringify({ auths: { 'myreg.example.com': { auth: b64(`carol:${kube.value}`), password: kubePassword.value } } })) },
    });
    const world = makeWorld('fields', { docker, containers, kube: kubeSecret });
    await runTable(world, allCanaries);
  });

  const broken: Array<{ name: string; text: (c: Canary) => string }> = [
    { name: 'missing comma after the secret', text: (c) => `{"auths":{"myreg.example.com":{"auth":"${b64(`alice:${c.value}`)}" "password":"${c.value}"}}}` },
    { name: 'unterminated secret string', text: (c) => `{"auths":{"myreg.example.com":{"password":"${c.value}` },
    { name: 'secret as a bare word', text: (c) => `{"auths":{"myreg.example.com":{"password":${c.value}}}}` },
    { name: 'control character inside the secret', text: (c) => `{"auths":{"myreg.example.com":{"password":"${c.value}\u0001${c.value}"}}}` },
    { name: 'bad escape inside the secret', text: (c) => `{"auths":{"myreg.example.com":{"password":"${c.value}\\q${c.value}"}}}` },
    { name: 'trailing garbage after the secret', text: (c) => `{"auths":{"myreg.example.com":{"auth":"${b64(`alice:${c.value}`)}"}}}${c.value}` },
    { name: 'secret where an object belongs', text: (c) => `{"auths":{"myreg.example.com":"${c.value}"}}` },
    { name: 'secret in an array where a string belongs', text: (c) => `{"auths":{"myreg.example.com":{"auth":["${b64(`alice:${c.value}`)}"],"password":["${c.value}"]}}}` },
    { name: 'auth that is not base64', text: (c) => `{"auths":{"myreg.example.com":{"auth":"${c.value}!!"}}}` },
    { name: 'auth without a colon', text: (c) => `{"auths":{"myreg.example.com":{"auth":"${b64(c.value)}"}}}` },
    { name: 'auth with invalid UTF-8', text: (c) => `{"auths":{"myreg.example.com":{"auth":"${Buffer.concat([Buffer.from(`alice:${c.value}`), Buffer.from([0xff, 0xfe])]).toString('base64')}"}}}` },
    { name: 'BOM and CRLF around the secret', text: (c) => `\ufeff{\r\n"auths":{\r\n"myreg.example.com":{"auth":"${b64(`alice:${c.value}`)}"}}}\r\n` },
    { name: 'duplicate keys with secrets', text: (c) => `{"auths":{"myreg.example.com":{"password":"${c.value}","password":"${c.value}x"},"myreg.example.com":{"auth":"${b64(`a:${c.value}`)}"}}}` },
  ];
  for (const { name, text } of broken) {
    test(`broken file: ${name}`, async () => {
      const c = canary(`broken: ${name}`, { username: 'alice' });
      const world = makeWorld(`broken-${name.replace(/\W+/g, '-')}`, { docker: text(c), containers: text(c), kube: text(c) });
      world.images = ['myreg.example.com/team/app'];
      // the first variant also runs as processes; the rest in-process only, to stay fast
      await runTable(world, [c], INVOCATIONS.filter((i) => i.printsSecrets !== true), { processes: name === broken[0]!.name });
    });
  }
});

describe('canaries from credential helpers', () => {
  test('helpers that answer, fail or print garbage with secrets', async () => {
    const answered = canary('helper answer', { username: 'alice' });
    const identity = canary('helper identity token', { style: 'token' });
    const failStderr = canary('helper failure on stderr', { style: 'token' });
    const failStdout = canary('helper failure on stdout', { style: 'token' });
    const garbage = canary('helper garbage', { style: 'token' });
    const helperDir = testbed.tempDir('canary-helpers');
    testHelperScript(helperDir, 'canary', {
      credentials: {
        'myreg.example.com': { username: 'alice', secret: answered.value },
        'https://index.docker.io/v1/': { username: '<token>', secret: identity.value },
      },
    });
    testHelperScript(helperDir, 'failing', {
      mode: 'fail',
      stderr: `error: could not unlock keychain for "alice" with ${failStderr.value}; token=${failStderr.value}`,
      exitCode: 3,
    });
    testHelperScript(helperDir, 'garbage', { mode: 'garbage', garbage: `{"Username":"alice","Secret":"${garbage.value}" oops ${garbage.value}` });
    // a failing helper that prints on stdout too (the Go client shows stdout in its error)
    writeFileSync(
      join(helperDir, 'docker-credential-noisy'),
      `#!/bin/sh\ncat >/dev/null\nprintf '%s\\n' 'secret ${failStdout.value} rejected'\nprintf '%s\\n' 'Bearer ${failStdout.value}' >&2\nexit 1\n`,
      { mode: 0o755 },
    );
    const docker = JSON.stringify({
      credsStore: 'canary',
      credHelpers: { 'other.example.com': 'failing', 'localhost:5001': 'garbage', 'myreg.example.com:5000': 'noisy' },
      auths: { 'other.example.com': {}, 'myreg.example.com': {} },
    });
    const world = makeWorld('helpers', { docker }, helperDir);
    world.images = ['myreg.example.com/team/app', 'docker.io/alice/app', 'other.example.com/app', 'localhost:5001/app', 'myreg.example.com:5000/app'];
    await runTable(world, allCanaries);
  });
});

describe('canaries from a hostile registry', () => {
  const servers: HostileServer[] = [];
  const password = canary('registry password', { username: 'alice' });
  const identity = canary('registry identity token');
  const registryToken = canary('registry registrytoken');
  const issued = canaryJwt('issued bearer token');
  const refresh = canary('issued refresh token');
  allCanaries.push(issued);

  /** echoes whatever credentials it got into headers and error bodies, and hands out canary tokens */
  function echoing(realm: () => string) {
    return (request: IncomingMessage, response: ServerResponse, body: string): void => {
      const authorization = String(request.headers['authorization'] ?? '');
      const decoded = authorization.startsWith('Basic ') ? Buffer.from(authorization.slice(6), 'base64').toString('utf8') : '';
      const echo = { 'x-echo-authorization': authorization || 'none', 'x-echo-decoded': decoded || 'none', 'x-echo-body': body.slice(0, 500) || 'none' };
      const url = new URL(request.url ?? '/', 'http://x');
      if (url.pathname === '/token') {
        if (request.method === 'POST') {
          sendRegistryError(response, 400, 'DENIED', `refresh token rejected: ${body}`, echo);
          return;
        }
        if (authorization === '') {
          response.writeHead(401, { 'content-type': 'application/json', ...echo });
          response.end(JSON.stringify({ details: 'no credentials' }));
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json', 'x-issued': issued.value, ...echo });
        response.end(JSON.stringify({ token: issued.value, access_token: issued.value, refresh_token: refresh.value, expires_in: 300 }));
        return;
      }
      if (url.pathname === '/v2/' && authorization === '') {
        bearerChallenge(response, realm());
        return;
      }
      const message = `access denied for ${decoded} using ${authorization}`;
      response.writeHead(403, {
        'content-type': 'application/json',
        'www-authenticate': `Bearer realm="${realm()}",error="insufficient_scope",error_description="${authorization.replace(/"/g, '')}"`,
        ...echo,
      });
      response.end(request.method === 'HEAD' ? undefined : JSON.stringify({ errors: [{ code: 'DENIED', message, detail: { token: authorization } }], details: message }));
    };
  }

  before(async () => {
    for (let i = 0; i < 3; i++) {
      let origin = '';
      const server = await HostileServer.start({ address: `127.0.0.${60 + i}`, handler: echoing(() => `${origin}/token`) });
      origin = server.origin;
      servers.push(server);
    }
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  test('tokens, error bodies and headers that echo secrets never reach output', async () => {
    const [withPassword, withIdentity, withRegistryToken] = servers as [HostileServer, HostileServer, HostileServer];
    const docker = JSON.stringify({
      auths: {
        [withPassword.hostPort]: { auth: b64(`alice:${password.value}`) },
        [withIdentity.hostPort]: { identitytoken: identity.value },
        [withRegistryToken.hostPort]: { registrytoken: registryToken.value },
      },
    });
    const world = makeWorld('hostile', { docker });
    world.images = servers.map((s) => `${s.hostPort}/team/app`);
    const checks: Invocation[] = [
      { title: 'check', args: (_w, image) => ['check', image, '--timeout', '10'] },
      { title: 'check --push', args: (_w, image) => ['check', image, '--push', '--timeout', '10'] },
      { title: 'doctor', args: (_w, image) => ['doctor', image, '--timeout', '10'] },
      {
        title: 'login (verified against the registry)',
        args: (w, image) => ['login', image.split('/')[0] ?? image, '-u', 'alice', '--password-stdin', '--timeout', '10', '--config', scratchConfig(w)],
        stdin: `${password.value}\n`,
      },
    ];
    await runTable(world, allCanaries, checks);
    // the canaries did reach the registry: the suite tested something
    assert.ok(withPassword.credentialsReceived().some((value) => value.includes(b64(`alice:${password.value}`))), 'the password was never sent');
    assert.ok(withIdentity.received.some((r) => r.body.includes(encodeURIComponent(identity.value))), 'the identity token was never sent');
    assert.ok(withRegistryToken.credentialsReceived().includes(`Bearer ${registryToken.value}`), 'the registry token was never sent');
    assert.ok(withPassword.credentialsReceived().includes(`Bearer ${issued.value}`), 'the issued token was never used');
  });
});

describe('the captured output as a whole', () => {
  test('a --debug log of a CLI subset holds no canary', async () => {
    const c = canary('debug log', { username: 'alice' });
    const world = makeWorld('debug-log', { docker: JSON.stringify({ auths: { 'localhost:5001': { auth: b64(`alice:${c.value}`) } } }) });
    const log = new CaptureLog(join(testbed.dir, 'security', `debug-${process.pid}.log`));
    for (const args of [['resolve', 'localhost:5001/app'], ['ls'], ['check', 'localhost:5001/app', '--timeout', '5'], ['check', 'localhost:5001/app', '--push', '--timeout', '5']]) {
      const result = await runCli([...args, '--debug'], { env: world.env });
      log.append(`regauth ${args.join(' ')} --debug`, result.stderr + result.stdout);
    }
    const text = log.read();
    assert.match(text, /debug: GET http:\/\/localhost:5001\/v2\//, 'the debug log shows the HTTP exchanges');
    assert.match(text, /authorization: Basic \*\*\*/, 'the debug log shows that credentials were sent, masked');
    assert.deepEqual(findLeaks(text, [c]), []);
  });

  test('everything this suite captured holds no canary outside get', () => {
    const text = capture.read();
    assert.ok(text.length > 0, 'the suite captured output');
    const outsideGet = text
      .split(/^==== /m)
      .filter((block) => !/^\[[^\]]+\] regauth get /.test(block))
      .join('\n');
    assert.deepEqual(findLeaks(outsideGet, allCanaries), []);
  });
});
