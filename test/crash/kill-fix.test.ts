import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { applyEdits } from '../../src/config/edit.js';
import { isTempFileOf, safeWrite } from '../../src/config/safe-write.js';
import { KEY_A, KEY_B, busyConfig, snapshotChild } from './support.js';

/**
 * Crash safety: a child keeps rewriting a config through safeWrite and is killed with SIGKILL
 * at a random moment, hundreds of times. After every kill the file must hold exactly the old
 * or the new content — never empty, never partial, always valid JSON. Temp files a killed
 * writer leaves are recognisable and the next write removes them.
 */

// the command itself is killed 200 times in kill-regauth-fix.test.ts; this one aims at safeWrite alone
const RUNS = 100;
const WORKERS = 3;
/** A safety net against a hang, not a performance bound: ~10 s is usual, more on a loaded machine. */
const DEADLINE_MS = 90_000;
/** Kills aim within this window after "ready"; it adapts so kills land on both sides of renames on slow or fast machines. */
let maxKillDelayUs = 4_000;

const root = mkdtempSync(join(tmpdir(), 'regauth-crash-'));
after(() => rmSync(root, { recursive: true, force: true }));

const CHILD = snapshotChild(root);

function busyWaitMicroseconds(us: number): void {
  const end = process.hrtime.bigint() + BigInt(Math.round(us * 1000));
  while (process.hrtime.bigint() < end) {
    // spin: timers cannot aim below a millisecond
  }
}

/** Start a writer, kill it after a random delay counted from "ready" (or, sometimes, from spawn). */
function runAndKill(path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, path, KEY_A, KEY_B], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const delayUs = Math.random() * maxKillDelayUs;
    const kill = (): void => {
      setTimeout(() => {
        busyWaitMicroseconds(delayUs % 1000);
        child.kill('SIGKILL');
      }, Math.floor(delayUs / 1000));
    };
    if (Math.random() < 0.1) kill();
    else child.stdout.once('data', kill);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`writer exited by itself (code ${code}): ${stderr}`));
    });
  });
}

test(`config survives ${RUNS} SIGKILLs of a writer: always exactly old or new, never partial`, async (t) => {
  // ~90 KB, so a write takes long enough to be interrupted
  const original = busyConfig(1000);
  const renamed = applyEdits(original, [{ kind: 'rename-key', path: ['auths', KEY_A], newKey: KEY_B }]).text;
  const outcomes = { old: 0, new: 0, leftoverTemps: 0 };
  const started = Date.now();
  let runs = 0;

  const worker = async (id: number): Promise<void> => {
    const dir = join(root, `worker-${id}`);
    mkdirSync(dir);
    const path = join(dir, 'config.json');
    writeFileSync(path, original, { mode: 0o600 });
    while (runs < RUNS && Date.now() - started < DEADLINE_MS) {
      runs += 1;
      await runAndKill(path);
      const text = readFileSync(path, 'utf8');
      assert.ok(text === original || text === renamed, `config is neither old nor new after a kill (length ${text.length})`);
      assert.doesNotThrow(() => JSON.parse(text));
      outcomes[text === original ? 'old' : 'new'] += 1;
      // a writer killed before its first rename leaves the old text: aim later, or earlier after a new one
      maxKillDelayUs = Math.min(200_000, Math.max(500, maxKillDelayUs * (text === original ? 1.15 : 0.9)));
      const others = readdirSync(dir).filter((name) => name !== 'config.json');
      for (const name of others) assert.ok(isTempFileOf(name, 'config.json'), `unexpected file ${name}`);
      // Each child removes the temp files of the ones killed before it.
      assert.ok(others.length <= 1, `temp files pile up: ${others.join(', ')}`);
      outcomes.leftoverTemps += others.length;
    }
    const text = readFileSync(path, 'utf8');
    await safeWrite({ path, expectedOriginal: text, newText: original, backup: false });
    assert.deepEqual(readdirSync(dir), ['config.json'], 'the next write cleans up');
  };

  await Promise.all(Array.from({ length: WORKERS }, (_, id) => worker(id)));
  t.diagnostic(`${runs} kills in ${Date.now() - started} ms: ${outcomes.old} left the old content, ${outcomes.new} the new one, ${outcomes.leftoverTemps} left a temp file`);
  assert.ok(runs >= RUNS, `only ${runs} runs before the deadline`);
  assert.ok(outcomes.old > 0 && outcomes.new > 0, 'kills should land on both sides of a rename');
});
