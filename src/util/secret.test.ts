import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { basicAuthorization } from '../registry/credentials.js';
import { secret, secretFromBytes, secretsSeen } from './secret.js';

describe('secret', () => {
  it('remembers the 1,024 most recently held values, most recent last', () => {
    // the plain model: move a value to the end when seen again, drop the oldest beyond the bound
    const model: string[] = [];
    const hold = (value: string): void => {
      secret(value);
      if (value === '') return;
      const at = model.indexOf(value);
      if (at >= 0) model.splice(at, 1);
      model.push(value);
      if (model.length > 1024) model.shift();
    };
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1500 }), { minLength: 1, maxLength: 3000 }), (values) => {
        for (const value of values) hold(value === 0 ? '' : `value-${value}`);
        assert.deepEqual([...secretsSeen()], model);
      }),
      { numRuns: 30 },
    );
  });
});

// after the test above, which models every value held since the start
describe('secret from bytes', () => {
  it('keeps bytes that are not UTF-8 for what is sent, and shows U+FFFD for them', () => {
    const bytes = Uint8Array.from([0x70, 0x77, 0xff, 0xfe, 0x41]);
    const held = secretFromBytes(bytes);
    assert.equal(held.reveal(), 'pw\ufffd\ufffdA');
    assert.deepEqual([...held.bytes()], [...bytes]);
    // the Basic header carries the bytes as Go's string(bytes) keeps them
    const header = basicAuthorization('alice', held).reveal();
    assert.deepEqual([...Buffer.from(header.slice('Basic '.length), 'base64')], [...Buffer.from('alice:'), ...bytes]);
    // two different byte strings that show the same are different secrets
    assert.equal(held.equals(secretFromBytes(Uint8Array.from([0x70, 0x77, 0xfe, 0xff, 0x41]))), false);
    assert.equal(held.equals(secretFromBytes(bytes)), true);
    // UTF-8 keeps no second copy
    assert.deepEqual([...secretFromBytes(Buffer.from('pw-é')).bytes()], [...Buffer.from('pw-é')]);
    assert.equal(secretFromBytes(Buffer.from('pw-é')).equals(secret('pw-é')), true);
  });
});
