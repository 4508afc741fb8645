/**
 * One real distribution registry (Debian's /usr/bin/docker-registry) per testbed endpoint:
 * its configuration (pure), the process, and waiting until it answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'undici';
import type { RegistrySpec } from './layout.js';

export const REGISTRY_BINARY = '/usr/bin/docker-registry';

export type RegistryAuthConfig =
  | { kind: 'htpasswd'; htpasswdFile: string }
  | { kind: 'token'; realm: string; service: string; issuer: string; rootCertBundle: string };

export interface RegistryProcessOptions {
  spec: RegistrySpec;
  dir: string;
  auth: RegistryAuthConfig;
  tls: { certificate: string; key: string } | null;
}

/**
 * Debug level is deliberate: distribution 2.8 adds `auth.user.name` only to the log lines
 * written inside request handlers, and most of those are debug lines.
 */
export function registryConfig(options: RegistryProcessOptions, storageDir: string): Record<string, unknown> {
  const auth =
    options.auth.kind === 'htpasswd'
      ? { htpasswd: { realm: 'basic-realm', path: options.auth.htpasswdFile } }
      : {
          token: {
            realm: options.auth.realm,
            service: options.auth.service,
            issuer: options.auth.issuer,
            rootcertbundle: options.auth.rootCertBundle,
          },
        };
  const http: Record<string, unknown> = {
    addr: `${options.spec.address}:${options.spec.port}`,
    secret: randomBytes(16).toString('hex'),
    headers: { 'X-Content-Type-Options': ['nosniff'] },
  };
  if (options.tls !== null) http['tls'] = { certificate: options.tls.certificate, key: options.tls.key };
  return {
    version: '0.1',
    log: { level: 'debug', formatter: 'json', accesslog: { disabled: true }, fields: { registry: options.spec.name } },
    storage: {
      filesystem: { rootdirectory: storageDir },
      delete: { enabled: true },
      maintenance: { uploadpurging: { enabled: false } },
    },
    http,
    auth,
  };
}

export interface RegistryProcess {
  readonly spec: RegistrySpec;
  readonly logFile: string;
  stop(): Promise<void>;
}

export async function startRegistry(options: RegistryProcessOptions): Promise<RegistryProcess> {
  const dir = join(options.dir, options.spec.name);
  const storageDir = join(dir, 'storage');
  await mkdir(storageDir, { recursive: true });
  const configFile = join(dir, 'config.yml');
  // YAML is a superset of JSON
  await writeFile(configFile, JSON.stringify(registryConfig(options, storageDir), null, 2));
  const logFile = join(options.dir, `${options.spec.name}.log`);
  const logFd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(REGISTRY_BINARY, ['serve', configFile], {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
      stdio: ['ignore', logFd, logFd],
    });
  } finally {
    closeSync(logFd);
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    spec: options.spec,
    logFile,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** An HTTP client that trusts the testbed CA and connects to the spec's address whatever the host name. */
export function registryAgent(caPem: string): Agent {
  return new Agent({ connect: { ca: caPem }, keepAliveTimeout: 1000 });
}

export async function waitUntilAnswering(
  url: string,
  agent: Agent,
  logFile: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await request(`${url}/v2/`, { dispatcher: agent, headersTimeout: 2000, bodyTimeout: 2000 });
      await response.body.dump();
      if (response.statusCode === 200 || response.statusCode === 401) return;
      lastError = new Error(`status ${response.statusCode}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  const tail = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-8).join('\n');
  throw new Error(`registry at ${url} did not answer within ${timeoutMs} ms (${String(lastError)}); log tail:\n${tail}`);
}
