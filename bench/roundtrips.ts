/**
 * Issue 3: HTTP requests, round trips and wall time of `regauth check --push` beside
 * `docker login` and `skopeo login`, against the same registries behind a delaying proxy
 * (50 ms each way, so 100 ms per round trip). Target: regauth makes no more round trips than
 * `docker login` needs for login alone, plus two for the push probe.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestbedDescriptor, TestUser } from '../test/testbed/descriptor.js';
import { copyBuiltCli } from './support/cli-copy.js';
import { startDelayProxy, type DelayProxy } from './support/delay-proxy.js';
import { summarise, type Summary } from './support/measure.js';
import { machineLine, table, timeCell, writeSection } from './support/report.js';
import {
  type LogCounter,
  pointHosts,
  programEnv,
  regauthArgs,
  registryRequestCounter,
  runProgram,
  tempDir,
  tokenRequestCounter,
} from './support/testbed.js';

const DELAY_MS = Number(process.env['BENCH_DELAY_MS'] ?? 50);
const RUNS = Number(process.env['BENCH_NETWORK_RUNS'] ?? 5);

interface Target {
  title: string;
  /** what `docker login` / `skopeo login` are given */
  loginHost: string | null;
  skopeoHost: string;
  /** the image regauth checks (push allowed for the user) */
  image: string;
  /** key regauth's config stores the credentials under */
  configKey: string;
  counters: LogCounter[];
  proxies: DelayProxy[];
}

interface Sample {
  wallMs: number;
  requests: number;
  turns: number;
  connections: number;
  reported: number | null;
}

interface Row {
  target: string;
  tool: string;
  wall: Summary;
  requests: Summary;
  turns: Summary;
  connections: Summary;
  reported: Summary | null;
}

function basicAuth(user: TestUser): string {
  return Buffer.from(`${user.name}:${user.password}`).toString('base64');
}

async function measure(target: Target, run: () => Promise<{ code: number | null; stdout: string; stderr: string; wallMs: number }>, reportedRequests: (stdout: string) => number | null): Promise<Sample> {
  const before = target.counters.map((count) => count());
  for (const proxy of target.proxies) proxy.resetCounts();
  const result = await run();
  if (result.code !== 0) throw new Error(`exit ${String(result.code)}: ${result.stderr.trim().slice(0, 800)} ${result.stdout.trim().slice(0, 400)}`);
  const after = target.counters.map((count) => count());
  const proxyCounts = target.proxies.map((proxy) => proxy.counts());
  return {
    wallMs: result.wallMs,
    requests: after.reduce((sum, value, index) => sum + value - (before[index] ?? 0), 0),
    turns: proxyCounts.reduce((sum, counts) => sum + counts.turns, 0),
    connections: proxyCounts.reduce((sum, counts) => sum + counts.connections, 0),
    reported: reportedRequests(result.stdout),
  };
}

function rowOf(target: string, tool: string, samples: readonly Sample[]): Row {
  const reported = samples.map((sample) => sample.reported).filter((value): value is number => value !== null);
  return {
    target,
    tool,
    wall: summarise(samples.map((sample) => sample.wallMs)),
    requests: summarise(samples.map((sample) => sample.requests)),
    turns: summarise(samples.map((sample) => sample.turns)),
    connections: summarise(samples.map((sample) => sample.connections)),
    reported: reported.length === 0 ? null : summarise(reported),
  };
}

function countCell(summary: Summary): string {
  return summary.minMs === summary.maxMs ? String(summary.medianMs) : `${summary.medianMs} (${summary.minMs}–${summary.maxMs})`;
}

