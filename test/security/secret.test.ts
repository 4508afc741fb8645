/** The Secret type: every accidental way of turning it into text yields "[redacted]". */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { format, inspect } from 'node:util';
import { secret } from '../../src/util/secret.js';
import { RegauthError } from '../../src/util/errors.js';

const VALUE = 'canary-secret-type-value';

test('no accidental conversion reveals a Secret', () => {
  const s = secret(VALUE);
  const holder = { password: s, nested: [s, { token: s }] };
  const texts = [
    String(s),
    `${s}`,
    'x' + s,
    JSON.stringify(holder),
    inspect(holder, { depth: 10, showHidden: true }),
    format('%s %o %O %j', s, holder, holder, holder),
    JSON.stringify({ ...s }),
    JSON.stringify(Object.entries(s)),
    JSON.stringify(structuredClone({ password: s })),
    new RegauthError('E_INTERNAL', `failed with ${s}`).message,
    JSON.stringify(new RegauthError('E_AUTH_DECODE', `bad ${s}`, { hint: `${s}` })),
  ];
  for (const text of texts) assert.ok(!text.includes(VALUE), `revealed in: ${text}`);
  assert.equal(s.reveal(), VALUE);
});
