/**
 * Backups must not keep what `logout` removed: after a write that drops credentials, every
 * backup of the file that still holds one of them is rewritten without it, or removed when
 * rewriting cannot take it out. Backups are found beside the file (the rotating
 * `<file>.regauth-backup` and timestamped ones of older releases) and in `--backup-dir`.
 */
import { constants as fsConstants } from 'node:fs';
import { open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { readCopyIfRegular } from './read-file.js';
import { isBackupOf } from './safe-write.js';

export interface BackupScrubRequest {
  /** the file the backups are of (symlinks resolved) */
  targetPath: string;
  backupDir?: string;
  /** does this backup text still hold a credential being removed? */
  holdsRemoved: (text: string) => boolean;
  /** the backup text with the removed credentials taken out, or null when that is not possible */
  rewrite: (text: string) => string | null;
}

export interface BackupScrubOutcome {
  rewritten: string[];
  removed: string[];
}

/** Every backup regauth made of `targetPath`, beside it and in `backupDir`. */
export async function listBackups(targetPath: string, backupDir?: string): Promise<string[]> {
  const directories = [...new Set([dirname(targetPath), ...(backupDir === undefined ? [] : [resolve(backupDir)])])];
  const found: string[] = [];
  for (const directory of directories) {
    const names = await readdir(directory).catch(() => [] as string[]);
    for (const name of names.sort()) if (isBackupOf(name, basename(targetPath))) found.push(join(directory, name));
  }
  return found;
}

async function replaceBackup(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.regauth-tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  const handle = await open(temp, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
    await handle.close();
    await rename(temp, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

export async function scrubBackups(request: BackupScrubRequest): Promise<BackupScrubOutcome> {
  const outcome: BackupScrubOutcome = { rewritten: [], removed: [] };
  for (const path of await listBackups(request.targetPath, request.backupDir)) {
    const text = (await readCopyIfRegular(path))?.text ?? null;
    if (text === null || !request.holdsRemoved(text)) continue;
    const rewritten = request.rewrite(text);
    if (rewritten !== null && !request.holdsRemoved(rewritten)) {
      try {
        await replaceBackup(path, rewritten);
        outcome.rewritten.push(path);
        continue;
      } catch {
        // fall through: a backup that cannot be rewritten is removed
      }
    }
    await unlink(path);
    outcome.removed.push(path);
  }
  return outcome;
}