async function runTarget(descriptor: TestbedDescriptor, target: Target, regauthBin: string): Promise<Row[]> {
  const alice = descriptor.users.find((user) => user.name === 'alice');
  if (alice === undefined) throw new Error('testbed has no user alice');
  const env = programEnv(descriptor);
  const dockerSamples: Sample[] = [];
  const skopeoSamples: Sample[] = [];
  const checkSamples: Sample[] = [];
  const pullSamples: Sample[] = [];
  const none = (): null => null;
  const fromJson = (stdout: string): number | null => {
    const parsed = JSON.parse(stdout) as { requests?: unknown };
    return typeof parsed.requests === 'number' ? parsed.requests : null;
  };
  for (let round = 0; round < RUNS; round++) {
    const dockerConfig = tempDir(descriptor, 'docker-login');
    // an entry in auths stops Docker from choosing a default credential store (pass is installed)
    writeFileSync(join(dockerConfig, 'config.json'), `${JSON.stringify({ auths: { 'unrelated.example.test': {} } })}\n`);
    const loginArgs = ['login', ...(target.loginHost === null ? [] : [target.loginHost]), '-u', alice.name, '--password-stdin'];
    dockerSamples.push(await measure(target, () => runProgram(descriptor.bins.docker, loginArgs, { ...env, DOCKER_CONFIG: dockerConfig }, alice.password), none));

    const authFile = join(tempDir(descriptor, 'skopeo-login'), 'auth.json');
    skopeoSamples.push(
      await measure(target, () => runProgram(descriptor.bins.skopeo, ['login', '--authfile', authFile, '-u', alice.name, '--password-stdin', target.skopeoHost], env, alice.password), none),
    );

    const configFile = join(tempDir(descriptor, 'regauth-check'), 'config.json');
    writeFileSync(configFile, `${JSON.stringify({ auths: { [target.configKey]: { auth: basicAuth(alice) } } }, null, 2)}\n`);
    const check = (push: boolean) => () => runProgram(process.execPath, regauthArgs(regauthBin, ['check', target.image, ...(push ? ['--push'] : []), '--config', configFile, '--json']), env);
    checkSamples.push(await measure(target, check(true), fromJson));
    pullSamples.push(await measure(target, check(false), fromJson));
  }
  return [
    rowOf(target.title, '`docker login` (28.2.2, no daemon)', dockerSamples),
    rowOf(target.title, '`skopeo login` (1.9.3)', skopeoSamples),
    rowOf(target.title, '`regauth check --push`', checkSamples),
    rowOf(target.title, '`regauth check` (pull only)', pullSamples),
  ];
}

function verdicts(rows: readonly Row[]): string[] {
  const lines: string[] = [];
  for (const title of new Set(rows.map((row) => row.target))) {
    const docker = rows.find((row) => row.target === title && row.tool.startsWith('`docker login'));
    const check = rows.find((row) => row.target === title && row.tool === '`regauth check --push`');
    if (docker === undefined || check === undefined) continue;
    const allowedTurns = docker.turns.medianMs + 2;
    const allowedRequests = docker.requests.medianMs + 2;
    const met = check.turns.medianMs <= allowedTurns && check.requests.medianMs <= allowedRequests;
    lines.push(
      `- ${title}: \`regauth check --push\` made ${check.requests.medianMs} requests in ${check.turns.medianMs} round trips; ` +
        `\`docker login\` ${docker.requests.medianMs} requests in ${docker.turns.medianMs} round trips, so the budget is ` +
        `${allowedRequests} requests / ${allowedTurns} round trips — target ${met ? 'met' : 'missed'}.`,
    );
  }
  return lines;
}

