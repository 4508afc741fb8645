import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { containersLoginKey, kubeletParseKey, kubeletParseKeyAsUrl } from './keys.js';

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

describe('keys: containersLoginKey', () => {
  it('reduces an http(s) URL to url.URL.Host and keeps any other text, the Hub spellings included', () => {
    const cases: Array<[string, string]> = [
      ['https://index.docker.io/v1/', 'index.docker.io'],
      ['http://reg.example/ns', 'reg.example'],
      ['https://localhost:5000/v2/', 'localhost:5000'],
      ['https://[::1]:5000', '[::1]:5000'],
      ['https://[::1]/x', '[::1]'],
      ['index.docker.io', 'index.docker.io'],
      ['docker.io', 'docker.io'],
    ];
    assert.deepEqual(cases.map(([typed]) => [typed, containersLoginKey(typed)]), cases);
  });
});
