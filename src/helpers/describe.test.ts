import assert from 'node:assert/strict';
import { it } from 'node:test';

import { secret } from '../util/secret.js';
import { describeAnswer } from './describe.js';

const query = { helper: 'pass', serverURL: 'https://index.docker.io/v1/' };

it('describes each answer for people, without the secret', () => {
  const found = describeAnswer(query, { kind: 'found', serverURL: query.serverURL, username: 'alice', secret: secret('pw-123'), isIdentityToken: false });
  assert.equal(found.outcome, 'matched');
  assert.equal(found.tried, 'docker-credential-pass get "https://index.docker.io/v1/"');
  assert.ok(!JSON.stringify(found).includes('pw-123'));
  assert.equal(describeAnswer(query, { kind: 'not-found' }).outcome, 'missing');
  assert.match(describeAnswer(query, { kind: 'not-found', emptyReply: true }).why, /empty username and secret/);
  assert.equal(
    describeAnswer(query, { kind: 'missing', binary: 'docker-credential-pass', searched: ['/usr/bin', '/bin'] }).why,
    'docker-credential-pass is not on PATH (searched: /usr/bin, /bin)',
  );
  assert.equal(describeAnswer(query, { kind: 'timeout', afterMs: 5000 }).outcome, 'error');
});
