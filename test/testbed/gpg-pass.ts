/**
 * A throwaway GPG key (no passphrase) and an initialised `pass` store, so that
 * docker-credential-pass works non-interactively.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runChecked } from './process.js';

export interface GpgPassEnv {
  GNUPGHOME: string;
  PASSWORD_STORE_DIR: string;
  [name: string]: string;
}

const KEY_PARAMETERS = `%no-protection
Key-Type: eddsa
Key-Curve: ed25519
Subkey-Type: ecdh
Subkey-Curve: cv25519
Name-Real: regauth testbed
Name-Email: testbed@regauth.invalid
Expire-Date: 0
%commit
`;

export function fingerprintFromColons(listing: string): string {
  const line = listing.split('\n').find((entry) => entry.startsWith('fpr:'));
  const fingerprint = line?.split(':')[9];
  if (fingerprint === undefined || fingerprint.length === 0) throw new Error('gpg listed no key fingerprint');
  return fingerprint;
}

export async function gpgPass(homeDir: string): Promise<GpgPassEnv> {
  const gnupgHome = join(homeDir, 'gnupg');
  const storeDir = join(homeDir, 'password-store');
  await mkdir(gnupgHome, { recursive: true, mode: 0o700 });
  const env: GpgPassEnv = { GNUPGHOME: gnupgHome, PASSWORD_STORE_DIR: storeDir };
  const childEnv = { ...process.env, ...env };
  const parameterFile = join(homeDir, 'gpg-key-parameters');
  await writeFile(parameterFile, KEY_PARAMETERS);
  await runChecked('gpg', ['--batch', '--gen-key', parameterFile], { env: childEnv });
  const listing = await runChecked('gpg', ['--batch', '--with-colons', '--list-secret-keys'], { env: childEnv });
  await runChecked('pass', ['init', fingerprintFromColons(listing.stdout)], { env: childEnv });
  return env;
}
