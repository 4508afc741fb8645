import { isIP } from 'node:net';
import { Trace, type TraceStep } from '../util/trace.js';

/**
 * Which URLs Docker tries for a registry, and where credentials may travel. Pure.
 *
 * Docker's order (moby `lookupV2Endpoints`): Docker Hub is always https://registry-1.docker.io;
 * any other host gets https first; an *insecure* registry (listed in `insecure-registries`, or
 * in 127.0.0.0/8 / ::1, which Docker always adds) gets https **without certificate
 * verification**, then plain http.
 */

export interface Endpoint {
  /** origin, e.g. "https://registry-1.docker.io" */
  url: string;
  scheme: 'https' | 'http';
  /** host[:port] as used in the URL */
  host: string;
  /** false for the https endpoint of an insecure registry (Docker skips verification there) */
  verifyTls: boolean;
}

export interface EndpointInput {
  /** registry as in the image reference: "docker.io", "myreg.example.com:5000", "localhost:5001" */
  registry: string;
  /** `--insecure`: treat the registry as insecure whatever the daemon config says */
  insecureFlag?: boolean;
  /** `insecure-registries` entries: host[:port] or CIDR */
  insecureRegistries?: readonly string[];
  /**
   * addresses the host resolves to, to match CIDR entries and loopback the way Docker's
   * `isSecureIndex` does; when given, a `localhost` name counts as loopback only by them
   */
  resolvedAddresses?: readonly string[];
}

export interface EndpointPlan {
  endpoints: Endpoint[];
  insecure: boolean;
  /** insecure because the user said so (`--insecure`, insecure-registries), not by the loopback rule */
  insecureConfigured: boolean;
  trace: TraceStep[];
}

export const DOCKER_HUB_REGISTRY = 'registry-1.docker.io';

export function isDockerHub(registry: string): boolean {
  const host = registry.toLowerCase();
  return host === 'docker.io' || host === 'index.docker.io' || host === 'registry-1.docker.io';
}

/** The host Docker talks to for a registry name. */
export function registryHost(registry: string): string {
  return isDockerHub(registry) ? DOCKER_HUB_REGISTRY : registry;
}

/** Splits "host:port", "[::1]:5000", "::1" into host and optional port. */
export function splitHostPort(hostPort: string): { hostname: string; port: string | null } {
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close > 0) {
      const rest = hostPort.slice(close + 1);
      return { hostname: hostPort.slice(1, close), port: rest.startsWith(':') ? rest.slice(1) : null };
    }
  }
  if (isIP(hostPort) === 6) return { hostname: hostPort, port: null };
  const colon = hostPort.lastIndexOf(':');
  if (colon > 0 && /^\d+$/.test(hostPort.slice(colon + 1))) {
    return { hostname: hostPort.slice(0, colon), port: hostPort.slice(colon + 1) };
  }
  return { hostname: hostPort, port: null };
}

