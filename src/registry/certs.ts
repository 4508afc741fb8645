import { readFile, readdir } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import { join } from 'node:path';
import { Trace, type TraceStep } from '../util/trace.js';

/**
 * TLS material for one registry host, collected the way Docker does: the system trust store
 * (plus Node's bundle and NODE_EXTRA_CA_CERTS, which Node would drop once `ca` is given), then
 * `/etc/docker/certs.d/<host:port>/`: every `*.crt` is an extra CA, every `*.cert` is a client
 * certificate that needs the `*.key` of the same name.
 */

export const DEFAULT_CERTS_ROOT = '/etc/docker/certs.d';

/** Go's list of system bundle locations on Linux, first readable one wins. */
const SYSTEM_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/tls/cacert.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

export interface TlsMaterial {
  /** every trusted CA (PEM); always set, so Node's defaults are replaced by this full list */
  ca: string[];
  cert: string | null;
  key: string | null;
  /** files that contributed, for the trace */
  files: string[];
}

export interface TlsLoadOptions {
  /** host[:port] exactly as in the image reference: the certs.d directory name */
  registry: string;
  certsRoot?: string;
  env?: Readonly<Record<string, string | undefined>>;
}

async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

const systemCache = new Map<string, Promise<{ pem: string[]; files: string[] }>>();

async function loadSystemTrust(env: Readonly<Record<string, string | undefined>>): Promise<{ pem: string[]; files: string[] }> {
  const pem: string[] = [];
  const files: string[] = [];
  const bundles = env['SSL_CERT_FILE'] ? [env['SSL_CERT_FILE'], ...SYSTEM_BUNDLES] : SYSTEM_BUNDLES;
  for (const bundle of bundles) {
    const text = await readOptional(bundle);
    if (text !== null) {
      pem.push(text);
      files.push(bundle);
      break;
    }
  }
  // like Docker, trust the system store; Node's own list only stands in when there is none
  if (files.length === 0) pem.push(...rootCertificates);
  const extra = env['NODE_EXTRA_CA_CERTS'];
  if (extra && !files.includes(extra)) {
    const text = await readOptional(extra);
    if (text !== null) {
      pem.push(text);
      files.push(extra);
    }
  }
  return { pem, files };
}

function systemTrust(env: Readonly<Record<string, string | undefined>>): Promise<{ pem: string[]; files: string[] }> {
  const key = `${env['SSL_CERT_FILE'] ?? ''}\u0000${env['NODE_EXTRA_CA_CERTS'] ?? ''}`;
  let cached = systemCache.get(key);
  if (cached === undefined) {
    cached = loadSystemTrust(env);
    systemCache.set(key, cached);
  }
  return cached;
}

export async function loadTlsMaterial(options: TlsLoadOptions): Promise<{ material: TlsMaterial; trace: TraceStep[] }> {
  const trace = new Trace();
  const env = options.env ?? process.env;
  const system = await systemTrust(env);
  const material: TlsMaterial = { ca: [...system.pem], cert: null, key: null, files: [...system.files] };
  trace.info('tls.system-trust', system.files.length > 0 ? `trusting the system certificate store (${system.files.join(', ')})` : "no system certificate store found: trusting Node's bundled CAs");

  const dir = join(options.certsRoot ?? DEFAULT_CERTS_ROOT, options.registry);
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    trace.missing('tls.certs-d', `no per-registry TLS directory ${dir}`, { tried: dir });
    return { material, trace: trace.steps };
  }
  for (const name of names) {
    const path = join(dir, name);
    if (name.endsWith('.crt')) {
      const text = await readOptional(path);
      if (text === null) {
        trace.warning('tls.certs-d.ca', `could not read ${path}`, { file: path });
        continue;
      }
      material.ca.push(text);
      material.files.push(path);
      trace.matched('tls.certs-d.ca', `trusting the extra CA in ${path}`, { file: path });
    } else if (name.endsWith('.cert')) {
      const keyPath = join(dir, `${name.slice(0, -'.cert'.length)}.key`);
      const [cert, key] = await Promise.all([readOptional(path), readOptional(keyPath)]);
      if (cert === null || key === null) {
        trace.warning('tls.certs-d.client', `client certificate ${path} has no readable key ${keyPath}; Docker refuses such a directory`, { file: path });
        continue;
      }
      material.cert = cert;
      material.key = key;
      material.files.push(path, keyPath);
      trace.matched('tls.certs-d.client', `presenting the client certificate ${path}`, { file: path });
    }
  }
  return { material, trace: trace.steps };
}