function section(rows: readonly Row[], undelayed: readonly Row[]): string {
  return [
    '## Round trips: `regauth check --push` against `docker login` and `skopeo login`',
    '',
    `\`node bench/run.mjs roundtrips\`: inside the testbed, each registry (and the hub's token server) sits behind a TCP`,
    `proxy that holds every chunk ${DELAY_MS} ms in each direction (${2 * DELAY_MS} ms per round trip); host names point at the`,
    `proxies. ${RUNS} runs per row, each with a fresh config. *Requests* are counted from the registry and token-server`,
    'logs; *round trips* are the proxies\' turns (a turn starts whenever the client sends after the server did, TLS',
    'handshake flights included), summed over connections, so parallel connections count in full. *regauth says* is',
    'the `requests` field of `check --json`. The user may push to the image (hub: `alice/app`; htpasswd registries',
    'authorise nobody). `docker login` runs without a daemon, so the CLI logs in itself (client-side fallback).',
    '',
    table(
      ['registry', 'command', 'wall time', 'requests', 'round trips', 'connections', 'regauth says'],
      rows.map((row) => [row.target, row.tool, timeCell(row.wall), countCell(row.requests), countCell(row.turns), countCell(row.connections), row.reported === null ? '—' : countCell(row.reported)]),
    ),
    '',
    ...verdicts(rows),
    '',
    'The same commands with the proxies adding no delay, for the cost of everything but the round trips',
    '(start-up, TLS set-up, the work itself):',
    '',
    table(['registry', 'command', 'wall time'], undelayed.map((row) => [row.target, row.tool, timeCell(row.wall)])),
    '',
    machineLine(),
  ].join('\n');
}

export async function runRoundTripBench(descriptor: TestbedDescriptor): Promise<void> {
  const hub = descriptor.registries.hub;
  const myreg = descriptor.registries.myreg;
  const proxies = {
    hub: await startDelayProxy({ listen: { address: '127.0.0.110', port: hub.port }, target: { address: hub.address, port: hub.port }, delayMs: DELAY_MS }),
    token: await startDelayProxy({ listen: { address: '127.0.0.111', port: descriptor.tokenServer.port }, target: { address: descriptor.tokenServer.address, port: descriptor.tokenServer.port }, delayMs: DELAY_MS }),
    myreg: await startDelayProxy({ listen: { address: '127.0.0.120', port: myreg.port }, target: { address: myreg.address, port: myreg.port }, delayMs: DELAY_MS }),
  };
  const cli = copyBuiltCli({ bundle: true });
  try {
    pointHosts(descriptor, {
      'registry-1.docker.io': proxies.hub.address,
      'index.docker.io': proxies.hub.address,
      'docker.io': proxies.hub.address,
      'auth.docker.io': proxies.token.address,
      'myreg.example.com': proxies.myreg.address,
    });
    const targets: Target[] = [
      {
        title: 'Docker Hub (token auth)',
        loginHost: null,
        skopeoHost: 'docker.io',
        image: 'docker.io/alice/app',
        configKey: 'https://index.docker.io/v1/',
        counters: [registryRequestCounter(descriptor, 'hub'), tokenRequestCounter(descriptor)],
        proxies: [proxies.hub, proxies.token],
      },
      {
        title: 'htpasswd registry',
        loginHost: myreg.host,
        skopeoHost: myreg.host,
        image: `${myreg.host}/app`,
        configKey: myreg.host,
        counters: [registryRequestCounter(descriptor, 'myreg')],
        proxies: [proxies.myreg],
      },
    ];
    const measureAll = async (): Promise<Row[]> => {
      const rows: Row[] = [];
      for (const target of targets) rows.push(...(await runTarget(descriptor, target, cli.bin)));
      for (const row of rows) {
        process.stdout.write(`${row.target} ${row.tool}: ${timeCell(row.wall)}, ${countCell(row.requests)} requests, ${countCell(row.turns)} round trips\n`);
      }
      return rows;
    };
    const delayed = await measureAll();
    // the same without added delay: what each program costs besides its round trips
    for (const proxy of Object.values(proxies)) proxy.setDelay(0);
    process.stdout.write('without added delay:\n');
    const undelayed = await measureAll();
    writeSection('roundtrips', section(delayed, undelayed));
  } finally {
    pointHosts(descriptor, {});
    cli.remove();
    await Promise.all(Object.values(proxies).map((proxy) => proxy.close()));
  }
}
