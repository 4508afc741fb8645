import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { secret } from '../util/secret.js';
import { encodeStoreRequest, parseGetReply, parseListReply, stdinFor } from './protocol.js';

describe('encodeStoreRequest', () => {
  it('matches Go json.Encoder byte for byte', () => {
    assert.equal(
      encodeStoreRequest({ serverURL: 'https://index.docker.io/v1/', username: '<token>', secret: secret('x&y\u2028"\n') }),
      '{"ServerURL":"https://index.docker.io/v1/","Username":"\\u003ctoken\\u003e","Secret":"x\\u0026y\\u2028\\"\\n"}\n',
    );
  });

  it('round-trips any values and never contains raw <, > or &', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (serverURL, username, value) => {
        const encoded = encodeStoreRequest({ serverURL, username, secret: secret(value) });
        assert.ok(encoded.endsWith('\n'));
        assert.doesNotMatch(encoded, /[<>&\u2028\u2029]/);
        assert.deepEqual(JSON.parse(encoded), { ServerURL: serverURL, Username: username, Secret: value });
      }),
    );
  });

  it('stdinFor sends get/erase verbatim and list as "unused"', () => {
    assert.equal(stdinFor('get', ' reg.example.com\n'), ' reg.example.com\n');
    assert.equal(stdinFor('erase', 'r'), 'r');
    assert.equal(stdinFor('list', undefined), 'unused');
  });
});

describe('parseGetReply (Go decoding rules)', () => {
  const credentials = (stdout: string, requested = 'req') => {
    const reply = parseGetReply(stdout, requested);
    assert.equal(reply.kind, 'credentials', JSON.stringify(reply));
    return reply.kind === 'credentials' ? { serverURL: reply.serverURL, username: reply.username, secret: reply.secret.reveal() } : undefined;
  };

  it('matches field names case-insensitively, including Go\'s Unicode folds', () => {
    assert.deepEqual(credentials('{"SERVERURL":"a","userName":"u","secret":"s"}'), { serverURL: 'a', username: 'u', secret: 's' });
    assert.deepEqual(credentials('{"Username":"u","\u017fecret":"s"}'), { serverURL: 'req', username: 'u', secret: 's' });
  });

  it('later duplicates win, in source order', () => {
    assert.deepEqual(credentials('{"Username":"a","username":"b","Username":"c","Secret":"s"}'), { serverURL: 'req', username: 'c', secret: 's' });
  });

  it('ignores unknown fields, null values and anything after the first value', () => {
    assert.deepEqual(credentials('{"Username":"u","Secret":"s","Extra":[1,{}],"ServerURL":null}\n{"garbage'), {
      serverURL: 'req',
      username: 'u',
      secret: 's',
    });
  });

  it('an explicit empty ServerURL replaces the requested one', () => {
    assert.deepEqual(credentials('{"ServerURL":"","Username":"u","Secret":"s"}'), { serverURL: '', username: 'u', secret: 's' });
  });

  it('no username and no secret is an empty answer, as is null', () => {
    assert.equal(parseGetReply('{"ServerURL":"x"}', 'req').kind, 'empty');
    assert.equal(parseGetReply('null', 'req').kind, 'empty');
  });

  for (const bad of ['', '  \n', 'not json', '[]', '"s"', '{"Username":1}', '{"Username":"u",}', '{"Username":"u" // c\n}', '/* c */ {}', '{"Username":"u"']) {
    it(`rejects ${JSON.stringify(bad)}`, () => {
      assert.equal(parseGetReply(bad, 'req').kind, 'invalid');
    });
  }
});

describe('parseListReply', () => {
  it('reads server URL → username; null is an empty list', () => {
    const reply = parseListReply('{"a":"u1","b":"<token>"}\n');
    assert.equal(reply.kind, 'entries');
    if (reply.kind === 'entries') assert.deepEqual({ ...reply.entries }, { a: 'u1', b: '<token>' });
    const empty = parseListReply('null');
    assert.equal(empty.kind, 'entries');
    if (empty.kind === 'entries') assert.deepEqual({ ...empty.entries }, {});
  });

  it('keeps keys that would be special on a plain object', () => {
    const reply = parseListReply('{"__proto__":"u","constructor":"v"}');
    assert.equal(reply.kind, 'entries');
    if (reply.kind === 'entries') assert.deepEqual(Object.keys(reply.entries), ['__proto__', 'constructor']);
  });

  it('rejects non-string usernames and non-objects', () => {
    assert.equal(parseListReply('{"a":1}').kind, 'invalid');
    assert.equal(parseListReply('["a"]').kind, 'invalid');
  });
});
