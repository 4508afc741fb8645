/**
 * Backups must not keep what `logout` removed: after a write that drops credentials, every
 * backup of the file that still holds one of them is rewritten without it, or removed when
 * rewriting cannot take it out. Backups are found beside the file (the rotating
 * `<file>.regauth-backup` and timestamped ones of older releases) and in `--backup-dir`.
 */
import { readdir, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { readCopyIfRegular } from './read-file.js';
import { isBackupOf, rewriteBackup } from './safe-write.js';

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

export async function scrubBackups(request: BackupScrubRequest): Promise<BackupScrubOutcome> {
  const outcome: BackupScrubOutcome = { rewritten: [], removed: [] };
  for (const path of await listBackups(request.targetPath, request.backupDir)) {
    const text = (await readCopyIfRegular(path))?.text ?? null;
    if (text === null || !request.holdsRemoved(text)) continue;
    const rewritten = request.rewrite(text);
    if (rewritten !== null && !request.holdsRemoved(rewritten)) {
      try {
        await rewriteBackup(path, basename(request.targetPath), rewritten);
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
