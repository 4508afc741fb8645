import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeDockerConfig } from '../../config/docker-file.js';
import { NEWEST_MODELLED_DOCKER } from '../../clients/versions.js';
import { checkBackups, currentSecrets, gatherBackupFacts, isStrayCopyName } from './backups.js';

const auth = (user: string, password: string): string => Buffer.from(`${user}:${password}`).toString('base64');
const config = (auths: Record<string, string>): string => JSON.stringify({ auths: Object.fromEntries(Object.entries(auths).map(([key, value]) => [key, { auth: value }])) });

describe('doctor: backups and stray copies', () => {
  it('names regauth backups, editor and manual copies and Docker temp files; not unrelated files', () => {
    for (const name of ['config.json.regauth-backup', 'config.json.regauth-backup-20250101T000000.000Z', 'config.json.bak', 'config.json~', '.config.json.swp', 'config.json123456', 'config.json.orig', 'config.json.old']) {
      assert.ok(isStrayCopyName(name, 'config.json'), name);
    }
    for (const name of ['config.json', 'config.jsonc', 'other.json', 'daemon.json.bak']) assert.ok(!isStrayCopyName(name, 'config.json'), name);
  });

  it('flags a copy readable by others and a copy holding credentials the file no longer has', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regauth-backups-'));
    try {
      const path = join(dir, 'config.json');
      const current = config({ 'myreg.example.com': auth('alice', 'current') });
      writeFileSync(path, current, { mode: 0o600 });
      writeFileSync(join(dir, 'config.json.regauth-backup'), current, { mode: 0o644 });
      writeFileSync(join(dir, 'config.json.bak'), config({ 'old.example.com': auth('bob', 'logged-out') }), { mode: 0o600 });
      writeFileSync(join(dir, 'config.json123456'), '{}', { mode: 0o644 });
      const copies = await gatherBackupFacts([path]);
      const view = decodeDockerConfig({ path, format: 'docker-config', exists: true, text: current, ioError: null }, { version: NEWEST_MODELLED_DOCKER });
      const findings = checkBackups(copies, [currentSecrets(path, view.auths)]);
      assert.deepEqual(
        findings.map((item) => [item.id, item.file]),
        [
          ['backup-holds-removed-credentials', join(dir, 'config.json.bak')],
          ['backup-readable-by-others', join(dir, 'config.json.regauth-backup')],
        ].sort((a, b) => (a[1]! < b[1]! ? -1 : 1)),
      );
      assert.ok(!JSON.stringify(findings).includes('logged-out') && !JSON.stringify(findings).includes(auth('bob', 'logged-out')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
