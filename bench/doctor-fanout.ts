/**
 * Issue 4: `regauth doctor` over 20 registries, each behind its own proxy that adds 300 ms
 * per round trip (150 ms each way). Target: total wall time close to one registry's, not
 * twenty times it. All 20 names (`regN.example.test:PORT`) reach one extra distribution
 * registry started for this bench, with a certificate for those names from the testbed CA.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestbedDescriptor, TestUser } from '../test/testbed/descriptor.js';
import { runChecked } from '../test/testbed/process.js';
import { registryAgent, startRegistry, waitUntilAnswering, type RegistryProcess } from '../test/testbed/registry-process.js';
import { copyBuiltCli } from './support/cli-copy.js';
import { startDelayProxy, type DelayProxy } from './support/delay-proxy.js';
import { summarise, type Summary } from './support/measure.js';
import { machineLine, table, timeCell, writeSection } from './support/report.js';
import { pointHosts, programEnv, regauthArgs, runProgram, tempDir, type ProgramRun } from './support/testbed.js';

const REGISTRY_COUNT = 20;
const ROUND_TRIP_MS = Number(process.env['BENCH_DOCTOR_ROUND_TRIP_MS'] ?? 300);
const RUNS = Number(process.env['BENCH_NETWORK_RUNS'] ?? 3);
const UPSTREAM = { address: '127.0.0.30', port: 443 };
const PROXY_PORT = 5443;
/** "close to one registry's time": what the 20-registry run may take at most, in units of the 1-registry run */
const CLOSE_TO_ONE = 1.5;

function registryName(index: number): string {
  return `reg${index}.example.test`;
}

function proxyAddress(index: number): string {
  return `127.0.2.${index}`;
}

/** A server certificate for every regN name, signed by the testbed CA so clients already trust it. */
async function certificateForNames(descriptor: TestbedDescriptor, dir: string): Promise<{ certificate: string; key: string }> {
  const certificate = join(dir, 'server.crt');
  const key = join(dir, 'server.key');
  const names = Array.from({ length: REGISTRY_COUNT }, (_, index) => `DNS:${registryName(index + 1)}`);
  await runChecked('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-CA', descriptor.caCert, '-CAkey', join(descriptor.dir, 'certs', 'ca.key'),
    '-keyout', key, '-out', certificate,
    '-subj', '/CN=regauth bench registries',
    '-addext', 'basicConstraints=critical,CA:FALSE',
    '-addext', 'extendedKeyUsage=serverAuth',
    '-addext', `subjectAltName=${names.join(',')},IP:${UPSTREAM.address}`,
  ]);
  return { certificate, key };
}

async function startUpstream(descriptor: TestbedDescriptor): Promise<RegistryProcess> {
  const dir = join(descriptor.dir, 'bench-doctor');
  mkdirSync(dir, { recursive: true });
  const tls = await certificateForNames(descriptor, dir);
  const registry = await startRegistry({
    spec: { name: 'other', host: 'bench-registries.example.test', aliases: [], address: UPSTREAM.address, port: UPSTREAM.port, tls: true, auth: 'htpasswd', images: [] },
    dir,
    tls,
    auth: { kind: 'htpasswd', htpasswdFile: join(descriptor.dir, 'htpasswd') },
  });
  const agent = registryAgent(readFileSync(descriptor.caCert, 'utf8'));
  try {
    await waitUntilAnswering(`https://${UPSTREAM.address}:${UPSTREAM.port}`, agent, registry.logFile);
  } finally {
    await agent.close();
  }
  return registry;
}

