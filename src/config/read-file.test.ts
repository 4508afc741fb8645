import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, constants as fsConstants, mkdirSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegauthError } from '../util/errors.js';
import { readCredentialFile } from './read-file.js';
import { withTempDirAsync } from './test-support.js';

describe('read-file', () => {
  it('missing file, dangling symlink: exists false, no error', async () => {
    await withTempDirAsync(async (dir) => {
      const missing = await readCredentialFile(join(dir, 'none.json'), 'docker-config');
      assert.deepEqual([missing.exists, missing.ioError], [false, null]);
      symlinkSync(join(dir, 'target.json'), join(dir, 'link.json'));
      const dangling = await readCredentialFile(join(dir, 'link.json'), 'docker-config');
      assert.equal(dangling.exists, false);
    });
  });

  it('follows symlinks and keeps a BOM and invalid UTF-8 (replaced) in the text', async () => {
    await withTempDirAsync(async (dir) => {
      writeFileSync(join(dir, 'target.json'), Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0xff, 0x7d]));
      symlinkSync(join(dir, 'target.json'), join(dir, 'link.json'));
      const file = await readCredentialFile(join(dir, 'link.json'), 'docker-config');
      assert.equal(file.text, '\ufeff{\ufffd}');
    });
  });

  it('directory, too large and unreadable files are ioErrors, never exceptions', async () => {
    await withTempDirAsync(async (dir) => {
      mkdirSync(join(dir, 'config.json'));
      const directory = await readCredentialFile(join(dir, 'config.json'), 'docker-config');
      assert.equal(directory.ioError?.code, 'E_CONFIG_IS_DIRECTORY');
      assert.equal(directory.ioError?.message, `read ${join(dir, 'config.json')}: is a directory`);

      writeFileSync(join(dir, 'big.json'), Buffer.alloc(10 * 1024 * 1024, 0x20));
      const big = await readCredentialFile(join(dir, 'big.json'), 'docker-config');
      assert.equal(big.ioError?.code, 'E_CONFIG_TOO_LARGE');
      assert.equal(big.text, '');

      const locked = join(dir, 'locked.json');
      writeFileSync(locked, '{}');
      chmodSync(locked, 0o000);
      const result = await readCredentialFile(locked, 'docker-config');
      // root can read anything; only assert the error shape when the read was refused
      if (result.ioError !== null) {
        assert.equal(result.ioError.code, 'E_CONFIG_UNREADABLE');
        assert.equal(result.ioError.message, `open ${locked}: permission denied`);
      } else {
        assert.equal(result.text, '{}');
      }
    });
  });

  it('a FIFO (also behind a symlink) is refused at once, naming the path, never waited on', async () => {
    await withTempDirAsync(async (dir) => {
      const fifo = join(dir, 'config.json');
      execFileSync('mkfifo', [fifo]);
      symlinkSync(fifo, join(dir, 'link.json'));
      for (const path of [fifo, join(dir, 'link.json')]) {
        // an old reader blocks in open() until a writer comes: play that writer, so such a
        // reader ends (with an empty file) and the assertion below fails instead of hanging
        const unblock = setTimeout(() => closeSync(openSync(fifo, fsConstants.O_WRONLY | fsConstants.O_NONBLOCK)), 3000);
        try {
          await assert.rejects(readCredentialFile(path, 'docker-config'), (error: unknown) => {
            assert.ok(error instanceof RegauthError);
            assert.equal(error.code, 'E_CONFIG_NOT_REGULAR');
            assert.equal(error.file, path);
            assert.match(error.message, /named pipe \(FIFO\), not a regular file/);
            return true;
          });
        } finally {
          clearTimeout(unblock);
        }
      }
    });
  });

  it('a character device is refused without reading from it', async () => {
    await assert.rejects(readCredentialFile('/dev/zero', 'docker-config'), { code: 'E_CONFIG_NOT_REGULAR' });
  });
});
