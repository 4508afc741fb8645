import type { X509Certificate, createPrivateKey } from 'node:crypto';

/** Loaded on first use: `resolve` reaches this module but rarely a TLS file, and node:crypto costs every start a few milliseconds. */
const crypto = (): typeof import('node:crypto') => process.getBuiltinModule('node:crypto');

/**
 * The TLS files a containerd registry host names (hosts.toml `ca` and `client`, or the `*.crt`
 * and `*.cert`/`*.key` files of a host directory without hosts.toml), judged the way
 * remotes/docker/config.ConfigureHosts loads them: a CA file must hold at least one certificate
 * (x509.CertPool.AppendCertsFromPEM), a client pair must load with crypto/tls.X509KeyPair.
 * Any failure fails ConfigureHosts, so every pull from the registry fails with that error.
 * Pure: the files' text (or the error reading them) is read beforehand.
 */

/** One file as read: its text, or Go's *PathError text ("open /x: no such file or directory"). */
export type TlsFileRead = { text: string } | { error: string };

interface PemBlock {
  type: string;
  headers: boolean;
  der: Buffer;
}

/** encoding/pem.Decode over the whole text: every block in order. */
function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  const pattern = /^-----BEGIN ([^\n-]*)-----[ \t]*\r?\n([\s\S]*?)^-----END \1-----/gm;
  for (const match of text.matchAll(pattern)) {
    const body = match[2] ?? '';
    const headers = /^[^\n:]+:/.test(body);
    const base64 = body.replace(/^[^\n:]+:.*\r?\n/gm, '').replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) continue;
    blocks.push({ type: match[1] ?? '', headers, der: Buffer.from(base64, 'base64') });
  }
  return blocks;
}

function goList(items: string[]): string {
  return `[${items.join(' ')}]`;
}

/** AppendCertsFromPEM: true when at least one CERTIFICATE block (without headers) parses. */
export function holdsCertificate(text: string): boolean {
  return pemBlocks(text).some((block) => {
    if (block.type !== 'CERTIFICATE' || block.headers) return false;
    try {
      new (crypto().X509Certificate)(block.der);
      return true;
    } catch {
      return false;
    }
  });
}

/** crypto/tls.X509KeyPair: null when the pair loads, else Go's error text. */
export function x509KeyPairError(certText: string, keyText: string): string | null {
  const certBlocks = pemBlocks(certText);
  const certs = certBlocks.filter((block) => block.type === 'CERTIFICATE');
  if (certs.length === 0) {
    const skipped = certBlocks.map((block) => block.type);
    if (skipped.length === 0) return 'tls: failed to find any PEM data in certificate input';
    if (skipped.length === 1 && skipped[0]?.endsWith('PRIVATE KEY')) return 'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched';
    return `tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: ${goList(skipped)}`;
  }
  const skipped: string[] = [];
  let keyBlock: PemBlock | null = null;
  for (const block of pemBlocks(keyText)) {
    if (block.type === 'PRIVATE KEY' || block.type.endsWith(' PRIVATE KEY')) {
      keyBlock = block;
      break;
    }
    skipped.push(block.type);
  }
  if (keyBlock === null) {
    if (skipped.length === 0) return 'tls: failed to find any PEM data in key input';
    if (skipped.length === 1 && skipped[0] === 'CERTIFICATE') return 'tls: found a certificate rather than a key in the PEM for the private key';
    return `tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: ${goList(skipped)}`;
  }
  let certificate: X509Certificate;
  try {
    certificate = new (crypto().X509Certificate)((certs[0] as PemBlock).der);
  } catch {
    return 'x509: malformed certificate';
  }
  let key;
  try {
    key = keyFromDer(keyBlock.der);
  } catch {
    return 'tls: failed to parse private key';
  }
  if (key.asymmetricKeyType !== certificate.publicKey.asymmetricKeyType) return 'tls: private key type does not match public key type';
  if (!certificate.checkPrivateKey(key)) return 'tls: private key does not match public key';
  return null;
}

/** Go's parsePrivateKey: PKCS #1, then PKCS #8, then SEC 1, whatever the block's type says. */
function keyFromDer(der: Buffer): ReturnType<typeof createPrivateKey> {
  for (const type of ['pkcs1', 'pkcs8', 'sec1'] as const) {
    try {
      return crypto().createPrivateKey({ key: der, format: 'der', type });
    } catch {
      // the next encoding
    }
  }
  throw new Error('tls: failed to parse private key');
}

/** The files ConfigureHosts loads for one host, in its order: the CA files, then each client pair. */
export function tlsLoadError(caFiles: readonly string[], clientPairs: ReadonlyArray<readonly [string, string]>, files: ReadonlyMap<string, TlsFileRead>): string | null {
  const read = (path: string): TlsFileRead => files.get(path) ?? { error: `open ${path}: no such file or directory` };
  for (const path of caFiles) {
    const file = read(path);
    if ('error' in file) return `unable to read CA cert "${path}": ${file.error}`;
    if (!holdsCertificate(file.text)) return `unable to load CA cert "${path}"`;
  }
  for (const [certPath, keyPath] of clientPairs) {
    const cert = read(certPath);
    if ('error' in cert) return `unable to read CERT file "${certPath}": ${cert.error}`;
    let keyText = cert.text;
    if (keyPath !== '') {
      const key = read(keyPath);
      if ('error' in key) return `unable to read CERT file "${keyPath}": ${key.error}`;
      keyText = key.text;
    }
    const failure = x509KeyPairError(cert.text, keyText);
    if (failure !== null) return `failed to load X509 key pair: ${failure}`;
  }
  return null;
}
