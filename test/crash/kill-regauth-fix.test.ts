import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { WRITE_PHASES, isBackupOf, isTempFileOf, type WritePhase } from '../../src/config/safe-write.js';
import { killInPhase } from './support.js';

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
      const reported = await killInPhase([BIN, 'fix', '--yes', '--config', path], {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: home,
        // the detected Docker CLI release is cached under XDG_CACHE_HOME: keep it out of the directory watched here
        XDG_CACHE_HOME: join(root, 'cache'),
      }, phase);
      assert.equal(reported.at(-1), phase, `the kill aimed at ${phase} landed after ${reported.join(' → ')}`);
      landed[phase] += 1;
      const text = readFileSync(path, 'utf8');
      assert.equal(text, phase === 'renamed' ? FIXED : SEED, `after a kill in ${phase}`);
      for (const name of readdirSync(home)) {
        assert.ok(name === 'config.json' || isTempFileOf(name, 'config.json') || isBackupOf(name, 'config.json'), `unexpected file ${name}`);
        if (isBackupOf(name, 'config.json')) assert.equal(readFileSync(join(home, name), 'utf8'), SEED, 'a backup is complete before the write starts');
        // the backup is written through a temporary file of its own, ending in ".backup"
        if (isTempFileOf(name, 'config.json')) assert.equal(readFileSync(join(home, name), 'utf8'), name.endsWith('.backup') ? SEED : FIXED, 'a temporary file is complete once written');
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, (_, id) => worker(id)));
  t.diagnostic(`kills of regauth fix landed per phase: ${WRITE_PHASES.map((phase) => `${phase} ${landed[phase]}`).join(', ')}`);
  for (const phase of WRITE_PHASES) assert.equal(landed[phase], KILLS_PER_PHASE, phase);
});
