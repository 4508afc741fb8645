import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeContainersAuth } from '../config/containers-file.js';
import type { LoadedFile } from '../config/model.js';
import { resolveContainers } from './containers.js';
import { globMatch } from './kubelet.js';

/**
 * crane and the kubelet are compared with their own code over a generated corpus in
 * test/fidelity/ (and crane's binary in test/differential/crane.test.ts); what stays here are
 * unit checks of the pieces.
 */
const b64 = (text: string): string => Buffer.from(text).toString('base64');

function loaded(config: unknown, format: LoadedFile['format'] = 'docker-config'): LoadedFile {
  return { path: '/tmp/config.json', format, exists: true, text: JSON.stringify(config), ioError: null };
}

test('kubelet: glob labels follow filepath.Match', () => {
  assert.equal(globMatch('*', 'anything'), true);
  assert.equal(globMatch('reg?', 'reg1'), true);
  assert.equal(globMatch('reg[0-9]', 'reg7'), true);
  // a leading ^ negates a class; ! is a member like any other (Go's path/filepath, checked with go1.26)
  assert.equal(globMatch('reg[!0-9]', 'reg7'), true);
  assert.equal(globMatch('reg[!0-9]', 'reg!'), true);
  assert.equal(globMatch('reg[^0-9]', 'reg7'), false);
  assert.equal(globMatch('reg[^0-9]', 'regx'), true);
  assert.equal(globMatch('[::1]', '[::1]'), false);
  assert.equal(globMatch('a\\*', 'a*'), true);
  assert.equal(globMatch('[\\]]', ']'), true);
  // malformed patterns (filepath.ErrBadPattern) match nothing
  assert.equal(globMatch('reg[]', 'reg'), false);
  assert.equal(globMatch('reg[a-]', 'rega'), false);
  // a backwards range holds nothing, so its negation holds everything
  assert.equal(globMatch('reg[z-a]', 'regz'), false);
  assert.equal(globMatch('reg[^z-a]', 'regz'), true);
  assert.equal(globMatch('a', 'b'), false);
});

test('containers: a credHelpers entry that has nothing goes on to the next file', () => {
  const first = decodeContainersAuth({ ...loaded({ auths: {}, credHelpers: { 'myreg.example.com': 'x' } }, 'containers-auth'), path: '/a.json' });
  const second = decodeContainersAuth({ ...loaded({ auths: { 'myreg.example.com': { auth: b64('carol:pw') } } }, 'containers-auth'), path: '/b.json' });
  const answers = new Map([[`x\u0000myreg.example.com`, { kind: 'not-found' as const }]]);
  const result = resolveContainers({ registry: 'myreg.example.com', name: 'myreg.example.com/app', files: [first, second], answers });
  assert.equal(result.username, 'carol');
  assert.equal(result.configFile, '/b.json');
});
