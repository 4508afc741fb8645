import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isRegauthError, type ErrorCode } from '../util/errors.js';
import { isBackupOf, isTempFileOf, readForEdit, safeWrite } from './safe-write.js';
import { applyEdits } from './edit.js';

const OLD = '{\n\t"auths": {\n\t\t"localhost:5000": {\n\t\t\t"auth": "YTpi"\n\t\t}\n\t}\n}';
const NEW = '{\n\t"auths": {\n\t\t"127.0.0.1:5000": {\n\t\t\t"auth": "YTpi"\n\t\t}\n\t}\n}';

let root = '';
let counter = 0;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'regauth-safe-write-'));
});
after(() => {
  rmSync(root, { recursive: true, force: true });
});

function freshDir(): string {
  counter += 1;
  const dir = join(root, `case-${counter}`);
  mkdirSync(dir, { mode: 0o755 });
  return dir;
}

function mode(path: string): number {
  return statSync(path).mode & 0o7777;
}

function failsWith(code: ErrorCode): (error: unknown) => boolean {
  return (error) => {
    assert.ok(isRegauthError(error), `not a RegauthError: ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return true;
  };
}

/** Only the files we expect: no temp files or backups left behind. */
function assertOnly(dir: string, names: string[]): void {
  assert.deepEqual(readdirSync(dir).sort(), [...names].sort());
}

describe('safeWrite', () => {
  test('a new file gets mode 0600 and a parent directory with 0700', async () => {
    const dir = freshDir();
    const path = join(dir, 'docker', 'config.json');
    const result = await safeWrite({ path, expectedOriginal: null, newText: NEW, backup: true });
    assert.deepEqual(result, { targetPath: path, backupPath: null, created: true });
    assert.equal(readFileSync(path, 'utf8'), NEW);
    assert.equal(mode(path), 0o600);
    assert.equal(mode(join(dir, 'docker')), 0o700);
    assertOnly(join(dir, 'docker'), ['config.json']);
  });

  test('mode 0640 and owner 1000:1000 are kept; the one backup is 0600, owned alike, and replaced at each write', async () => {
    const dir = freshDir();
    const path = join(dir, 'config.json');
    writeFileSync(path, OLD);
    chmodSync(path, 0o640);
    chownSync(path, 1000, 1000);
    const result = await safeWrite({ path, expectedOriginal: OLD, newText: NEW, backup: true });
    assert.equal(readFileSync(path, 'utf8'), NEW);
    assert.equal(mode(path), 0o640);
    assert.equal(statSync(path).uid, 1000);
    assert.equal(statSync(path).gid, 1000);
    assert.equal(result.backupPath, `${path}.regauth-backup`);
    assert.equal(readFileSync(result.backupPath, 'utf8'), OLD);
    assert.equal(mode(result.backupPath), 0o600);
    assert.equal(statSync(result.backupPath).uid, 1000);
    assert.equal(statSync(result.backupPath).gid, 1000);
    assert.ok(isBackupOf('config.json.regauth-backup', 'config.json'));
    assert.ok(isBackupOf('config.json.regauth-backup-20250102T030405.678Z', 'config.json'), 'older timestamped backups count too');
    assert.ok(!isBackupOf('config.json.regauth-backupx', 'config.json'));

    const second = await safeWrite({ path, expectedOriginal: NEW, newText: OLD, backup: true });
    assert.equal(second.backupPath, `${path}.regauth-backup`);
    assert.equal(readFileSync(second.backupPath, 'utf8'), NEW, 'the backup rotates: it holds the content before the last write');
    assertOnly(dir, ['config.json', 'config.json.regauth-backup']);
  });

  test('a backup of a 0644 file is 0600; --backup-dir puts it elsewhere', async () => {
    const dir = freshDir();
    const path = join(dir, 'config.json');
    writeFileSync(path, OLD);
    chmodSync(path, 0o644);
    const result = await safeWrite({ path, expectedOriginal: OLD, newText: NEW, backup: true });
    assert.equal(mode(path), 0o644);
    assert.equal(mode(result.backupPath!), 0o600);
    const elsewhere = join(dir, 'backups');
    const moved = await safeWrite({ path, expectedOriginal: NEW, newText: OLD, backup: true, backupDir: elsewhere });
    assert.equal(moved.backupPath, join(elsewhere, 'config.json.regauth-backup'));
    assert.equal(readFileSync(moved.backupPath, 'utf8'), NEW);
    assert.equal(mode(moved.backupPath), 0o600);
  });

  test('symlinks (also relative chains) are followed: the real file changes, the links stay', async () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'dotfiles'));
    const real = join(dir, 'dotfiles', 'docker-config.json');
    writeFileSync(real, OLD, { mode: 0o600 });
    symlinkSync('dotfiles/docker-config.json', join(dir, 'middle.json'));
    symlinkSync(join(dir, 'middle.json'), join(dir, 'config.json'));
    const file = await readForEdit(join(dir, 'config.json'));
    assert.deepEqual(file, { path: join(dir, 'config.json'), targetPath: real, text: OLD });
    const result = await safeWrite({ path: join(dir, 'config.json'), expectedOriginal: file.text, newText: NEW, backup: false });
    assert.equal(result.targetPath, real);
    assert.equal(readFileSync(real, 'utf8'), NEW);
    assert.ok(lstatSync(join(dir, 'config.json')).isSymbolicLink());
    assert.equal(readlinkSync(join(dir, 'middle.json')), 'dotfiles/docker-config.json');
  });

  test('a dangling symlink creates its target, as Docker does', async () => {
    const dir = freshDir();
    symlinkSync('elsewhere/real.json', join(dir, 'config.json'));
    const file = await readForEdit(join(dir, 'config.json'));
    assert.equal(file.text, null);
    const result = await safeWrite({ path: join(dir, 'config.json'), expectedOriginal: null, newText: NEW, backup: true });
    assert.equal(result.targetPath, join(dir, 'elsewhere', 'real.json'));
    assert.equal(result.created, true);
    assert.equal(readFileSync(join(dir, 'config.json'), 'utf8'), NEW);
    assert.equal(mode(join(dir, 'elsewhere', 'real.json')), 0o600);
    assert.ok(lstatSync(join(dir, 'config.json')).isSymbolicLink());
  });

  test('content changed since it was read: refused, the other content survives', async () => {
    const dir = freshDir();
    const path = join(dir, 'config.json');
    writeFileSync(path, OLD);
    const file = await readForEdit(path);
    writeFileSync(path, '{"auths":{"other":{}}}');
    await assert.rejects(safeWrite({ path, expectedOriginal: file.text, newText: NEW, backup: true }), failsWith('E_WRITE_CONFLICT'));
    assert.equal(readFileSync(path, 'utf8'), '{"auths":{"other":{}}}');
    assertOnly(dir, ['config.json']);
  });

  test('created or removed since it was read: refused', async () => {
    const dir = freshDir();
    const path = join(dir, 'config.json');
    writeFileSync(path, OLD);
    await assert.rejects(safeWrite({ path, expectedOriginal: null, newText: NEW, backup: false }), failsWith('E_WRITE_CONFLICT'));
    rmSync(path);
    await assert.rejects(safeWrite({ path, expectedOriginal: OLD, newText: NEW, backup: false }), failsWith('E_WRITE_CONFLICT'));
    assertOnly(dir, []);
  });

  test('a writer racing into the last moment (before the rename) is detected; nothing of ours is left', async () => {
    const dir = freshDir();
    const path = join(dir, 'config.json');
    writeFileSync(path, OLD);
    const racer = '{\n\t"auths": {\n\t\t"racer.example": {}\n\t}\n}';
    await assert.rejects(
      safeWrite({
        path,
        expectedOriginal: OLD,
        newText: NEW,
        backup: true,
        beforeCommit: () => {
          assert.equal(readdirSync(dir).filter((name) => isTempFileOf(name, 'config.json') && !name.endsWith('.backup')).length, 1, 'temp file in place');
          writeFileSync(path, racer);
        },
      }),
      failsWith('E_WRITE_CONFLICT'),
    );
    assert.equal(readFileSync(path, 'utf8'), racer);
    assertOnly(dir, ['config.json']);
  });

  test('a read-only file (no write permission) is refused, not replaced', async () => {
    const dir = freshDir();
    const path = join(dir, 'config.json');
    writeFileSync(path, OLD);
    chmodSync(path, 0o444);
    await assert.rejects(safeWrite({ path, expectedOriginal: OLD, newText: NEW, backup: true }), failsWith('E_WRITE_READONLY'));
    assert.equal(readFileSync(path, 'utf8'), OLD);
    assertOnly(dir, ['config.json']);
  });

  test('a directory in place of the file is refused', async () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'config.json'));
    await assert.rejects(safeWrite({ path: join(dir, 'config.json'), expectedOriginal: null, newText: NEW, backup: false }), failsWith('E_WRITE_FAILED'));
  });

  test('temp files of dead writers are cleaned up; a live writer’s are left alone', async () => {
    const dir = freshDir();
    const path = join(dir, 'config.json');
    writeFileSync(path, OLD);
    const dead = '.config.json.regauth-tmp-2147483646-0123456789ab';
    const live = `.config.json.regauth-tmp-1-0123456789ab`;
    writeFileSync(join(dir, dead), '{');
    writeFileSync(join(dir, live), '{');
    await safeWrite({ path, expectedOriginal: OLD, newText: NEW, backup: false });
    assertOnly(dir, ['config.json', live]);
  });
});

describe('safeWrite racing the real docker CLI', () => {
  // `docker logout` rewrites config.json offline (no daemon, no registry), so it stands in
  // for any concurrent `docker login`: it must win, and regauth must notice and back off.
  const start = '{\n  "auths": {\n    "localhost:5000": {"auth": "YTpi"},\n    "other.example": {"auth": "Yzpk"}\n  }\n}\n';

  function dockerLogout(dir: string): void {
    execFileSync('docker', ['logout', 'localhost:5000'], { env: { ...process.env, DOCKER_CONFIG: dir }, stdio: 'ignore' });
  }

  test('docker rewrote the file after we read it', async () => {
    const dir = freshDir();
    const path = join(dir, 'config.json');
    writeFileSync(path, start, { mode: 0o600 });
    const file = await readForEdit(path);
    dockerLogout(dir);
    const dockers = readFileSync(path, 'utf8');
    assert.notEqual(dockers, start);
    await assert.rejects(safeWrite({ path, expectedOriginal: file.text, newText: NEW, backup: true }), failsWith('E_WRITE_CONFLICT'));
    assert.equal(readFileSync(path, 'utf8'), dockers);
    assertOnly(dir, ['config.json']);
  });

  test('docker rewrote the file while our new content waited for the rename', async () => {
    const dir = freshDir();
    const path = join(dir, 'config.json');
    writeFileSync(path, start, { mode: 0o600 });
    const file = await readForEdit(path);
    await assert.rejects(
      safeWrite({ path, expectedOriginal: file.text, newText: NEW, backup: true, beforeCommit: () => dockerLogout(dir) }),
      failsWith('E_WRITE_CONFLICT'),
    );
    assert.doesNotMatch(readFileSync(path, 'utf8'), /localhost:5000/, "docker's logout survives");
    assertOnly(dir, ['config.json']);
  });
});

describe('safeWrite on a read-only file system', () => {
  // A tmpfs remounted read-only inside a private mount namespace (unshare -m), the way a
  // Kubernetes secret volume looks from inside a pod. Needs root and unshare(1).

  test('EROFS is reported as E_WRITE_READONLY and nothing changes', () => {
    const dir = freshDir();
    const mountPoint = join(dir, 'secret');
    mkdirSync(mountPoint);
    const writer = new URL('./safe-write.js', import.meta.url).href;
    const program = `
      import { safeWrite } from ${JSON.stringify(writer)};
      import { readFileSync, readdirSync } from 'node:fs';
      const path = process.argv[1];
      try {
        await safeWrite({ path, expectedOriginal: readFileSync(path, 'utf8'), newText: '{}', backup: true });
        console.log(JSON.stringify({ code: 'written' }));
      } catch (error) {
        console.log(JSON.stringify({ code: error.code, message: error.message, after: readFileSync(path, 'utf8'), files: readdirSync(process.argv[2]) }));
      }`;
    const script = [
      'set -e',
      `mount -t tmpfs -o size=1m tmpfs "$1"`,
      `printf '%s' "$2" > "$1/config.json"`,
      `mount -o remount,ro "$1"`,
      `exec "$3" --input-type=module -e "$4" "$1/config.json" "$1"`,
    ].join('\n');
    const run = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, 'sh', mountPoint, OLD, process.execPath, program], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const outcome = JSON.parse(run.stdout) as { code: string; message: string; after: string; files: string[] };
    assert.equal(outcome.code, 'E_WRITE_READONLY', outcome.message);
    assert.match(outcome.message, /read-only/);
    assert.equal(outcome.after, OLD);
    assert.deepEqual(outcome.files, ['config.json']);
    assert.equal(existsSync(join(mountPoint, 'config.json')), false, 'the mount stayed inside its namespace');
  });
});

test('invalid UTF-8 in fields an edit does not touch is kept byte for byte', async () => {
  const dir = freshDir();
  const path = join(dir, 'config.json');
  const before = Buffer.concat([
    Buffer.from('{\n  "auths": {\n    "docker.io": {"auth": "YTpi"}\n  },\n  "note": "latin1 caf'),
    Buffer.from([0xe9, 0x20, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0xf0, 0x9f, 0x98]),
    Buffer.from(' end",\n  "emoji": "\u{1f600}"\n}\n'),
  ]);
  writeFileSync(path, before);
  const file = await readForEdit(path);
  const edited = applyEdits(file.text!, [{ kind: 'rename-key', path: ['auths', 'docker.io'], newKey: 'https://index.docker.io/v1/' }]);
  await safeWrite({ path, expectedOriginal: file.text, newText: edited.text, backup: false });
  const after = readFileSync(path);
  assert.deepEqual(after, Buffer.from(before.toString('latin1').replace('"docker.io"', '"https://index.docker.io/v1/"'), 'latin1'));
});

