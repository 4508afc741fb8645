import { isIP } from 'node:net';
import { cidrContains, isLoopbackHost, splitHostPort } from './endpoint.js';

/**
 * Proxy selection the way Go's `httpproxy.FromEnvironment` does it (Docker, podman and crane
 * all use it): upper-case variables win over lower-case, `NO_PROXY` entries match a host, its
 * subdomains, an IP or a CIDR block, `*` disables proxying, and loopback is never proxied.
 * Pure.
 */

export interface ProxySettings {
  httpProxy: string | null;
  httpsProxy: string | null;
  noProxy: string;
  /** where the settings came from, for the trace */
  source: string;
}

export interface ProxyChoice {
  /** proxy URL, or null for a direct connection */
  proxy: string | null;
  why: string;
}

function pick(env: Readonly<Record<string, string | undefined>>, upper: string): string | null {
  const value = env[upper] ?? env[upper.toLowerCase()];
  return value !== undefined && value.length > 0 ? value : null;
}

export function proxySettingsFromEnv(env: Readonly<Record<string, string | undefined>>): ProxySettings | null {
  const httpProxy = pick(env, 'HTTP_PROXY');
  const httpsProxy = pick(env, 'HTTPS_PROXY');
  if (httpProxy === null && httpsProxy === null) return null;
  return { httpProxy, httpsProxy, noProxy: pick(env, 'NO_PROXY') ?? '', source: 'environment (HTTP_PROXY/HTTPS_PROXY/NO_PROXY)' };
}

function noProxyMatches(entry: string, hostname: string, port: string): boolean {
  let pattern = entry.trim().toLowerCase();
  if (pattern.length === 0) return false;
  if (pattern === '*') return true;
  if (pattern.includes('/')) return isIP(hostname) !== 0 && cidrContains(pattern, hostname);
  const split = splitHostPort(pattern);
  if (split.port !== null && split.port !== port) return false;
  pattern = split.hostname;
  if (isIP(pattern) !== 0) return pattern === hostname;
  if (pattern.startsWith('*.')) pattern = pattern.slice(1);
  if (pattern.startsWith('.')) return hostname.endsWith(pattern) || hostname === pattern.slice(1);
  return hostname === pattern || hostname.endsWith(`.${pattern}`);
}

export function chooseProxy(target: URL, settings: ProxySettings | null): ProxyChoice {
  if (settings === null) return { proxy: null, why: 'no proxy is configured' };
  const hostname = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  if (isLoopbackHost(hostname)) return { proxy: null, why: `${hostname} is a loopback address, which is never proxied` };
  const hit = settings.noProxy.split(',').find((entry) => noProxyMatches(entry, hostname, port));
  if (hit !== undefined) return { proxy: null, why: `NO_PROXY entry "${hit.trim()}" matches ${hostname}` };
  const proxy = target.protocol === 'https:' ? settings.httpsProxy : settings.httpProxy;
  if (proxy === null) return { proxy: null, why: `no ${target.protocol === 'https:' ? 'HTTPS' : 'HTTP'} proxy is set (${settings.source})` };
  return { proxy, why: `${target.protocol.slice(0, -1)} traffic goes through the proxy from ${settings.source}` };
}

/** A proxy setting as Go reads one: `host:port` alone means http. */
function proxyUrlOf(proxy: string): URL {
  return new URL(proxy.includes('://') ? proxy : `http://${proxy}`);
}

/** The URL of a proxy regauth can go through (http and https proxies). */
export function parseProxyUrl(proxy: string): URL {
  const url = proxyUrlOf(proxy);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`proxy scheme ${url.protocol} is not supported (http and https proxies only)`);
  return url;
}

/** `Proxy-Authorization` for the user information of a proxy URL, or null. */
export function proxyAuthorization(proxy: URL): string | null {
  if (proxy.username === '' && proxy.password === '') return null;
  const pair = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return `Basic ${Buffer.from(pair).toString('base64')}`;
}

/** A proxy URL fit for a trace: user information removed. */
export function describeProxy(proxy: string): string {
  try {
    const url = proxyUrlOf(proxy);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return '(unparsable proxy URL)';
  }
}
