/**
 * Starts the whole testbed inside the prepared namespace: PKI, users, the token server,
 * the registries (in parallel), seeds them, and writes testbed.json.
 */
import { mkdir, readFile, writeFile, chmod } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { generateCertificates } from './certs.js';
import { createJwtSigner } from './jwt.js';
import { startTokenServer, type TokenServer } from './token-server.js';
import { registryAgent, startRegistry, waitUntilAnswering, type RegistryProcess } from './registry-process.js';
import { buildTinyImage, pushImage, splitImage } from './seed.js';
import { runChecked } from './process.js';
import { prepareNamespace } from './namespace.js';
import {
  CERTIFICATE_DNS_NAMES,
  CERTIFICATE_IP_ADDRESSES,
  HOSTS,
  HUB_REALM,
  HUB_SERVICE,
  READ_ONLY_USERS,
  REGISTRY_SPECS,
  TOKEN_ISSUER,
  TOKEN_SERVER_ADDRESS,
  TOKEN_SERVER_PORT,
  USER_NAMES,
  registryUrl,
  type RegistrySpec,
} from './layout.js';
import {
  DESCRIPTOR_FILE,
  DESCRIPTOR_VERSION,
  type RegistryEndpoint,
  type RegistryName,
  type TestbedDescriptor,
  type TestUser,
} from './descriptor.js';
import type { Agent } from 'undici';

/** Variables that would make a client read the developer's or CI's own configuration or proxies. */
export const UNSET_ENV = [
  'DOCKER_CONFIG',
  'DOCKER_AUTH_CONFIG',
  'DOCKER_HOST',
  'DOCKER_CONTEXT',
  'DOCKER_CERT_PATH',
  'DOCKER_TLS_VERIFY',
  'REGISTRY_AUTH_FILE',
  'CONTAINERS_REGISTRIES_CONF',
  'CONTAINERS_AUTH_FILE',
  'GNUPGHOME',
  'PASSWORD_STORE_DIR',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'all_proxy',
];

export interface StartOptions {
  dir: string;
  docker20: string;
  dockerBin?: string;
}

export interface RunningTestbed {
  descriptor: TestbedDescriptor;
  stop(): Promise<void>;
}

function makeUsers(): TestUser[] {
  return USER_NAMES.map((name) => ({ name, password: randomBytes(12).toString('hex'), readOnly: READ_ONLY_USERS.has(name) }));
}

async function writeHtpasswd(file: string, users: readonly TestUser[]): Promise<void> {
  // cost 5 is htpasswd's default; every request pays it, so keep it low
  const lines = await Promise.all(
    users.map(async (user) => (await runChecked('htpasswd', ['-Bbn', '-C', '5', user.name, user.password])).stdout.trim()),
  );
  await writeFile(file, `${lines.join('\n')}\n`, { mode: 0o600 });
}

function endpointFor(spec: RegistrySpec, logFile: string): RegistryEndpoint {
  return {
    name: spec.name,
    host: spec.host,
    aliases: spec.aliases,
    url: registryUrl(spec),
    scheme: spec.tls ? 'https' : 'http',
    address: spec.address,
    port: spec.port,
    auth: spec.auth,
    log: logFile,
    images: spec.images,
  };
}

async function seedRegistry(
  spec: RegistrySpec,
  users: readonly TestUser[],
  tokens: TokenServer,
  agent: Agent,
): Promise<void> {
  const image = buildTinyImage();
  const seeder = users[0];
  if (seeder === undefined) throw new Error('no users');
  await Promise.all(
    spec.images.map(async (reference) => {
      const { repository, tag } = splitImage(reference);
      const authorization =
        spec.auth === 'token'
          ? `Bearer ${tokens.mint('testbed-seed', [{ type: 'repository', name: repository, actions: ['pull', 'push'] }])}`
          : `Basic ${Buffer.from(`${seeder.name}:${seeder.password}`).toString('base64')}`;
      await pushImage(registryUrl(spec), repository, tag, image, authorization, agent);
    }),
  );
}

export function testProcessEnv(dir: string, caCert: string, caBundle: string): Record<string, string> {
  return {
    REGAUTH_TESTBED: dir,
    HOME: join(dir, 'home'),
    XDG_RUNTIME_DIR: join(dir, 'run'),
    XDG_CONFIG_HOME: join(dir, 'home', '.config'),
    TMPDIR: join(dir, 'tmp'),
    SSL_CERT_FILE: caBundle,
    NODE_EXTRA_CA_CERTS: caCert,
    DOCKER_CLI_HINTS: 'false',
  };
}

