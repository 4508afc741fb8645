import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Secret, secret } from '../util/secret.js';
import { scrubOutput } from './scrub.js';

const none = { secrets: [] };

describe('scrubOutput', () => {
  it('removes known secrets and their Basic-auth base64 forms', () => {
    const known = { username: 'bob', secrets: [secret('pa55word!')] };
    const basic = Buffer.from('bob:pa55word!').toString('base64');
    const text = `bad password pa55word! (auth ${basic}) ${Buffer.from('pa55word!').toString('base64url')}`;
    const scrubbed = scrubOutput(text, known);
    assert.ok(!scrubbed.includes('pa55word'));
    assert.ok(!scrubbed.includes(basic));
    assert.match(scrubbed, /^bad password \[redacted\]/);
  });

  it('replaces short secrets only as whole words', () => {
    assert.equal(scrubOutput('secret ab in tab', { secrets: [secret('ab')] }), 'secret [redacted] in tab');
  });

  it('removes credential-looking things it was not told about', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXZhbHVl';
    const text = `{"password": "x\\"y", "auth":"YWxpY2U6cHc="} Authorization: Bearer abc.def-ghi ${jwt} tok=ghp_Zk3xR9vQ2mL7pW4tY8nB1cD6fH0jS5aE`;
    const scrubbed = scrubOutput(text, none);
    assert.equal(
      scrubbed,
      '{"password": "[redacted]", "auth":"[redacted]"} Authorization: Bearer [redacted] [redacted] tok=[redacted]',
    );
  });

  it('keeps ordinary diagnostics readable', () => {
    const text =
      'exit status 1: Error: docker-credential-helpers/bG9jYWxob3N0OjUwMDA= is not in the password store.\n' +
      'gpg: decryption failed: No secret key 32046D88CF80832A07D06ACF18072DFC382ACB98 /usr/local/bin/docker-credential-pass';
    assert.equal(scrubOutput(text, none), text);
  });

  it('escaped, partial and Go-JSON-escaped forms: escaped key names, cut-off JSON, prose fields, a known secret cut short', () => {
    assert.equal(scrubOutput('{"\\u0070assword":"hunter2hunter2"}', none), '{"\\u0070assword":"[redacted]"}');
    assert.equal(scrubOutput('{"ServerURL":"r","Secret":"abcdefgh-cut-of', none), '{"ServerURL":"r","Secret":"[redacted]');
    assert.equal(scrubOutput('error: Secret: plainword, then password=another&x=1', none), 'error: Secret: [redacted], then password=[redacted]&x=1');
    const known = { secrets: [secret('p&ss<w>rd-long-known')] };
    assert.equal(scrubOutput('echo p\\u0026ss\\u003cw\\u003erd-long-known', known), 'echo [redacted]');
    assert.equal(scrubOutput('stream cut: p&ss<w>rd-lo', known), 'stream cut: [redacted]');
  });

  it('every secret this process has read is scrubbed, also when the caller did not pass it', () => {
    const fromConfig = new Secret('read-from-the-same-config');
    assert.equal(fromConfig.isEmpty, false);
    assert.equal(scrubOutput('helper echoed read-from-the-same-config and cmVhZC1mcm9tLXRoZS1zYW1lLWNvbmZpZw==', none), 'helper echoed [redacted] and [redacted]');
  });
});

