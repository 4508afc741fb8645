/**
 * Prepares the fresh network + mount namespace the runner re-executed itself in:
 * loopback up, the testbed hosts file and an empty /etc/docker bind-mounted over the real ones.
 * Refuses to touch anything when the namespace has any interface besides `lo`, so it can
 * never rewrite the machine's own /etc/hosts.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runChecked } from './process.js';
import { OFF_LOOPBACK_ADDRESS, hostsFileText } from './layout.js';

export interface NamespacePaths {
  hostsFile: string;
  etcDocker: string;
}

export async function assertFreshNetworkNamespace(): Promise<void> {
  const { stdout } = await runChecked('ip', ['-o', 'link', 'show']);
  const interfaces = stdout
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => line.split(':')[1]?.trim().split('@')[0] ?? '');
  if (interfaces.length !== 1 || interfaces[0] !== 'lo') {
    throw new Error(
      `refusing to set up the testbed: this is not a fresh network namespace (interfaces: ${interfaces.join(', ')}); run it through scripts/test.mjs`,
    );
  }
}

export async function prepareNamespace(dir: string): Promise<NamespacePaths> {
  await assertFreshNetworkNamespace();
  await runChecked('ip', ['link', 'set', 'lo', 'up']);
  await runChecked('ip', ['addr', 'add', `${OFF_LOOPBACK_ADDRESS}/32`, 'dev', 'lo']);
  const hostsFile = join(dir, 'hosts');
  await writeFile(hostsFile, hostsFileText());
  await runChecked('mount', ['--bind', hostsFile, '/etc/hosts']);
  const etcDocker = join(dir, 'etc-docker');
  await mkdir(etcDocker, { recursive: true });
  if (!existsSync('/etc/docker')) await mkdir('/etc/docker');
  await runChecked('mount', ['--bind', etcDocker, '/etc/docker']);
  return { hostsFile, etcDocker };
}
