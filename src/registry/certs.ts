import { readdirSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { join } from 'node:path';
import { readRegularFileSync } from '../config/read-file.js';
import { cacheDirectory } from '../util/cache-file.js';
import { Trace, type TraceStep } from '../util/trace.js';
import type { TrustStore } from './trust-anchors.js';

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
  /** the system store, the first part of `ca`: a context may be narrowed to its anchors for a host */
  store: TrustStore | null;
  /** the rest of `ca` (NODE_EXTRA_CA_CERTS, certs.d), always trusted whole */
  extraCa: string[];
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

/** CA bundles are a few hundred KiB; certs.d files a few KiB */
const MAX_TLS_FILE_BYTES = 16 * 1024 * 1024;

/** Read synchronously: regular files only, so no read can wait, and no thread pool starts. */
function readOptional(path: string): string | null {
  return readRegularFileSync(path, { maxBytes: MAX_TLS_FILE_BYTES, followSymlinks: true })?.text ?? null;
}

interface SystemTrust {
  store: TrustStore;
  extra: string[];
  files: string[];
}

const systemCache = new Map<string, SystemTrust>();

/** The store's text with its identity: path, size and modification time, read together. */
function readBundle(path: string): { text: string; id: string } | null {
  const read = readRegularFileSync(path, { maxBytes: MAX_TLS_FILE_BYTES, followSymlinks: true });
  return read === null ? null : { text: read.text, id: `${path}|${read.size}|${read.mtimeMs}` };
}

function loadSystemTrust(env: Readonly<Record<string, string | undefined>>): SystemTrust {
  const files: string[] = [];
  const cacheFile = join(cacheDirectory(env as NodeJS.ProcessEnv), 'trust-anchors.json');
  let store: TrustStore | null = null;
  const bundles = env['SSL_CERT_FILE'] ? [env['SSL_CERT_FILE'], ...SYSTEM_BUNDLES] : SYSTEM_BUNDLES;
  for (const bundle of bundles) {
    const read = readBundle(bundle);
    if (read !== null) {
      store = { pem: read.text, id: read.id, cacheFile };
      files.push(bundle);
      break;
    }
  }
  // like Docker, trust the system store; Node's own list only stands in when there is none
  store ??= { pem: rootCertificates.join('\n'), id: `node ${process.version}`, cacheFile };
  const extra: string[] = [];
  const extraFile = env['NODE_EXTRA_CA_CERTS'];
  if (extraFile && !files.includes(extraFile)) {
    const text = readOptional(extraFile);
    if (text !== null) {
      extra.push(text);
      files.push(extraFile);
    }
  }
  return { store, extra, files };
}

function systemTrust(env: Readonly<Record<string, string | undefined>>): SystemTrust {
  const key = [env['SSL_CERT_FILE'], env['NODE_EXTRA_CA_CERTS'], env['XDG_CACHE_HOME'], env['HOME']].map((value) => value ?? '').join('\u0000');
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
  const system = systemTrust(env);
  const material: TlsMaterial = { ca: [system.store.pem, ...system.extra], store: system.store, extraCa: [...system.extra], cert: null, key: null, files: [...system.files] };
  trace.info('tls.system-trust', system.files.length > 0 ? `trusting the system certificate store (${system.files.join(', ')})` : "no system certificate store found: trusting Node's bundled CAs");

  const dir = join(options.certsRoot ?? DEFAULT_CERTS_ROOT, options.registry);
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    trace.missing('tls.certs-d', `no per-registry TLS directory ${dir}`, { tried: dir });
    return { material, trace: trace.steps };
  }
  for (const name of names) {
    const path = join(dir, name);
    if (name.endsWith('.crt')) {
      const text = readOptional(path);
      if (text === null) {
        trace.warning('tls.certs-d.ca', `could not read ${path}`, { file: path });
        continue;
      }
      material.ca.push(text);
      material.extraCa.push(text);
      material.files.push(path);
      trace.matched('tls.certs-d.ca', `trusting the extra CA in ${path}`, { file: path });
    } else if (name.endsWith('.cert')) {
      const keyPath = join(dir, `${name.slice(0, -'.cert'.length)}.key`);
      const [cert, key] = [readOptional(path), readOptional(keyPath)];
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
