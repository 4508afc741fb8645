import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startRegistry, type RegistryProcess } from './registry.js';

/**
 * What the shared testbed does not have: a registry in read-only maintenance mode, and
 * certs.d roots to point checks at. Lives inside `parent` (a testbed temp directory).
 */
export interface LocalFixture {
  readOnly: RegistryProcess;
  readOnlyPassword: string;
  /** certs.d root holding `<host>/ca.crt` for each host given */
  certsRoot: string;
  /** certs.d root with nothing in it */
  emptyCertsRoot: string;
  close(): Promise<void>;
}

export async function startLocalFixture(parent: string, caCertPem: string, trustedHosts: readonly string[]): Promise<LocalFixture> {
  const dir = await mkdtemp(join(parent, 'registry-fixture-'));
  const readOnlyPassword = 'read-only-registry-pw';
  const readOnly = await startRegistry({ dir: join(dir, 'readonly'), auth: { htpasswd: { alice: readOnlyPassword } }, readOnly: true });
  const certsRoot = join(dir, 'certs.d');
  for (const host of trustedHosts) {
    await mkdir(join(certsRoot, host), { recursive: true });
    await writeFile(join(certsRoot, host, 'ca.crt'), caCertPem);
  }
  const emptyCertsRoot = join(dir, 'empty-certs.d');
  await mkdir(emptyCertsRoot);
  return {
    readOnly,
    readOnlyPassword,
    certsRoot,
    emptyCertsRoot,
    close: async () => {
      await readOnly.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
