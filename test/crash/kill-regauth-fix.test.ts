import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { WRITE_PHASES, isBackupOf, isTempFileOf, type WritePhase } from '../../src/config/safe-write.js';

/**
 * Crash safety of the command itself: `regauth fix --yes` on the seed config is killed with
 * SIGKILL inside each phase of its write (the REGAUTH_TEST_WRITE_PHASE_FD seam holds it there
 * and reports where it was), KILLS_PER_PHASE times each. After each kill the config holds
 * exactly the old text before the rename and the fixed text after it — never anything else.
 */
const BIN = fileURLToPath(new URL('../../../bin/regauth.js', import.meta.url));
const KILLS_PER_PHASE = 20;
const WORKERS = 4;

const SEED = '{\n    "auths": {\n        "docker.io": {\n            "auth": "YWxpY2U6c2VjcmV0",\n            "email": "x.y@gmail.com"\n        }\n    }\n}\n';
const FIXED = SEED.replace('"docker.io"', '"https://index.docker.io/v1/"');

const root = mkdtempSync(join(tmpdir(), 'regauth-kill-fix-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Runs `regauth fix --yes` held in `phase`, kills it on hearing that phase; resolves with the phases it reported. */
function killFixInPhase(path: string, home: string, phase: WritePhase): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'fix', '--yes', '--config', path], {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, REGAUTH_TEST_WRITE_PHASE_FD: `3:${phase}:60000` },
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let reported = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
      reported += chunk.toString();
      if (reported.split('\n').includes(phase)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`regauth fix ended by itself (exit ${code}) before ${phase}: ${stderr}`));
      else resolve(reported.split('\n').filter((line) => line.length > 0));
    });
  });
}

test(`regauth fix killed ${KILLS_PER_PHASE} times inside each phase of its write: the config is always exactly old or fixed`, async (t) => {
  const landed = Object.fromEntries(WRITE_PHASES.map((phase) => [phase, 0])) as Record<WritePhase, number>;
  const jobs = WRITE_PHASES.flatMap((phase) => Array.from({ length: KILLS_PER_PHASE }, () => phase));
  const worker = async (id: number): Promise<void> => {
    const home = join(root, `worker-${id}`);
    mkdirSync(home);
    const path = join(home, 'config.json');
    for (let phase = jobs.pop(); phase !== undefined; phase = jobs.pop()) {
      for (const name of readdirSync(home)) if (name !== 'config.json') rmSync(join(home, name));
      writeFileSync(path, SEED, { mode: 0o600 });
      const reported = await killFixInPhase(path, home, phase);
      assert.equal(reported.at(-1), phase, `the kill aimed at ${phase} landed after ${reported.join(' → ')}`);
      landed[phase] += 1;
      const text = readFileSync(path, 'utf8');
      assert.equal(text, phase === 'renamed' ? FIXED : SEED, `after a kill in ${phase}`);
      for (const name of readdirSync(home)) {
        assert.ok(name === 'config.json' || isTempFileOf(name, 'config.json') || isBackupOf(name, 'config.json'), `unexpected file ${name}`);
        if (isBackupOf(name, 'config.json')) assert.equal(readFileSync(join(home, name), 'utf8'), SEED, 'a backup is complete before the write starts');
        if (isTempFileOf(name, 'config.json')) assert.equal(readFileSync(join(home, name), 'utf8'), FIXED, 'a temporary file is complete once written');
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, (_, id) => worker(id)));
  t.diagnostic(`kills of regauth fix landed per phase: ${WRITE_PHASES.map((phase) => `${phase} ${landed[phase]}`).join(', ')}`);
  for (const phase of WRITE_PHASES) assert.equal(landed[phase], KILLS_PER_PHASE, phase);
});
