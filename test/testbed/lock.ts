/**
 * One lock per testbed, held by a test process from `loadTestbed()` until it exits: test files
 * that use the testbed run one at a time (pure unit test files still run beside them), so
 * "which users did the registry see" is never polluted by another file's requests.
 * A lock left by a dead process is taken over.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const POLL_MS = 20;
const WAIT_LIMIT_MS = 10 * 60_000;
/** a holder that died between creating the lock and writing its pid */
const UNCLAIMED_LOCK_AGE_MS = 5000;

function holderIsAlive(lockDir: string): boolean {
  let pidText: string;
  try {
    pidText = readFileSync(join(lockDir, 'pid'), 'utf8');
  } catch {
    try {
      return Date.now() - statSync(lockDir).mtimeMs < UNCLAIMED_LOCK_AGE_MS;
    } catch {
      return false;
    }
  }
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function tryAcquire(lockDir: string): boolean {
  try {
    mkdirSync(lockDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (!holderIsAlive(lockDir)) rmSync(lockDir, { recursive: true, force: true });
    return false;
  }
  writeFileSync(join(lockDir, 'pid'), String(process.pid));
  return true;
}

let held: string | undefined;

/** Blocks (synchronously) until this process holds the lock; released when the process exits. */
export function holdLockUntilExit(lockDir: string): void {
  if (held === lockDir) return;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + WAIT_LIMIT_MS;
  while (!tryAcquire(lockDir)) {
    if (Date.now() > deadline) throw new Error(`testbed lock ${lockDir} still held by another test file after ${WAIT_LIMIT_MS} ms`);
    Atomics.wait(sleeper, 0, 0, POLL_MS);
  }
  held = lockDir;
  process.once('exit', () => rmSync(lockDir, { recursive: true, force: true }));
}
