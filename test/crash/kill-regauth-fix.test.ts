import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isBackupOf, isTempFileOf } from '../../src/config/safe-write.js';

/**
 * Crash safety of the command itself: `regauth fix --yes` on the seed config is killed with
 * SIGKILL at random moments, 200 times. After each kill the config holds exactly the old or
 * the fixed content — valid JSON, never empty.
 */
const BIN = fileURLToPath(new URL('../../../bin/regauth.js', import.meta.url));
const RUNS = 200;
const WORKERS = 4;
const DEADLINE_MS = 150_000;

const SEED = '{\n    "auths": {\n        "docker.io": {\n            "auth": "YWxpY2U6c2VjcmV0",\n            "email": "x.y@gmail.com"\n        }\n    }\n}\n';
const FIXED = SEED.replace('"docker.io"', '"https://index.docker.io/v1/"');

const root = mkdtempSync(join(tmpdir(), 'regauth-kill-fix-'));
after(() => rmSync(root, { recursive: true, force: true }));

function fixArgs(path: string): string[] {
  return [BIN, 'fix', '--yes', '--config', path];
}

function childEnv(home: string): NodeJS.ProcessEnv {
  // the detected Docker CLI release is cached under XDG_CACHE_HOME: keep it out of the directory watched here
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, XDG_CACHE_HOME: join(root, 'cache') };
}

/** How long one undisturbed run takes here, so kills can be spread over its whole life. */
function calibrate(): number {
  const home = join(root, 'calibrate');
  mkdirSync(home);
  const path = join(home, 'config.json');
  writeFileSync(path, SEED, { mode: 0o600 });
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, fixArgs(path), { env: childEnv(home), encoding: 'utf8' });
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  assert.equal(result.status, 0, result.stderr);
  assert.equal(readFileSync(path, 'utf8'), FIXED);
  return elapsedMs;
}

function runAndKill(path: string, home: string, delayMs: number): Promise<'killed' | 'finished'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, fixArgs(path), { env: childEnv(home), stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve(signal === 'SIGKILL' ? 'killed' : 'finished');
    });
  });
}

test(`config survives ${RUNS} SIGKILLs of regauth fix: always exactly old or fixed`, async (t) => {
  const fullRunMs = calibrate();
  const outcomes = { old: 0, fixed: 0, finished: 0 };
  const started = Date.now();
  let runs = 0;
  // four runs share two cores: a run takes about twice as long as the calibration run
  let scale = 2;
  const worker = async (id: number): Promise<void> => {
    const home = join(root, `worker-${id}`);
    mkdirSync(home);
    const path = join(home, 'config.json');
    while (runs < RUNS && Date.now() - started < DEADLINE_MS) {
      runs += 1;
      for (const name of readdirSync(home)) if (isBackupOf(name, 'config.json')) rmSync(join(home, name));
      writeFileSync(path, SEED, { mode: 0o600 });
      const how = await runAndKill(path, home, fullRunMs * scale * (0.4 + Math.random() * 1.2));
      // centre the kills on the write: later after a kill that left the old text, earlier after a run that finished
      if (how === 'finished') scale *= 0.9;
      else if (readFileSync(path, 'utf8') === SEED) scale *= 1.05;
      const text = readFileSync(path, 'utf8');
      assert.ok(text === SEED || text === FIXED, `config is neither old nor fixed after a kill (length ${text.length})`);
      assert.doesNotThrow(() => JSON.parse(text));
      if (how === 'finished') outcomes.finished += 1;
      outcomes[text === SEED ? 'old' : 'fixed'] += 1;
      for (const name of readdirSync(home)) {
        assert.ok(name === 'config.json' || isTempFileOf(name, 'config.json') || isBackupOf(name, 'config.json'), `unexpected file ${name}`);
        if (isBackupOf(name, 'config.json')) {
          const backup = readFileSync(join(home, name), 'utf8');
          assert.ok(backup === '' || SEED.startsWith(backup), 'a backup is the original or an unfinished copy of it');
        }
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, (_, id) => worker(id)));
  t.diagnostic(`${runs} runs in ${Date.now() - started} ms (one run ${fullRunMs.toFixed(0)} ms): ${outcomes.old} old, ${outcomes.fixed} fixed, ${outcomes.finished} finished before the kill`);
  assert.ok(runs >= RUNS, `only ${runs} runs before the deadline`);
  assert.ok(outcomes.old > 0 && outcomes.fixed > 0, 'kills should land on both sides of the rename');
});