function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function expandIpv6(ip: string): bigint | null {
  let text = ip.toLowerCase();
  const v4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4Tail) {
    const n = ipv4ToNumber(v4Tail[1]!);
    text = text.slice(0, -v4Tail[1]!.length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(group)) return null;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

/** Does an IP address fall inside a CIDR block (IPv4 or IPv6)? */
export function cidrContains(cidr: string, ip: string): boolean {
  const slash = cidr.indexOf('/');
  if (slash < 0) return false;
  const base = cidr.slice(0, slash);
  const bits = Number(cidr.slice(slash + 1));
  const family = isIP(base);
  if (family === 0 || family !== isIP(ip) || !Number.isInteger(bits)) return false;
  if (family === 4) {
    if (bits < 0 || bits > 32) return false;
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return ((ipv4ToNumber(base) & mask) >>> 0) === ((ipv4ToNumber(ip) & mask) >>> 0);
  }
  if (bits < 0 || bits > 128) return false;
  const a = expandIpv6(base);
  const b = expandIpv6(ip);
  if (a === null || b === null) return false;
  const shift = BigInt(128 - bits);
  return a >> shift === b >> shift;
}

export function isLoopbackAddress(ip: string): boolean {
  return cidrContains('127.0.0.0/8', ip) || cidrContains('::1/128', ip);
}

/**
 * Loopback by name or address: a first filter only. A `localhost` name can resolve anywhere
 * (/etc/hosts, a resolver that answers for `.localhost`), so whatever must stay on this
 * machine is decided again by the address (`resolvedAddresses`, the connected socket).
 */
export function isLoopbackHost(hostOrHostPort: string): boolean {
  const { hostname } = splitHostPort(hostOrHostPort);
  const lower = hostname.toLowerCase();
  return lower === 'localhost' || lower.endsWith('.localhost') || isLoopbackAddress(lower);
}

interface InsecureReason {
  why: string;
  /** the user asked for it (flag or daemon setting), rather than Docker's loopback rule */
  configured: boolean;
}

function insecureReason(input: EndpointInput): InsecureReason | null {
  const { hostname } = splitHostPort(input.registry);
  const addresses = [...(isIP(hostname) ? [hostname] : []), ...(input.resolvedAddresses ?? [])];
  if (input.insecureFlag) return { why: 'the --insecure option was given', configured: true };
  for (const entry of input.insecureRegistries ?? []) {
    const cleaned = entry.replace(/^https?:\/\//, '').replace(/\/+$/, '');
    if (cleaned.includes('/')) {
      const hit = addresses.find((ip) => cidrContains(cleaned, ip));
      if (hit) return { why: `${hit} is inside the insecure-registries block ${cleaned}`, configured: true };
    } else if (cleaned.toLowerCase() === input.registry.toLowerCase()) {
      return { why: `"${cleaned}" is listed in insecure-registries`, configured: true };
    }
  }
  if (isLoopbackAddress(hostname)) {
    return { why: `${hostname} is a loopback address, which Docker always treats as insecure`, configured: false };
  }
  if (input.resolvedAddresses === undefined && isLoopbackHost(input.registry)) {
    return { why: `${hostname} is a loopback name, which Docker always treats as insecure`, configured: false };
  }
  const loopbackAddress = addresses.find(isLoopbackAddress);
  if (loopbackAddress) {
    return { why: `${hostname} resolves to the loopback address ${loopbackAddress}, which Docker always treats as insecure`, configured: false };
  }
  return null;
}

export function resolveEndpoints(input: EndpointInput): EndpointPlan {
  const trace = new Trace();
  if (isDockerHub(input.registry)) {
    trace.matched('endpoint.docker-hub', `${input.registry} is Docker Hub; its registry API is served by ${DOCKER_HUB_REGISTRY} over https only`, {
      tried: input.registry,
    });
    return {
      endpoints: [{ url: `https://${DOCKER_HUB_REGISTRY}`, scheme: 'https', host: DOCKER_HUB_REGISTRY, verifyTls: true }],
      insecure: false,
      insecureConfigured: false,
      trace: trace.steps,
    };
  }
  const reason = insecureReason(input);
  const host = input.registry;
  if (reason === null) {
    const offLoopback = isLoopbackHost(host) && input.resolvedAddresses !== undefined;
    const why = offLoopback
      ? `${splitHostPort(host).hostname} is a loopback name but resolves to ${input.resolvedAddresses?.join(', ') || 'no address'}, not loopback: it is not an insecure registry, so only https with certificate verification is tried`
      : `${host} is not an insecure registry, so only https with certificate verification is tried`;
    trace.info('endpoint.secure', why, { tried: host });
    return { endpoints: [{ url: `https://${host}`, scheme: 'https', host, verifyTls: true }], insecure: false, insecureConfigured: false, trace: trace.steps };
  }
  trace.matched('endpoint.insecure', `${reason.why}: https is tried without certificate verification, then plain http`, { tried: host });
  return {
    endpoints: [
      { url: `https://${host}`, scheme: 'https', host, verifyTls: false },
      { url: `http://${host}`, scheme: 'http', host, verifyTls: false },
    ],
    insecure: true,
    insecureConfigured: reason.configured,
    trace: trace.steps,
  };
}

export interface CredentialVerdict {
  allowed: boolean;
  why: string;
}

/**
 * May credentials (Basic, identity tokens, bearer tokens) be sent to `target`?
 * Never in clear text off the machine, and never to a plain-http token realm on another host.
 * For plain http this is the decision by name; the transport then sends only when the
 * connected peer address is loopback as well.
 */
export function mayCarryCredentials(target: URL, registryHostPort: string): CredentialVerdict {
  if (target.protocol === 'https:') return { allowed: true, why: `${target.host} is reached over https` };
  if (target.protocol !== 'http:') return { allowed: false, why: `${target.protocol} is not http or https` };
  const targetHost = target.hostname.replace(/^\[|\]$/g, '');
  if (!isLoopbackHost(targetHost)) {
    return { allowed: false, why: `${target.host} would receive them over plain http, unencrypted, and it is not a loopback address` };
  }
  const registryHostname = splitHostPort(registryHostPort).hostname.toLowerCase();
  if (targetHost.toLowerCase() !== registryHostname && !(isLoopbackHost(registryHostname) && isLoopbackHost(targetHost))) {
    return { allowed: false, why: `the plain-http address ${target.host} is another host than the registry ${registryHostPort}` };
  }
  return { allowed: true, why: `${target.host} is a loopback address, so plain http stays on this machine` };
}
