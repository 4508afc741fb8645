import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { kubeletParseKey, kubeletParseKeyAsUrl } from './keys.js';

describe('keys: kubeletParseKey', () => {
  it('reads a bare host[:port] as url.Parse does, without parsing it', () => {
    const bare = fc.stringMatching(/^[A-Za-z0-9.-]{1,12}(:[0-9]{1,6})?$/);
    fc.assert(
      fc.property(fc.oneof(bare, fc.string({ unit: fc.constantFrom(...'aZ09.-:/[]@%*_'), maxLength: 14 })), (key) => {
        assert.deepEqual(kubeletParseKey(key), kubeletParseKeyAsUrl(key));
      }),
      { numRuns: 3000 },
    );
  });
});
