/** Config files broken right next to a canary secret: errors must never quote it. */
import { describe, test } from 'node:test';
import type { Canary } from './canaries.js';
import { INVOCATIONS, assertCaptureClean, b64, canary, makeWorld, runTable } from './canary-table.js';

export const BROKEN_FILES: Array<{ name: string; text: (c: Canary) => string }> = [
  { name: 'missing comma after the secret', text: (c) => `{"auths":{"myreg.example.com":{"auth":"${b64(`alice:${c.value}`)}" "password":"${c.value}"}}}` },
  { name: 'unterminated secret string', text: (c) => `{"auths":{"myreg.example.com":{"password":"${c.value}` },
  { name: 'secret as a bare word', text: (c) => `{"auths":{"myreg.example.com":{"password":${c.value}}}}` },
  { name: 'control character inside the secret', text: (c) => `{"auths":{"myreg.example.com":{"password":"${c.value}\u0001${c.value}"}}}` },
  { name: 'bad escape inside the secret', text: (c) => `{"auths":{"myreg.example.com":{"password":"${c.value}\\q${c.value}"}}}` },
  { name: 'trailing garbage after the secret', text: (c) => `{"auths":{"myreg.example.com":{"auth":"${b64(`alice:${c.value}`)}"}}}${c.value}` },
  { name: 'secret where an object belongs', text: (c) => `{"auths":{"myreg.example.com":"${c.value}"}}` },
  { name: 'secret in an array where a string belongs', text: (c) => `{"auths":{"myreg.example.com":{"auth":["${b64(`alice:${c.value}`)}"],"password":["${c.value}"]}}}` },
  { name: 'auth that is not base64', text: (c) => `{"auths":{"myreg.example.com":{"auth":"${c.value}!!"}}}` },
  { name: 'auth without a colon', text: (c) => `{"auths":{"myreg.example.com":{"auth":"${b64(c.value)}"}}}` },
  { name: 'auth with invalid UTF-8', text: (c) => `{"auths":{"myreg.example.com":{"auth":"${Buffer.concat([Buffer.from(`alice:${c.value}`), Buffer.from([0xff, 0xfe])]).toString('base64')}"}}}` },
  { name: 'BOM and CRLF around the secret', text: (c) => `\ufeff{\r\n"auths":{\r\n"myreg.example.com":{"auth":"${b64(`alice:${c.value}`)}"}}}\r\n` },
  { name: 'duplicate keys with secrets', text: (c) => `{"auths":{"myreg.example.com":{"password":"${c.value}","password":"${c.value}x"},"myreg.example.com":{"auth":"${b64(`a:${c.value}`)}"}}}` },
];

/** The canary table for some of the broken files, and the scan of all this test file captured. */
export function brokenFileTests(files: typeof BROKEN_FILES): void {
  describe('canaries in broken config files', () => {
    for (const { name, text } of files) {
      test(`broken file: ${name}`, async () => {
        const c = canary(`broken: ${name}`, { username: 'alice' });
        const world = makeWorld(`broken-${name.replace(/\W+/g, '-')}`, { docker: text(c), containers: text(c), kube: text(c) });
        world.images = ['myreg.example.com/team/app'];
        await runTable(world, [c], INVOCATIONS.filter((i) => i.printsSecrets !== true));
      });
    }
  });
  test('everything this file captured holds no canary outside get', (t) => assertCaptureClean((report) => t.diagnostic(report)));
}
