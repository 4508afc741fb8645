import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { goBase64Decode } from './go-base64.js';

function errorAt(input: string, padded = true): number | null {
  const result = goBase64Decode(input, { padded });
  return result.ok ? null : result.offset;
}

describe('go-base64', () => {
  it('decodes padded input and skips CR/LF anywhere', () => {
    const result = goBase64Decode('dXNl\r\ncjpw\nYXNz');
    assert.ok(result.ok);
    assert.equal(Buffer.from(result.bytes).toString(), 'user:pass');
  });

  it('reports the offsets Go reports', () => {
    assert.equal(errorAt('!!'), 0); // docker 28.2.2: illegal base64 data at input byte 0
    assert.equal(errorAt('YWJ'), 0); // incomplete quantum at the end: start of the quantum
    assert.equal(errorAt('YWJjZA'), 4);
    assert.equal(errorAt('YQ=='), null);
    assert.equal(errorAt('YQ='), 3); // not enough padding
    assert.equal(errorAt('YQ==YQ=='), 4); // data after padding
    assert.equal(errorAt('Y==='), 1);
    assert.equal(errorAt('YW=j'), 2);
    assert.equal(errorAt('YWJj é'), 4);
    assert.equal(errorAt('dXNlcjpwYXNz '), 12);
  });

  it('raw (unpadded) decoding as RawStdEncoding', () => {
    assert.equal(errorAt('YQ', false), null);
    assert.equal(errorAt('YQ==', false), 2);
    assert.equal(errorAt('Y', false), 0);
  });

  it('agrees with Buffer on valid padded input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 50 }), (bytes) => {
        const result = goBase64Decode(Buffer.from(bytes).toString('base64'));
        return result.ok && Buffer.from(result.bytes).equals(Buffer.from(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it('decodes well-formed padded input the same way with and without the byte-by-byte walk', () => {
    // a line break (skipped by Go) sends the same text through the byte-by-byte decoder
    const chars = fc.constantFrom(...'AZaz09+/=!-_'.split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 24 }), (list) => {
        const input = list.join('');
        const walked = goBase64Decode(`${input}\n`);
        const direct = goBase64Decode(input);
        if (walked.ok && direct.ok) assert.deepEqual(direct.bytes, walked.bytes);
        else assert.equal(direct.ok, walked.ok);
      }),
      { numRuns: 2000 },
    );
  });
});
