import type { PeerCertificate, TLSSocket } from 'node:tls';
import { readCacheFile, writeCacheFile } from '../util/cache-file.js';

/**
 * Which certificates of the system trust store verified a host's chain last time, so the next
 * connection can be verified with a secure context built from those alone: OpenSSL parses every
 * CA of a context when it is built (~150 µs each, ~23 ms for a Debian store), one costs ~1 ms.
 *
 * Nothing here decides trust. The anchors are remembered by subject name only, and the
 * certificates are always taken from the trust store as it is now (found by a walk of their DER,
 * without parsing them as X.509); a chain the narrowed context does not verify is verified again
 * with the full store, so the outcome is always exactly the full store's. The memory is keyed by
 * the store file's path, size and modification time, and losing it (an unwritable cache
 * directory, a damaged file) costs only time.
 */

export interface TrustStore {
  /** the store's PEM text */
  pem: string;
  /** path, size and modification time of the store, or Node's version for its bundled list */
  id: string;
  /** where anchors are remembered; null: nowhere */
  cacheFile: string | null;
}

interface StoreCertificate {
  pem: string;
  /** hex of the DER subject name */
  subject: string;
  /** where the PEM block starts in the store's text */
  at: number;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const PEM_END = '-----END CERTIFICATE-----';

/** The certificate whose PEM block starts at `at`, or null. */
function certificateAt(pem: string, at: number): StoreCertificate | null {
  if (!pem.startsWith('-----BEGIN CERTIFICATE-----', at)) return null;
  const end = pem.indexOf(PEM_END, at);
  if (end < 0) return null;
  const block = pem.slice(at, end + PEM_END.length);
  const names = certificateNames(Buffer.from(block.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ''), 'base64'));
  return names === null ? null : { pem: block, subject: names.subject, at };
}

/** One DER element at `offset`: where its content starts and ends. */
function element(der: Buffer, offset: number): { tag: number; at: number; start: number; end: number } | null {
  if (offset + 2 > der.length) return null;
  const tag = der[offset] as number;
  let length = der[offset + 1] as number;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || start + count > der.length) return null;
    length = 0;
    for (let index = 0; index < count; index++) length = length * 256 + (der[start + index] as number);
    start += count;
  }
  const end = start + length;
  return end > der.length ? null : { tag, at: offset, start, end };
}

/** Issuer and subject names (DER, hex) of a certificate, or null when it is not shaped like one. */
export function certificateNames(der: Buffer): { issuer: string; subject: string } | null {
  const certificate = element(der, 0);
  if (certificate?.tag !== 0x30) return null;
  const tbs = element(der, certificate.start);
  if (tbs?.tag !== 0x30) return null;
  let field = element(der, tbs.start);
  // [0] version is optional
  if (field?.tag === 0xa0) field = element(der, field.end);
  // serial number, signature algorithm, issuer, validity, subject
  const fields: Array<{ tag: number; at: number; start: number; end: number }> = [];
  while (field !== null && fields.length < 5) {
    fields.push(field);
    field = element(der, field.end);
  }
  const [, , issuer, , subject] = fields;
  if (issuer?.tag !== 0x30 || subject?.tag !== 0x30) return null;
  // the whole element, tag and length included
  const whole = (part: { at: number; end: number }): string => der.subarray(part.at, part.end).toString('hex');
  return { issuer: whole(issuer), subject: whole(subject) };
}

const indexes = new WeakMap<TrustStore, StoreCertificate[]>();

function storeCertificates(store: TrustStore): StoreCertificate[] {
  let index = indexes.get(store);
  if (index === undefined) {
    index = [];
    for (const match of store.pem.matchAll(PEM_BLOCK)) {
      const certificate = certificateAt(store.pem, match.index);
      if (certificate !== null) index.push(certificate);
    }
    indexes.set(store, index);
  }
  return index;
}

/** Per store and host: the anchors' subjects, and where they stood in the store's text (a shortcut, checked) */
type AnchorCache = Record<string, { subjects: string[]; at?: number[] }>;

const MAX_ENTRIES = 256;
const caches = new Map<string, AnchorCache>();

function readCache(file: string): AnchorCache {
  let cache = caches.get(file);
  if (cache === undefined) {
    cache = {};
    for (const [key, value] of Object.entries(readCacheFile(file))) {
      const { subjects, at } = (value ?? {}) as { subjects?: unknown; at?: unknown };
      if (!Array.isArray(subjects) || !subjects.every((subject) => typeof subject === 'string' && /^[0-9a-f]*$/.test(subject))) continue;
      const offsets = Array.isArray(at) && at.every((offset) => Number.isSafeInteger(offset) && (offset as number) >= 0) ? { at: at as number[] } : {};
      cache[key] = { subjects: subjects as string[], ...offsets };
    }
    caches.set(file, cache);
  }
  return cache;
}

const keyOf = (store: TrustStore, host: string): string => `${store.id}\u0000${host}`;

/** PEMs of the store's certificates that verified `host` last time, or null when nothing is remembered. */
export function rememberedAnchors(store: TrustStore, host: string): string[] | null {
  if (store.cacheFile === null) return null;
  const entry = readCache(store.cacheFile)[keyOf(store, host)];
  if (entry === undefined) return null;
  const wanted = new Set(entry.subjects);
  // the store is the same file (path, size, mtime), so the anchors are where they were: check each
  const direct = (entry.at ?? []).map((at) => certificateAt(store.pem, at));
  if (entry.at !== undefined && direct.every((certificate) => certificate !== null && wanted.has(certificate.subject))) {
    return direct.map((certificate) => (certificate as StoreCertificate).pem);
  }
  return storeCertificates(store)
    .filter((certificate) => wanted.has(certificate.subject))
    .map((certificate) => certificate.pem);
}

/** The chain the peer presented, as far as Node completed it, as DER. */
function chainOf(socket: TLSSocket): Buffer[] {
  const chain: Buffer[] = [];
  let certificate: PeerCertificate | undefined = socket.getPeerCertificate(true);
  const seen = new Set<PeerCertificate>();
  while (certificate?.raw !== undefined && !seen.has(certificate) && chain.length < 16) {
    seen.add(certificate);
    chain.push(certificate.raw);
    certificate = (certificate as { issuerCertificate?: PeerCertificate }).issuerCertificate;
  }
  return chain;
}

/** After a handshake the full store verified: remembers the store certificates that name the chain's issuers. */
export function rememberAnchors(store: TrustStore, host: string, socket: TLSSocket): void {
  if (store.cacheFile === null) return;
  const names = new Set<string>();
  for (const der of chainOf(socket)) {
    const parsed = certificateNames(der);
    if (parsed === null) return;
    names.add(parsed.issuer).add(parsed.subject);
  }
  const anchors = storeCertificates(store).filter((certificate) => names.has(certificate.subject));
  const subjects = [...new Set(anchors.map((certificate) => certificate.subject))].sort();
  const at = anchors.map((certificate) => certificate.at);
  const cache = readCache(store.cacheFile);
  const key = keyOf(store, host);
  const known = cache[key];
  if (known !== undefined && known.subjects.join() === subjects.join() && known.at?.join() === at.join()) return;
  delete cache[key];
  cache[key] = { subjects, at };
  const keys = Object.keys(cache);
  for (const stale of keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES))) delete cache[stale];
  // best effort, 0600 in a 0700 directory: an unwritable cache only costs the next run the full store
  writeCacheFile(store.cacheFile, cache);
}
