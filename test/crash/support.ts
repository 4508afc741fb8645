import { cpSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Shared by the writer kill tests: the file the writers rewrite and the child they run. */

const DIST = fileURLToPath(new URL('../../', import.meta.url));
export const KEY_A = 'localhost:5000';
export const KEY_B = '127.0.0.1:5000';

/** A busy file (`entries` neighbours of the one key the writer renames). */
export function busyConfig(entries: number): string {
  const auths: Record<string, { auth: string; email: string }> = {};
  auths[KEY_A] = { auth: Buffer.from('alice:secret').toString('base64'), email: 'alice@example.com' };
  for (let i = 0; i < entries; i += 1) {
    auths[`registry-${i}.example.com:${5000 + (i % 1000)}`] = { auth: Buffer.from(`user${i}:pass${i}`).toString('base64'), email: `user${i}@example.com` };
  }
  return JSON.stringify({ auths, credHelpers: { 'gcr.io': 'gcloud' }, currentContext: 'default' }, null, '\t');
}

/**
 * The children run from a private copy of the compiled modules under `root`: hundreds of
 * start-ups over several seconds must not read a file that a concurrent `tsc` is rewriting in dist/.
 */
export function snapshotChild(root: string): string {
  const copy = join(root, 'dist');
  for (const folder of ['src/util', 'src/config', 'test/crash']) cpSync(join(DIST, folder), join(copy, folder), { recursive: true, filter: (from) => !from.includes('fixtures') });
  symlinkSync(join(DIST, '..', 'node_modules'), join(root, 'node_modules'));
  return join(copy, 'test', 'crash', 'writer-child.js');
}
