import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lookPath } from './look-path.js';

test('PATH lookup as Go does it: directories and files this user may not run are passed over; relative entries are refused', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'regauth-lookpath-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const [asDirectory, notExecutable, executable] = ['a', 'b', 'c'].map((name) => join(root, name));
  for (const dir of [asDirectory, notExecutable, executable]) mkdirSync(dir as string);
  mkdirSync(join(asDirectory as string, 'tool'), { mode: 0o755 });
  writeFileSync(join(notExecutable as string, 'tool'), '#!/bin/sh\n', { mode: 0o644 });
  writeFileSync(join(executable as string, 'tool'), '#!/bin/sh\n');
  chmodSync(join(executable as string, 'tool'), 0o755);
  const path = ['', 'relative/bin', asDirectory, notExecutable, executable].join(':');
  assert.deepEqual(lookPath('tool', path), { kind: 'found', path: join(executable as string, 'tool') });
  assert.deepEqual(lookPath('missing', path), { kind: 'missing', searched: [asDirectory, notExecutable, executable], skipped: ['.', 'relative/bin'] });
  // a name with a slash is a path to Go, never a PATH lookup
  assert.deepEqual(lookPath('c/tool', root), { kind: 'missing', searched: [], skipped: [] });
});
