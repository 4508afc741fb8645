import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const OUTPUT_MODULE = new URL('./output.js', import.meta.url).href;
const dir = mkdtempSync(join(tmpdir(), 'regauth-output-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A Node process that runs `body` with writeToFd and isTerminal in scope. */
function childArgs(body: string): string[] {
  return ['--input-type=module', '-e', `import { isTerminal, writeToFd } from ${JSON.stringify(OUTPUT_MODULE)};\n${body}`];
}

const INTERLEAVED = `
for (let index = 0; index < 200; index++) {
  writeToFd(1, 'out ' + index + ' \\u00e9\\u4e2d\\n');
  if (index % 50 === 0) writeToFd(2, 'err ' + index + '\\n');
}
writeToFd(2, 'stdout terminal: ' + isTerminal(1) + ', stream made: ' + (process.stdout.listenerCount('error') > 0) + '\\n');
`;
const EXPECTED_OUT = Array.from({ length: 200 }, (_, index) => `out ${index} \u00e9\u4e2d\n`).join('');
const EXPECTED_ERR = 'err 0\nerr 50\nerr 100\nerr 150\nstdout terminal: false, stream made: false\n';

describe('writing stdout and stderr directly', () => {
  it('to pipes: everything, in order, without making the streams', () => {
    const result = spawnSync(process.execPath, childArgs(INTERLEAVED), { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, EXPECTED_OUT);
    assert.equal(result.stderr, EXPECTED_ERR);
  });

  it('to /dev/null: not a terminal, answered without loading node:tty', () => {
    const body = `writeToFd(2, isTerminal(1) + ' ' + process.moduleLoadList.includes('NativeModule tty') + '\\n');`;
    const result = spawnSync(process.execPath, childArgs(body), { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, 'false false\n');
  });

  it('to a pseudo-terminal: a terminal, as process.stdout.isTTY says', () => {
    // script(1) runs the command with a pseudo-terminal as its stdin, stdout and stderr
    const body = `writeToFd(1, 'direct ' + isTerminal(1) + ' ' + isTerminal(0) + ' stream ' + process.stdout.isTTY + '\\n');`;
    const command = [process.execPath, ...childArgs(body)].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
    const result = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /direct true true stream true\r?\n/);
  });

  it('to a file: everything, in order', () => {
    const file = join(dir, 'stdout.txt');
    const fd = openSync(file, 'w');
    try {
      const result = spawnSync(process.execPath, childArgs(INTERLEAVED), { encoding: 'utf8', stdio: ['ignore', fd, 'pipe'] });
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stderr, EXPECTED_ERR);
    } finally {
      closeSync(fd);
    }
    assert.equal(readFileSync(file, 'utf8'), EXPECTED_OUT);
  });

  it('to a full non-blocking pipe: the rest goes through the stream, in order', async () => {
    // making process.stdout first leaves the pipe non-blocking; 1 MiB does not fit while nobody reads
    const body = `
process.stdout;
writeToFd(1, 'x'.repeat(1 << 20));
writeToFd(1, 'tail\\n');
writeToFd(2, 'stream in use: ' + (process.stdout.listenerCount('error') > 0) + '\\n');
`;
    const child = spawn(process.execPath, childArgs(body), { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdout.pause();
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stdout.resume();
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(status, 0, Buffer.concat(stderr).toString());
    assert.equal(Buffer.concat(stderr).toString(), 'stream in use: true\n');
    const text = Buffer.concat(stdout).toString();
    assert.equal(text.length, (1 << 20) + 5);
    assert.ok(text.endsWith('xtail\n'));
  });

  it('to a closed pipe: ends with status 1 and says nothing, as the stream did', async () => {
    const child = spawn(process.execPath, childArgs("setTimeout(() => writeToFd(1, 'lost\\n'), 300);"), { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    const stderr: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(status, 1);
    assert.equal(Buffer.concat(stderr).toString(), '');
  });
});
