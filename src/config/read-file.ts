import { open } from 'node:fs/promises';
import type { FileFormat, LoadedFile } from './model.js';

/**
 * Reads one credential file for the views. Never throws for the ordinary failures: a missing
 * file is `exists: false`; a directory, an unreadable or an oversized file is an `ioError`
 * with a stable code and a Go-like message (`open PATH: permission denied`).
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
  let handle;
  try {
    handle = await open(path, 'r'); // follows symlinks
  } catch (error) {
    const code = errnoOf(error);
    // a dangling symlink or a missing parent directory is "not there" for every client
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
    const stat = await handle.stat();
    if (stat.isDirectory()) {
      return { ...base, exists: true, text: '', ioError: { code: 'E_CONFIG_IS_DIRECTORY', message: `read ${path}: is a directory` } };
    }
    // read at most one byte more than allowed, so a file that grows while we read is still caught
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(stat.size + 1, 1)));
    let total = 0;
    while (total < buffer.length) {
      const { bytesRead } = await handle.read(buffer, total, buffer.length - total, total);
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
    const code = errnoOf(error);
    const message = `read ${path}: ${ERRNO_TEXT[code ?? ''] ?? (code ?? String(error)).toLowerCase()}`;
    return {
      ...base,
      exists: true,
      text: '',
      ioError: { code: code === 'EISDIR' ? 'E_CONFIG_IS_DIRECTORY' : 'E_CONFIG_UNREADABLE', message },
    };
  } finally {
    await handle.close();
  }
}
