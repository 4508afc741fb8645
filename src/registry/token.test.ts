import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Secret } from '../util/secret.js';
import { buildOAuthForm, buildTokenUrl, parseTokenBody } from './token.js';

const input = {
  realm: 'https://auth.docker.io/token?x=1',
  service: 'registry.docker.io',
  scopes: ['repository:alice/app:pull,push', 'repository:bob/base:pull'],
  account: 'alice',
  clientId: 'regauth',
  offlineToken: true,
};

test('GET token URL: repeated scope, account, client_id, offline_token, existing query kept', () => {
  const url = buildTokenUrl(input);
  assert.equal(url.origin + url.pathname, 'https://auth.docker.io/token');
  assert.equal(url.searchParams.get('x'), '1');
  assert.equal(url.searchParams.get('service'), 'registry.docker.io');
  assert.deepEqual(url.searchParams.getAll('scope'), input.scopes);
  assert.equal(url.searchParams.get('account'), 'alice');
  assert.equal(url.searchParams.get('client_id'), 'regauth');
  assert.equal(url.searchParams.get('offline_token'), 'true');
});

test('scope-less login token has no scope parameter', () => {
  const url = buildTokenUrl({ ...input, scopes: [], account: null, offlineToken: false });
  assert.equal(url.searchParams.has('scope'), false);
  assert.equal(url.searchParams.has('account'), false);
  assert.equal(url.searchParams.has('offline_token'), false);
});

test('OAuth2 form: refresh token grant, one space-joined scope, secret stays wrapped', () => {
  const form = buildOAuthForm(input, new Secret('refresh-me'));
  assert.equal(String(form), '[redacted]');
  const params = new URLSearchParams(form.reveal());
  assert.equal(params.get('grant_type'), 'refresh_token');
  assert.equal(params.get('refresh_token'), 'refresh-me');
  assert.equal(params.get('scope'), input.scopes.join(' '));
  assert.equal(params.get('client_id'), 'regauth');
  assert.equal(params.get('service'), 'registry.docker.io');
});

test('token bodies: access_token preferred, expiry clamped, refresh token kept secret', () => {
  const body = parseTokenBody('{"token":"t1","access_token":"t2","expires_in":10,"issued_at":"2024-01-01T00:00:00Z","refresh_token":"r"}')!;
  assert.equal(body.token.reveal(), 't2');
  assert.equal(body.expiresIn, 60);
  assert.equal(body.issuedAt, '2024-01-01T00:00:00Z');
  assert.equal(body.refreshToken?.reveal(), 'r');
  assert.equal(JSON.stringify(body).includes('t2'), false);
  assert.equal(parseTokenBody('{"token":"only"}')!.token.reveal(), 'only');
  assert.equal(parseTokenBody('{"details":"no"}'), null);
  assert.equal(parseTokenBody('<html>'), null);
  assert.equal(parseTokenBody('null'), null);
});
