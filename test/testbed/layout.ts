/**
 * The fixed layout of the testbed: which names map to which loopback addresses, which
 * registries run where, which users exist. Pure data; setup.ts turns it into processes.
 */
import type { RegistryName } from './descriptor.js';

export const HUB_SERVICE = 'registry.docker.io';
export const HUB_REALM = 'https://auth.docker.io/token';
export const TOKEN_ISSUER = 'regauth-testbed-token-server';
export const TOKEN_SERVER_ADDRESS = '127.0.0.11';
export const TOKEN_SERVER_PORT = 443;

/** name → address for the namespace's /etc/hosts */
export const HOSTS: Readonly<Record<string, string>> = {
  localhost: '127.0.0.1',
  'registry-1.docker.io': '127.0.0.10',
  'index.docker.io': '127.0.0.10',
  'docker.io': '127.0.0.10',
  'auth.docker.io': TOKEN_SERVER_ADDRESS,
  'myreg.example.com': '127.0.0.20',
  'other.example.com': '127.0.0.21',
};

/**
 * An address off loopback: added to `lo` inside the namespace only, it stands in for a remote
 * host. `localhost` names mapped to it must never receive credentials over plain http.
 */
export const OFF_LOOPBACK_ADDRESS = '10.255.0.1';
export const OFF_LOOPBACK_HOSTS: Readonly<Record<string, string>> = {
  'registry.localhost': OFF_LOOPBACK_ADDRESS,
  'realm.localhost': OFF_LOOPBACK_ADDRESS,
};

/** every name and address the shared server certificate must cover */
export const CERTIFICATE_DNS_NAMES = Object.keys(HOSTS);
export const CERTIFICATE_IP_ADDRESSES = [...new Set([...Object.values(HOSTS), '::1'])];

export const USER_NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'reader'] as const;
export const READ_ONLY_USERS: ReadonlySet<string> = new Set(['reader']);

export interface RegistrySpec {
  name: RegistryName;
  host: string;
  aliases: string[];
  address: string;
  port: number;
  tls: boolean;
  auth: 'token' | 'htpasswd';
  images: string[];
}

const PRIVATE_IMAGES = ['app:latest', 'team/app:latest'];

export const REGISTRY_SPECS: readonly RegistrySpec[] = [
  {
    name: 'hub',
    host: 'registry-1.docker.io',
    aliases: ['index.docker.io', 'docker.io'],
    address: '127.0.0.10',
    port: 443,
    tls: true,
    auth: 'token',
    images: ['alice/app:latest', 'library/ubuntu:latest', 'bob/tool:latest'],
  },
  {
    name: 'myreg',
    host: 'myreg.example.com',
    aliases: [],
    address: '127.0.0.20',
    port: 443,
    tls: true,
    auth: 'htpasswd',
    images: PRIVATE_IMAGES,
  },
  {
    name: 'myreg5000',
    host: 'myreg.example.com:5000',
    aliases: [],
    address: '127.0.0.20',
    port: 5000,
    tls: true,
    auth: 'htpasswd',
    images: PRIVATE_IMAGES,
  },
  {
    name: 'other',
    host: 'other.example.com',
    aliases: [],
    address: '127.0.0.21',
    port: 443,
    tls: true,
    auth: 'htpasswd',
    images: PRIVATE_IMAGES,
  },
  {
    name: 'local',
    host: 'localhost:5001',
    aliases: ['127.0.0.1:5001'],
    address: '127.0.0.1',
    port: 5001,
    tls: false,
    auth: 'htpasswd',
    images: PRIVATE_IMAGES,
  },
];

export function registryUrl(spec: RegistrySpec): string {
  return `${spec.tls ? 'https' : 'http'}://${spec.host}`;
}

export function hostsFileText(): string {
  return Object.entries({ ...HOSTS, ...OFF_LOOPBACK_HOSTS })
    .map(([name, address]) => `${address}\t${name}`)
    .join('\n')
    .concat('\n::1\tip6-localhost\n');
}
