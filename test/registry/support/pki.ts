import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from './process.js';

/** A throwaway CA, a server certificate it signs, and a self-signed token signing certificate. */
export interface Pki {
  caCert: string;
  serverCert: string;
  serverKey: string;
  signingCert: string;
  signingKey: string;
  /** PEM text of the signing certificate and key */
  signingCertPem: string;
  signingKeyPem: string;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export async function makePki(dir: string, dnsNames: string[], ips: string[]): Promise<Pki> {
  const p = (name: string): string => join(dir, name);
  const san = [...dnsNames.map((n) => `DNS:${n}`), ...ips.map((ip) => `IP:${ip}`)].join(',');
  await Promise.all([
    run('openssl', ['req', '-x509', ...EC, '-days', '2', '-keyout', p('ca.key'), '-out', p('ca.crt'), '-subj', '/CN=regauth test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']),
    run('openssl', ['req', '-x509', ...EC, '-days', '2', '-keyout', p('signing.key'), '-out', p('signing.crt'), '-subj', '/CN=regauth test token signer']),
  ]);
  await run('openssl', ['req', '-x509', ...EC, '-days', '2', '-CA', p('ca.crt'), '-CAkey', p('ca.key'), '-keyout', p('server.key'), '-out', p('server.crt'),
    '-subj', `/CN=${dnsNames[0] ?? ips[0]}`, '-addext', `subjectAltName=${san}`, '-addext', 'basicConstraints=CA:FALSE']);
  return {
    caCert: p('ca.crt'),
    serverCert: p('server.crt'),
    serverKey: p('server.key'),
    signingCert: p('signing.crt'),
    signingKey: p('signing.key'),
    signingCertPem: await readFile(p('signing.crt'), 'utf8'),
    signingKeyPem: await readFile(p('signing.key'), 'utf8'),
  };
}