export async function startTestbed(options: StartOptions): Promise<RunningTestbed> {
  const { dir } = options;
  const certDir = join(dir, 'certs');
  await Promise.all(['home/.config', 'tmp', 'certs', 'run'].map((sub) => mkdir(join(dir, sub), { recursive: true })));
  await chmod(join(dir, 'run'), 0o700);
  const namespace = await prepareNamespace(dir);

  const users = makeUsers();
  const htpasswdFile = join(dir, 'htpasswd');
  const [certs] = await Promise.all([
    generateCertificates(certDir, CERTIFICATE_DNS_NAMES, CERTIFICATE_IP_ADDRESSES),
    writeHtpasswd(htpasswdFile, users),
  ]);
  const [tlsKey, tlsCert, signingKey, signingCert, caPem] = await Promise.all(
    [certs.serverKey, certs.serverCert, certs.signingKey, certs.signingCert, certs.caCert].map((file) => readFile(file, 'utf8')),
  );
  if (tlsKey === undefined || tlsCert === undefined || signingKey === undefined || signingCert === undefined || caPem === undefined) {
    throw new Error('certificate files missing');
  }

  const tokenLog = join(dir, 'token-server.log');
  await writeFile(tokenLog, '');
  const tokens = await startTokenServer({
    address: TOKEN_SERVER_ADDRESS,
    port: TOKEN_SERVER_PORT,
    tlsKey,
    tlsCert,
    signer: createJwtSigner(signingKey, signingCert),
    issuer: TOKEN_ISSUER,
    service: HUB_SERVICE,
    users,
    logFile: tokenLog,
  });

  const registries: RegistryProcess[] = [];
  const agent = registryAgent(caPem);
  const stop = async (): Promise<void> => {
    await Promise.all(registries.map((registry) => registry.stop()));
    await tokens.close();
    await agent.close();
  };
  try {
    for (const spec of REGISTRY_SPECS) {
      registries.push(
        await startRegistry({
          spec,
          dir,
          tls: spec.tls ? { certificate: certs.serverCert, key: certs.serverKey } : null,
          auth:
            spec.auth === 'token'
              ? { kind: 'token', realm: HUB_REALM, service: HUB_SERVICE, issuer: TOKEN_ISSUER, rootCertBundle: certs.signingCert }
              : { kind: 'htpasswd', htpasswdFile },
        }),
      );
    }
    await Promise.all(registries.map((registry) => waitUntilAnswering(registryUrl(registry.spec), agent, registry.logFile)));
    await Promise.all(REGISTRY_SPECS.map((spec) => seedRegistry(spec, users, tokens, agent)));
  } catch (error) {
    await stop();
    throw error;
  }

  const endpoints = Object.fromEntries(
    registries.map((registry) => [registry.spec.name, endpointFor(registry.spec, registry.logFile)]),
  ) as Record<RegistryName, RegistryEndpoint>;
  const descriptor: TestbedDescriptor = {
    version: DESCRIPTOR_VERSION,
    dir,
    caCert: certs.caCert,
    caBundle: certs.caBundle,
    users,
    registries: endpoints,
    tokenServer: {
      realm: HUB_REALM,
      service: HUB_SERVICE,
      issuer: TOKEN_ISSUER,
      address: TOKEN_SERVER_ADDRESS,
      port: TOKEN_SERVER_PORT,
      log: tokenLog,
    },
    hosts: { ...HOSTS },
    etcDocker: namespace.etcDocker,
    tmpDir: join(dir, 'tmp'),
    bins: {
      docker: options.dockerBin ?? '/usr/local/bin/docker',
      docker20: options.docker20,
      skopeo: '/usr/bin/skopeo',
      podman: '/usr/bin/podman',
      dockerCredentialPass: '/usr/bin/docker-credential-pass',
    },
    env: testProcessEnv(dir, certs.caCert, certs.caBundle),
    unsetEnv: UNSET_ENV,
  };
  await writeFile(join(dir, DESCRIPTOR_FILE), `${JSON.stringify(descriptor, null, 2)}\n`, { mode: 0o600 });
  return { descriptor, stop };
}
