import { closeSync, constants as fsConstants, fstatSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { TlsFileRead } from '../clients/containerd-tls.js';
import type { HostsFileView } from './containerd-files.js';

/**
 * The TLS files of a containerd host directory, read for the pure decision in
 * src/clients/containerd-tls.ts: the files its hosts.toml names (`ca`, `client`) and, for use
 * without a usable hosts.toml, the directory's own certificates (remotes/docker/config
 * loadCertFiles). Regular files only, opened without blocking and bounded in size; errors are
 * reported the way Go's os.ReadFile words them.
 */

const MAX_TLS_FILE_BYTES = 16 * 1024 * 1024;

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
};

export function readTlsFile(path: string): TlsFileRead {
  let fd;
  try {
    fd = openSync(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    return { error: `open ${path}: ${ERRNO_TEXT[code] ?? code.toLowerCase()}` };
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) return { error: `read ${path}: is a directory` };
    if (!stats.isFile()) return { error: `read ${path}: not a regular file (regauth does not read it)` };
    if (stats.size > MAX_TLS_FILE_BYTES) return { error: `read ${path}: larger than ${MAX_TLS_FILE_BYTES} bytes (regauth does not read it)` };
    return { text: readFileSync(fd).toString('latin1') };
  } catch (error) {
    return { error: `read ${path}: ${(error as Error).message}` };
  } finally {
    try {
      closeSync(fd);
    } catch {
      // nothing was written
    }
  }
}

/** loadCertFiles: `*.crt` files are CAs; each `*.cert` is paired with the `*.key` of the same name when that exists. */
export function hostDirCertFiles(dir: string): { ca: string[]; client: Array<[string, string]> } {
  const found = { ca: [] as string[], client: [] as Array<[string, string]> };
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (entry.isDirectory()) continue;
    const path = `${dir}/${entry.name}`;
    if (entry.name.endsWith('.crt')) found.ca.push(path);
    if (entry.name.endsWith('.cert')) {
      const key = `${dir}/${entry.name.slice(0, -'.cert'.length)}.key`;
      let exists = true;
      try {
        statSync(key);
      } catch {
        exists = false;
      }
      found.client.push([path, exists ? key : '']);
    }
  }
  return found;
}

/** Every TLS file the directory's hosts may load, read once. */
export function readHostDirTlsFiles(file: HostsFileView | null, certFiles: { ca: string[]; client: Array<[string, string]> }): Map<string, TlsFileRead> {
  const paths = new Set<string>([...certFiles.ca, ...certFiles.client.flat()]);
  for (const host of file === null ? [] : [...file.hosts, file.root]) {
    for (const path of [...(host.caFiles ?? []), ...(host.clientPairs ?? []).flat()]) paths.add(path);
  }
  paths.delete('');
  return new Map([...paths].map((path) => [path, readTlsFile(path)]));
}
