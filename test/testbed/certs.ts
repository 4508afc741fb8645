/**
 * Throwaway PKI for one testbed run, made with the openssl CLI: a CA, one server
 * certificate covering every testbed name, and the token signing key whose self-signed
 * certificate goes into the hub registry's rootcertbundle.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runChecked } from './process.js';

export interface CertificatePaths {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  signingCert: string;
  signingKey: string;
  /** system CAs followed by the test CA */
  caBundle: string;
}

export const SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
const VALIDITY = ['-days', '2'];

export function subjectAltName(dnsNames: readonly string[], ipAddresses: readonly string[]): string {
  const entries = [...dnsNames.map((name) => `DNS:${name}`), ...ipAddresses.map((ip) => `IP:${ip}`)];
  return `subjectAltName=${entries.join(',')}`;
}

export async function generateCertificates(
  dir: string,
  dnsNames: readonly string[],
  ipAddresses: readonly string[],
): Promise<CertificatePaths> {
  const paths: CertificatePaths = {
    caCert: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
    signingCert: join(dir, 'token-signing.crt'),
    signingKey: join(dir, 'token-signing.key'),
    caBundle: join(dir, 'ca-bundle.crt'),
  };
  const ca = runChecked('openssl', [
    'req', '-x509', ...EC_KEY, ...VALIDITY,
    '-keyout', paths.caKey, '-out', paths.caCert,
    '-subj', '/CN=regauth testbed CA',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  const signing = runChecked('openssl', [
    'req', '-x509', ...EC_KEY, ...VALIDITY,
    '-keyout', paths.signingKey, '-out', paths.signingCert,
    '-subj', '/CN=regauth testbed token signer',
  ]);
  await ca;
  const server = runChecked('openssl', [
    'req', '-x509', ...EC_KEY, ...VALIDITY,
    '-CA', paths.caCert, '-CAkey', paths.caKey,
    '-keyout', paths.serverKey, '-out', paths.serverCert,
    '-subj', '/CN=regauth testbed server',
    '-addext', 'basicConstraints=critical,CA:FALSE',
    '-addext', 'keyUsage=critical,digitalSignature,keyEncipherment',
    '-addext', 'extendedKeyUsage=serverAuth',
    '-addext', subjectAltName(dnsNames, ipAddresses),
  ]);
  const [systemBundle, testCa] = await Promise.all([readFile(SYSTEM_CA_BUNDLE, 'utf8'), readFile(paths.caCert, 'utf8')]);
  await writeFile(paths.caBundle, `${systemBundle.trimEnd()}\n${testCa}`);
  await Promise.all([server, signing]);
  return paths;
}
