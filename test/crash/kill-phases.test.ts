import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { applyEdits } from '../../src/config/edit.js';
import { WRITE_PHASES, isTempFileOf, safeWrite, type WritePhase } from '../../src/config/safe-write.js';
import { KEY_A, KEY_B, busyConfig, killInPhase, snapshotChild } from './support.js';

/**
 * Kills that provably land inside each phase of a write. The writer reports every phase it
 * enters on a descriptor (the REGAUTH_TEST_WRITE_PHASE_FD seam) and holds still in the phase
 * under test; the test kills it on reading that phase and then checks which phase the writer
 * reported last. Each phase gets at least KILLS_PER_PHASE such kills, and after each one the
 * file must hold exactly what that phase allows: the old text before the rename, the new after.
 */

const KILLS_PER_PHASE = 100;
const WORKERS = 3;

const root = mkdtempSync(join(tmpdir(), 'regauth-phase-kill-'));
after(() => rmSync(root, { recursive: true, force: true }));

const CHILD = snapshotChild(root);

test(`at least ${KILLS_PER_PHASE} SIGKILLs land inside each phase of a write; the file is always exactly old or new`, async (t) => {
  const original = busyConfig(200);
  const renamed = applyEdits(original, [{ kind: 'rename-key', path: ['auths', KEY_A], newKey: KEY_B }]).text;
  const landed = Object.fromEntries(WRITE_PHASES.map((phase) => [phase, 0])) as Record<WritePhase, number>;
  const jobs = WRITE_PHASES.flatMap((phase) => Array.from({ length: KILLS_PER_PHASE }, () => phase));

  const worker = async (id: number): Promise<void> => {
    const dir = join(root, `worker-${id}`);
    mkdirSync(dir);
    const path = join(dir, 'config.json');
    for (let job = jobs.pop(); job !== undefined; job = jobs.pop()) {
      writeFileSync(path, original, { mode: 0o600 });
      const reported = await killInPhase([CHILD, path, KEY_A, KEY_B], process.env, job);
      // the last phase the writer reported before dying is where the kill landed
      const last = reported.at(-1);
      assert.equal(last, job, `kill aimed at ${job} landed after ${reported.join(' → ')}`);
      landed[job] += 1;
      const text = readFileSync(path, 'utf8');
      const expected = job === 'renamed' ? renamed : original;
      assert.ok(text === expected, `after a kill in ${job} the file must hold the ${job === 'renamed' ? 'new' : 'old'} text (length ${text.length})`);
      const others = readdirSync(dir).filter((name) => name !== 'config.json');
      const tempExpected = job === 'temp-written' || job === 'temp-synced' ? 1 : 0;
      assert.equal(others.length, tempExpected, `after a kill in ${job}: ${others.join(', ') || 'no other file'}`);
      for (const name of others) {
        assert.ok(isTempFileOf(name, 'config.json'), `unexpected file ${name}`);
        assert.equal(readFileSync(join(dir, name), 'utf8'), renamed, 'a temp file holds the complete new text once written');
        rmSync(join(dir, name));
      }
    }
    // the next write of a healthy writer leaves nothing behind
    await safeWrite({ path, expectedOriginal: readFileSync(path, 'utf8'), newText: original, backup: false });
    assert.deepEqual(readdirSync(dir), ['config.json']);
  };

  await Promise.all(Array.from({ length: WORKERS }, (_, id) => worker(id)));
  t.diagnostic(`kills landed per phase: ${WRITE_PHASES.map((phase) => `${phase} ${landed[phase]}`).join(', ')}`);
  for (const phase of WRITE_PHASES) assert.ok(landed[phase] >= KILLS_PER_PHASE, `${phase}: only ${landed[phase]} kills landed`);
});
