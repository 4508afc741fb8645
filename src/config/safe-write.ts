import { randomBytes } from 'node:crypto';
import { constants as fsConstants, writeSync, type Stats } from 'node:fs';
import { lstat, mkdir, open, readdir, readlink, realpath, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { RegauthError } from '../util/errors.js';
import { decodeLossless, encodeLossless } from './lossless-text.js';

/**
 * The one way regauth writes a file. Modelled on Docker's config save (temp file in the same
 * directory, symlinks followed, a dangling link creates its target, mode and owner copied,
 * rename over the target) plus what Docker leaves out: 0600 for new files, fsync of file and
 * directory, an optional backup (one per file, replaced at each write, always 0600 so a copy
 * never outlives a `chmod 600` of the original), refusal of read-only files, and optimistic concurrency —
 * the file must still hold exactly what the caller read, checked first and again just before
 * the rename. Docker, podman and the credential helpers take no lock, so comparing content
 * is the only conflict rule that protects against a concurrent `docker login`.
 */

export interface SafeWriteRequest {
  path: string;
  /** the text the edit was computed from; `null` when the file did not exist */
  expectedOriginal: string | null;
  newText: string;
  /** keep a copy of the current file (next to it, or in `backupDir`) before replacing it */
  backup: boolean;
  /** where the backup goes instead of the file's own directory */
  backupDir?: string;
  /**
   * Runs when the new content is safely in the temporary file, right before the final
   * conflict check and the rename. Lets tests race another writer (e.g. `docker login`)
   * into the narrowest window.
   */
  beforeCommit?: () => void | Promise<void>;
}

export interface SafeWriteResult {
  /** the file actually written: `path` with symlinks resolved */
  targetPath: string;
  backupPath: string | null;
  /** the file did not exist before */
  created: boolean;
}

export interface FileForEdit {
  path: string;
  targetPath: string;
  /** `null` when the file does not exist; pass it on as `expectedOriginal` */
  text: string | null;
}

const TEMP_MARK = '.regauth-tmp-';
const BACKUP_MARK = '.regauth-backup';
const BACKUP_MODE = 0o600;
const NEW_FILE_MODE = 0o600;
const NEW_DIR_MODE = 0o700;
const MAX_SYMLINK_HOPS = 40;

/** Read a file the way `safeWrite` will later compare it. */
export async function readForEdit(path: string): Promise<FileForEdit> {
  const targetPath = await resolveTarget(path);
  const current = await readCurrent(targetPath);
  return { path, targetPath, text: current?.text ?? null };
}

export async function safeWrite(request: SafeWriteRequest): Promise<SafeWriteResult> {
  const targetPath = await resolveTarget(request.path);
  const current = await readCurrent(targetPath);
  assertUnchanged(request, targetPath, current);
  const existing = current?.stats ?? null;
  if (existing !== null && (existing.mode & 0o200) === 0) {
    throw new RegauthError('E_WRITE_READONLY', `file is read-only (mode ${octal(existing.mode)}); not changing it`, {
      file: targetPath,
      hint: 'make it writable (chmod u+w) if it should be changed, or edit the file it was generated from',
    });
  }

  const directory = dirname(targetPath);
  if (existing === null) {
    await mkdir(directory, { recursive: true, mode: NEW_DIR_MODE }).catch((error: unknown) => {
      throw failure(error, targetPath, 'create the directory of');
    });
  }
  await removeStaleTempFiles(directory, basename(targetPath));

  let backupPath: string | null = null;
  let backupTemp: string | null = null;
  let tempPath: string | null = null;
  try {
    if (request.backup && current !== null) {
      backupPath = backupPathFor(targetPath, request.backupDir);
      backupTemp = await writeBackupTemp(backupPath, basename(targetPath), current.bytes, current.stats);
    }
    writePhaseHook?.('before-temp-write');
    tempPath = await writeTemp(targetPath, request.newText, existing);
    await request.beforeCommit?.();
    assertUnchanged(request, targetPath, await readCurrent(targetPath));
    // the previous backup is replaced only by a write that goes through
    if (backupTemp !== null && backupPath !== null) await rename(backupTemp, backupPath);
    backupTemp = null;
    await rename(tempPath, targetPath);
    tempPath = null;
    writePhaseHook?.('renamed');
  } catch (error) {
    if (tempPath !== null) await unlink(tempPath).catch(() => undefined);
    if (backupTemp !== null) await unlink(backupTemp).catch(() => undefined);
    throw failure(error, targetPath, 'write');
  }
  await fsyncDirectory(directory);
  return { targetPath, backupPath, created: current === null };
}

/** Temp files of this target left by a writer that died (killed, power loss). */
export function isTempFileOf(fileName: string, targetName: string): boolean {
  return fileName.startsWith(`.${targetName}${TEMP_MARK}`);
}

/** Backups regauth made of this target: the rotating one and timestamped ones of older releases. */
export function isBackupOf(fileName: string, targetName: string): boolean {
  const rest = fileName.startsWith(`${targetName}${BACKUP_MARK}`) ? fileName.slice(targetName.length + BACKUP_MARK.length) : null;
  return rest !== null && (rest === '' || rest.startsWith('-'));
}

/** The one backup of a file: `<file>.regauth-backup`, beside it or in `backupDir`. */
export function backupPathFor(targetPath: string, backupDir?: string): string {
  return join(backupDir === undefined ? dirname(targetPath) : resolve(backupDir), `${basename(targetPath)}${BACKUP_MARK}`);
}

/**
 * Follow symlinks to the file that really gets written. A dangling link yields its target
 * (which gets created, as Docker does); links in directory names are resolved too.
 */
async function resolveTarget(path: string): Promise<string> {
  let current = resolve(path);
  for (let hop = 0; hop < MAX_SYMLINK_HOPS; hop += 1) {
    const directory = await realpath(dirname(current)).catch(() => dirname(current));
    const candidate = join(directory, basename(current));
    let info: Stats;
    try {
      info = await lstat(candidate);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return candidate;
      throw failure(error, candidate, 'inspect');
    }
    if (!info.isSymbolicLink()) return candidate;
    current = resolve(directory, await readlink(candidate));
  }
  throw new RegauthError('E_WRITE_FAILED', `too many levels of symbolic links at ${path}`, { file: path });
}

interface CurrentContent {
  bytes: Buffer;
  text: string;
  stats: Stats;
}

async function readCurrent(targetPath: string): Promise<CurrentContent | null> {
  let handle: FileHandle;
  try {
    handle = await open(targetPath, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw failure(error, targetPath, 'read');
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new RegauthError('E_WRITE_FAILED', 'not a regular file; not replacing it', { file: targetPath });
    }
    const bytes = await handle.readFile();
    return { bytes, text: decodeLossless(bytes), stats };
  } catch (error) {
    throw failure(error, targetPath, 'read');
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function assertUnchanged(request: SafeWriteRequest, targetPath: string, current: CurrentContent | null): void {
  const now = current?.text ?? null;
  if (now === request.expectedOriginal) return;
  const what =
    request.expectedOriginal === null ? 'was created' : now === null ? 'was removed' : 'changed';
  throw new RegauthError('E_WRITE_CONFLICT', `file ${what} since it was read; nothing was written`, {
    file: targetPath,
    hint: 'another program (e.g. docker login) wrote it meanwhile; run the command again to work from the new content',
  });
}

/**
 * The next backup, in a 0600 temporary file owned like the original; renamed over the backup
 * when the write commits, so the previous backup is never half overwritten and a copy of a
 * file that was once 0644 does not stay readable by others.
 */
async function writeBackupTemp(backupPath: string, targetName: string, bytes: Buffer, original: Stats): Promise<string> {
  await mkdir(dirname(backupPath), { recursive: true, mode: NEW_DIR_MODE });
  // named like the target's own temp files, so a killed writer's leftover is cleaned up alike
  const tempPath = join(dirname(backupPath), `.${targetName}${TEMP_MARK}${process.pid}-${randomBytes(6).toString('hex')}.backup`);
  const handle = await open(tempPath, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, BACKUP_MODE);
  try {
    await handle.writeFile(bytes);
    await copyOwner(handle, original);
    await handle.chmod(BACKUP_MODE);
    await handle.sync();
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(tempPath).catch(() => undefined);
    throw error;
  }
  return tempPath;
}

async function writeTemp(targetPath: string, text: string, original: Stats | null): Promise<string> {
  const tempPath = join(dirname(targetPath), `.${basename(targetPath)}${TEMP_MARK}${process.pid}-${randomBytes(6).toString('hex')}`);
  const handle = await open(tempPath, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, NEW_FILE_MODE);
  try {
    await handle.writeFile(encodeLossless(text));
    if (original === null) await handle.chmod(NEW_FILE_MODE);
    else await copyPermissions(handle, original);
    writePhaseHook?.('temp-written');
    await handle.sync();
    writePhaseHook?.('temp-synced');
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(tempPath).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return tempPath;
}

/**
 * Replaces an existing backup's content the way every backup is written: a 0600 temporary file
 * owned like the backup, fsync, rename over it, fsync of the directory.
 */
export async function rewriteBackup(backupPath: string, targetName: string, text: string): Promise<void> {
  const existing = await lstat(backupPath);
  const tempPath = await writeBackupTemp(backupPath, targetName, encodeLossless(text), existing);
  try {
    await rename(tempPath, backupPath);
  } catch (error) {
    await unlink(tempPath).catch(() => undefined);
    throw error;
  }
  await fsyncDirectory(dirname(backupPath));
}

/** Same mode and owner as the original. */
async function copyPermissions(handle: FileHandle, original: Stats): Promise<void> {
  await handle.chmod(original.mode & 0o7777);
  await copyOwner(handle, original);
  // chown may clear set-id bits; put the mode back.
  await handle.chmod(original.mode & 0o7777);
}

/** Same owner as the original. Only root may give a file away; others keep their own. */
async function copyOwner(handle: FileHandle, original: Stats): Promise<void> {
  const mine = await handle.stat();
  if (mine.uid === original.uid && mine.gid === original.gid) return;
  try {
    await handle.chown(original.uid, original.gid);
  } catch (error) {
    if (errorCode(error) !== 'EPERM') throw error;
  }
}

/** Leftovers of writers that were killed; a live writer's temp file is left alone. */
async function removeStaleTempFiles(directory: string, targetName: string): Promise<void> {
  const names = await readdir(directory).catch(() => [] as string[]);
  for (const name of names) {
    if (!isTempFileOf(name, targetName)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(targetName.length + 1 + TEMP_MARK.length))?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && isProcessAlive(pid)) continue;
    await unlink(join(directory, name)).catch(() => undefined);
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

/** Makes the rename durable. Some file systems cannot fsync a directory; the write stands. */
async function fsyncDirectory(directory: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(directory, fsConstants.O_RDONLY);
    await handle.sync();
  } catch {
    // best effort: the new content is already in place
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

const READ_ONLY_CODES = new Set(['EROFS', 'EACCES', 'EPERM']);

function failure(error: unknown, file: string, action: string): RegauthError {
  if (error instanceof RegauthError) return error;
  const code = errorCode(error);
  if (code !== undefined && READ_ONLY_CODES.has(code)) {
    const why = code === 'EROFS' ? 'the file system is read-only' : 'permission denied';
    return new RegauthError('E_WRITE_READONLY', `cannot ${action} the file: ${why}; nothing was changed`, {
      file,
      cause: error,
      hint:
        code === 'EROFS'
          ? 'read-only mounts (e.g. a Kubernetes secret volume) must be changed at their source'
          : 'run as the file owner, or check the directory permissions and immutable attributes (lsattr)',
    });
  }
  const detail = code === undefined ? String(error) : code;
  return new RegauthError('E_WRITE_FAILED', `cannot ${action} the file (${detail}); the original is unchanged`, { file, cause: error });
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}

/** The steps of a write that a crash can interrupt, in order. */
export const WRITE_PHASES = ['before-temp-write', 'temp-written', 'temp-synced', 'renamed'] as const;
export type WritePhase = (typeof WRITE_PHASES)[number];

/**
 * Test seam for the crash tests, read once at load and absent in normal use (a null check per
 * write). `REGAUTH_TEST_WRITE_PHASE_FD=FD` writes each phase name and a newline to the open
 * descriptor FD as the writer enters it; `FD:PHASE[:MS]` also holds the writer still for MS
 * milliseconds (default 5000) on entering PHASE, so that a SIGKILL or a rival writer started
 * on reading that line lands inside it.
 */
const writePhaseHook = phaseHookFrom(process.env['REGAUTH_TEST_WRITE_PHASE_FD']);

function phaseHookFrom(setting: string | undefined): ((phase: WritePhase) => void) | null {
  if (setting === undefined || setting === '') return null;
  const [fdText, holdAt, holdMs] = setting.split(':');
  const fd = Number(fdText);
  const hold = holdMs === undefined ? 5_000 : Number(holdMs);
  if (!Number.isInteger(fd) || fd < 0) return null;
  return (phase) => {
    writeSync(fd, `${phase}\n`);
    if (phase === holdAt) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, hold);
  };
}
