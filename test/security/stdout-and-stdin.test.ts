/**
 * The ends of the pipe: stdout closed early (`| head -1`) or on a full disk (`> /dev/full`)
 * ends the command quietly with status 1, no stack trace; `explain -` reads at most 1 MiB of
 * stdin and stops, however much is offered.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from './support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'regauth-pipes-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A Docker config with enough entries that `ls` prints well over 64 KiB. */
function bigHome(): string {
  const home = join(root, 'home');
  mkdirSync(join(home, '.docker'), { recursive: true });
  const auths = Object.fromEntries(Array.from({ length: 3000 }, (_, index) => [`registry-${index}.example.com`, { auth: Buffer.from(`user${index}:pw`).toString('base64') }]));
  writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ auths }));
  return home;
}

const env = (home: string): NodeJS.ProcessEnv => ({ PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home });

function finished(child: ReturnType<typeof spawn>): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const safety = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) => child.on('close', (code) => {
    clearTimeout(safety);
    resolve({ code, stderr });
  }));
}

describe('stdout and stdin at their limits', () => {
  test('ls | head -1: the closed pipe ends regauth with status 1 and no stack trace', async () => {
    const child = spawn(process.execPath, [CLI, 'ls'], { env: env(bigHome()), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.once('data', () => child.stdout.destroy());
    const result = await finished(child);
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.stderr, '');
  });

  test('ls > /dev/full: ENOSPC ends regauth with status 1 and no stack trace', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const child = spawn(process.execPath, [CLI, 'ls'], { env: env(bigHome()), stdio: ['ignore', full, 'pipe'] });
      const result = await finished(child);
      assert.equal(result.code, 1, result.stderr);
      assert.equal(result.stderr, '');
    } finally {
      closeSync(full);
    }
  });

  test('explain - stops reading stdin after 1 MiB', async () => {
    const child = spawn(process.execPath, [CLI, 'explain', '-'], { env: env(root), stdio: ['pipe', 'pipe', 'pipe'] });
    let offered = 0;
    let open = true;
    child.stdin.on('error', () => (open = false));
    child.on('close', () => (open = false));
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const pump = (): void => {
      // an endless stdin: stop offering only when regauth is gone, or far past any bound
      while (open && offered < 256 * 1024 * 1024 && child.stdin.write(chunk)) offered += chunk.length;
      if (open && offered < 256 * 1024 * 1024) child.stdin.once('drain', () => { offered += chunk.length; pump(); });
    };
    pump();
    const result = await finished(child);
    assert.ok(offered < 64 * 1024 * 1024, `regauth read ${offered} bytes of stdin`);
    assert.equal(result.code, 1, result.stderr);
  });
});
