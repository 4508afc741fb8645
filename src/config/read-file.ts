import { closeSync, constants as fsConstants, fstatSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { RegauthError } from '../util/errors.js';
import type { FileFormat, LoadedFile } from './model.js';

/**
 * Reads one credential file for the views. Never throws for the ordinary failures: a missing
 * file is `exists: false`; a directory, an unreadable or an oversized file is an `ioError`
 * with a stable code and a Go-like message (`open PATH: permission denied`).
 *
 * Only regular files are read. The file is opened without blocking and checked with fstat on
 * the open handle before a byte is read: opening a FIFO for reading would wait for a writer
 * forever, and a device or socket is never a config. Such a path is an input error naming it
 * (`E_CONFIG_NOT_REGULAR`, exit 2) — any local user can plant one in a shared directory.
 *
 * The calls are synchronous: opening without blocking and reading only regular files cannot
 * wait on another process, and a command that reads a few small files this way starts no
 * thread pool (node:fs/promises would also load a dozen more of Node's modules).
 */

/** Credential files are tiny; anything larger is a mistake (or an attack) rather than a config. */
export const MAX_CREDENTIAL_FILE_BYTES = 4 * 1024 * 1024;

export interface ReadOptions {
  maxBytes?: number;
}

const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EIO: 'input/output error',
};

function errnoOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

export async function readCredentialFile(path: string, format: FileFormat, options: ReadOptions = {}): Promise<LoadedFile> {
  const maxBytes = options.maxBytes ?? MAX_CREDENTIAL_FILE_BYTES;
  const base = { path, format };
  let fd;
  try {
    // most candidate files are not there: stat says so without an exception and its stack trace
    if (statSync(path, { throwIfNoEntry: false }) === undefined) return { ...base, exists: false, text: '', ioError: null };
    fd = openSync(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK); // follows symlinks
  } catch (error) {
    const code = errnoOf(error);
    // a dangling symlink or a missing parent directory is "not there" for every client; a parent
    // that is a file (ENOTDIR) is an error: skopeo fails on it (checked with skopeo 1.9), Docker warns
    if (code === 'ENOENT') return { ...base, exists: false, text: '', ioError: null };
    if (code === 'ENOTDIR') return { ...base, exists: false, notADirectory: true, text: '', ioError: null };
    return {
      ...base,
      exists: true,
      text: '',
      ioError: { code: 'E_CONFIG_UNREADABLE', message: `open ${path}: ${ERRNO_TEXT[code ?? ''] ?? (code ?? 'unknown error').toLowerCase()}` },
    };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) {
      return { ...base, exists: true, text: '', ioError: { code: 'E_CONFIG_IS_DIRECTORY', message: `read ${path}: is a directory` } };
    }
    if (!stat.isFile()) throw notRegularFile(path, stat);
    // read at most one byte more than allowed, so a file that grows while we read is still caught
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(stat.size + 1, 1)));
    let total = 0;
    while (total < buffer.length) {
      const bytesRead = readSync(fd, buffer, total, buffer.length - total, total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    if (total > maxBytes || stat.size > maxBytes) {
      return {
        ...base,
        exists: true,
        text: '',
        ioError: {
          code: 'E_CONFIG_TOO_LARGE',
          message: `${path} is larger than ${maxBytes} bytes; credential files are small, so it is not read`,
        },
      };
    }
    const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(buffer.subarray(0, total));
    return { ...base, exists: true, text, ioError: null };
  } catch (error) {
    if (error instanceof RegauthError) throw error;
    const code = errnoOf(error);
    const message = `read ${path}: ${ERRNO_TEXT[code ?? ''] ?? (code ?? String(error)).toLowerCase()}`;
    return {
      ...base,
      exists: true,
      text: '',
      ioError: { code: code === 'EISDIR' ? 'E_CONFIG_IS_DIRECTORY' : 'E_CONFIG_UNREADABLE', message },
    };
  } finally {
    closeSync(fd);
  }
}

function kindOf(stat: Stats): string {
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** The error for a path that is there but is no regular file (FIFO, socket, device). */
export function notRegularFile(path: string, stat: Stats): RegauthError {
  return new RegauthError('E_CONFIG_NOT_REGULAR', `${path} is ${kindOf(stat)}, not a regular file; it is not read`, {
    file: path,
    hint: 'credential files are regular files; remove or rename what is there, or name another file with --config',
  });
}

/**
 * The text, mode and identity of a regular file of at most `maxBytes`, or null for anything
 * else (missing, unreadable, too large, a FIFO, device or socket). Opened without blocking and
 * checked with fstat on the open handle, so it never waits on a FIFO planted under the name.
 * `followSymlinks: false` also refuses a path that is a symlink.
 */
export function readRegularFileSync(
  path: string,
  options: { maxBytes: number; followSymlinks: boolean },
): { text: string; mode: number; size: number; mtimeMs: number } | null {
  let fd;
  try {
    fd = openSync(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK | (options.followSymlinks ? 0 : fsConstants.O_NOFOLLOW));
  } catch {
    return null;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.size > options.maxBytes) return null;
    return { text: readFileSync(fd).toString('utf8'), mode: stats.mode & 0o7777, size: stats.size, mtimeMs: stats.mtimeMs };
  } catch {
    return null;
  } finally {
    try {
      closeSync(fd);
    } catch {
      // nothing was written; a failed close loses nothing
    }
  }
}

/**
 * A copy of a credential file (a backup, a stray copy): its text and mode when it is a regular
 * file of at most `maxBytes`, not reached through a symlink; otherwise null.
 */
export async function readCopyIfRegular(path: string, maxBytes = MAX_CREDENTIAL_FILE_BYTES): Promise<{ text: string; mode: number } | null> {
  const read = readRegularFileSync(path, { maxBytes, followSymlinks: false });
  return read === null ? null : { text: read.text, mode: read.mode };
}