function configWith(descriptor: TestbedDescriptor, user: TestUser, count: number): string {
  const dir = tempDir(descriptor, `doctor-${count}`);
  const auth = Buffer.from(`${user.name}:${user.password}`).toString('base64');
  const auths = Object.fromEntries(Array.from({ length: count }, (_, index) => [`${registryName(index + 1)}:${PROXY_PORT}`, { auth }]));
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify({ auths }, null, 2)}\n`, { mode: 0o600 });
  return dir;
}

interface Row {
  label: string;
  wall: Summary;
  /** summed over all proxies, per run */
  connections: Summary;
  roundTrips: Summary;
  exitCodes: string;
  /** ids of the findings doctor reported (none expected) */
  findings: string;
}

function findingIds(run: ProgramRun): string[] {
  const report = JSON.parse(run.stdout) as { findings?: { id?: unknown }[] };
  return (report.findings ?? []).map((finding) => String(finding.id));
}

/** doctor's exit code is 1 when it finds a problem; 2 means it did not run (usage, or not available in this build). */
function assertRan(run: ProgramRun): void {
  if (run.code === 0 || run.code === 1) return;
  throw new Error(`regauth doctor exited ${String(run.code)}: ${run.stderr.trim().slice(0, 500)}`);
}

function section(rows: readonly Row[] | null, unavailable: string | null): string {
  const lines = [
    '## Fan-out: `regauth doctor` over 20 registries',
    '',
    '`node bench/run.mjs doctor`: inside the testbed, a Docker config with credentials for `reg1.example.test:5443` …',
    `\`reg${REGISTRY_COUNT}.example.test:5443\`; each name has its own proxy adding ${ROUND_TRIP_MS} ms per round trip`,
    `(${ROUND_TRIP_MS / 2} ms each way) in front of one htpasswd registry. ${RUNS} runs per row. Connections and round`,
    'trips are summed over all proxies (see the round-trip bench for how they are counted). Every registry accepts the',
    'credentials, so doctor should find nothing (exit 0).',
    '',
  ];
  if (rows === null) {
    lines.push(`Not measured: ${unavailable ?? 'doctor did not run'}. The bench is ready; rerun it once \`regauth doctor\` works.`);
  } else {
    const count = (summary: Summary): string => (summary.minMs === summary.maxMs ? String(summary.medianMs) : `${summary.medianMs} (${summary.minMs}–${summary.maxMs})`);
    lines.push(
      table(
        ['config', 'wall time', 'connections', 'round trips', 'exit codes', 'findings'],
        rows.map((row) => [row.label, timeCell(row.wall), count(row.connections), count(row.roundTrips), row.exitCodes, row.findings || 'none']),
      ),
    );
    const one = rows[0];
    const all = rows[rows.length - 1];
    if (one !== undefined && all !== undefined) {
      const ratio = all.wall.medianMs / one.wall.medianMs;
      const verdict = ratio <= CLOSE_TO_ONE ? 'met' : 'missed';
      lines.push(
        '',
        `- ${REGISTRY_COUNT} registries take ${ratio.toFixed(2)}× the time of one (median); checked one after another they would take ` +
          `about ${REGISTRY_COUNT}×. Target (at most ${CLOSE_TO_ONE}× one registry's time) ${verdict}.`,
      );
    }
  }
  lines.push('', machineLine());
  return lines.join('\n');
}

export async function runDoctorFanOutBench(descriptor: TestbedDescriptor): Promise<void> {
  const alice = descriptor.users.find((user) => user.name === 'alice');
  if (alice === undefined) throw new Error('testbed has no user alice');
  const upstream = await startUpstream(descriptor);
  const proxies: DelayProxy[] = [];
  const cli = copyBuiltCli({ bundle: true });
  try {
    for (let index = 1; index <= REGISTRY_COUNT; index++) {
      proxies.push(await startDelayProxy({ listen: { address: proxyAddress(index), port: PROXY_PORT }, target: UPSTREAM, delayMs: ROUND_TRIP_MS / 2 }));
    }
    pointHosts(descriptor, Object.fromEntries(Array.from({ length: REGISTRY_COUNT }, (_, index) => [registryName(index + 1), proxyAddress(index + 1)])));
    const rows: Row[] = [];
    let unavailable: string | null = null;
    for (const count of [1, REGISTRY_COUNT]) {
      const configDir = configWith(descriptor, alice, count);
      const env = programEnv(descriptor, { DOCKER_CONFIG: configDir });
      const runs: ProgramRun[] = [];
      const traffic: { connections: number; turns: number }[] = [];
      for (let round = 0; round < RUNS; round++) {
        for (const proxy of proxies) proxy.resetCounts();
        const run = await runProgram(process.execPath, regauthArgs(cli.bin, ['doctor', '--json']), env);
        if (run.code === 2) {
          unavailable = `\`regauth doctor\` exited 2 (${run.stderr.trim().split('\n')[0] ?? ''})`;
          break;
        }
        assertRan(run);
        runs.push(run);
        traffic.push(
          proxies.reduce((sum, proxy) => ({ connections: sum.connections + proxy.counts().connections, turns: sum.turns + proxy.counts().turns }), { connections: 0, turns: 0 }),
        );
      }
      if (unavailable !== null) break;
      const label = count === 1 ? '1 registry' : `${count} registries`;
      const row: Row = {
        label,
        wall: summarise(runs.map((run) => run.wallMs)),
        connections: summarise(traffic.map((item) => item.connections)),
        roundTrips: summarise(traffic.map((item) => item.turns)),
        exitCodes: [...new Set(runs.map((run) => String(run.code)))].join(', '),
        findings: [...new Set(runs.flatMap(findingIds))].map((id) => `\`${id}\``).join(', '),
      };
      rows.push(row);
      process.stdout.write(`${label}: ${timeCell(row.wall)}, ${row.connections.medianMs} connections, ${row.roundTrips.medianMs} round trips\n`);
    }
    if (unavailable !== null) process.stdout.write(`doctor not measured: ${unavailable}\n`);
    writeSection('doctor', section(unavailable === null ? rows : null, unavailable));
  } finally {
    pointHosts(descriptor, {});
    cli.remove();
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await upstream.stop();
  }
}
