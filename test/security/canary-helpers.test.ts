/** Canary suite, credential helpers: see canary.test.ts. */
import { describe, test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testHelperScript } from '../testbed/testbed.js';
import { allCanaries, assertCaptureClean, canary, makeWorld, runTable, testbed } from './support/canary-table.js';

describe('canaries from credential helpers', () => {
  test('helpers that answer, fail or print garbage with secrets', async () => {
    const answered = canary('helper answer', { username: 'alice' });
    const identity = canary('helper identity token', { style: 'token' });
    const failStderr = canary('helper failure on stderr', { style: 'token' });
    const failStdout = canary('helper failure on stdout', { style: 'token' });
    const garbage = canary('helper garbage', { style: 'token' });
    const helperDir = testbed.tempDir('canary-helpers');
    testHelperScript(helperDir, 'canary', {
      credentials: {
        'myreg.example.com': { username: 'alice', secret: answered.value },
        'https://index.docker.io/v1/': { username: '<token>', secret: identity.value },
      },
    });
    testHelperScript(helperDir, 'failing', {
      mode: 'fail',
      stderr: `error: could not unlock keychain for "alice" with ${failStderr.value}; token=${failStderr.value}`,
      exitCode: 3,
    });
    testHelperScript(helperDir, 'garbage', { mode: 'garbage', garbage: `{"Username":"alice","Secret":"${garbage.value}" oops ${garbage.value}` });
    // a failing helper that prints on stdout too (the Go client shows stdout in its error)
    writeFileSync(
      join(helperDir, 'docker-credential-noisy'),
      `#!/bin/sh\ncat >/dev/null\nprintf '%s\\n' 'secret ${failStdout.value} rejected'\nprintf '%s\\n' 'Bearer ${failStdout.value}' >&2\nexit 1\n`,
      { mode: 0o755 },
    );
    const docker = JSON.stringify({
      credsStore: 'canary',
      credHelpers: { 'other.example.com': 'failing', 'localhost:5001': 'garbage', 'myreg.example.com:5000': 'noisy' },
      auths: { 'other.example.com': {}, 'myreg.example.com': {} },
    });
    const world = makeWorld('helpers', { docker }, helperDir);
    world.images = ['myreg.example.com/team/app', 'docker.io/alice/app', 'other.example.com/app', 'localhost:5001/app', 'myreg.example.com:5000/app'];
    await runTable(world, allCanaries);
  });
});

test('everything this file captured holds no canary outside get', (t) => assertCaptureClean((text) => t.diagnostic(text)));
