/**
 * The offline Docker Hub: the token server's answers and the real registry's acceptance of
 * its tokens, including the OAuth2 paths (identity tokens) that Docker uses.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { basicAuthField, loadTestbed, writeJsonFile } from './testbed.js';
import { grantAccess, parseScope, splitScopeField } from './token-policy.js';

const testbed = loadTestbed();
const agent = new Agent({ connect: { ca: readFileSync(testbed.caCert, 'utf8') } });
const hub = testbed.registry('hub');
const { realm, service } = testbed.descriptor.tokenServer;

after(async () => {
  await agent.close();
  await testbed.close();
});

function basic(name: string, password: string): string {
  return `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;
}

async function getToken(query: Record<string, string | string[]>, authorization?: string) {
  const url = new URL(realm);
  for (const [name, value] of Object.entries(query)) for (const item of [value].flat()) url.searchParams.append(name, item);
  const response = await request(url, { dispatcher: agent, headers: authorization === undefined ? {} : { authorization } });
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
}

async function postToken(form: Record<string, string>) {
  const response = await request(realm, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
}

function claims(token: unknown): Record<string, unknown> {
  assert.equal(typeof token, 'string');
  const [, payload = ''] = (token as string).split('.');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function startUpload(repository: string, token: unknown): Promise<number> {
  const response = await request(`${hub.url}/v2/${repository}/blobs/uploads/`, {
    method: 'POST',
    dispatcher: agent,
    headers: { authorization: `Bearer ${String(token)}` },
  });
  await response.body.dump();
  return response.statusCode;
}

describe('token policy', () => {
  test('scope names may hold a port', () => {
    assert.deepEqual(parseScope('repository:localhost:5000/app:pull,push'), { type: 'repository', name: 'localhost:5000/app', actions: ['pull', 'push'] });
    assert.deepEqual(parseScope('repository(plugin):x/y:pull'), { type: 'repository', name: 'x/y', actions: ['pull'] });
    assert.equal(parseScope('nonsense'), undefined);
  });

  test('owners push to their namespace, everybody pulls, read-only users never push', () => {
    assert.deepEqual(grantAccess('alice', false, ['repository:alice/app:pull,push']), [{ type: 'repository', name: 'alice/app', actions: ['pull', 'push'] }]);
    assert.deepEqual(grantAccess('alice', false, ['repository:bob/tool:pull,push']), [{ type: 'repository', name: 'bob/tool', actions: ['pull'] }]);
    assert.deepEqual(grantAccess(null, false, ['repository:library/ubuntu:pull']), [{ type: 'repository', name: 'library/ubuntu', actions: ['pull'] }]);
    assert.deepEqual(grantAccess('reader', true, ['repository:reader/app:push']), []);
    assert.deepEqual(grantAccess('alice', false, ['registry:catalog:*']), []);
  });

  test('OAuth2 scope fields are space separated', () => {
    assert.deepEqual(splitScopeField(['repository:a:pull repository:b:push', 'repository:c:pull']), ['repository:a:pull', 'repository:b:push', 'repository:c:pull']);
  });
});

describe('token server', () => {
  test('GET with Basic auth: JWT claims as distribution expects, refresh token on offline_token', async () => {
    const alice = testbed.user('alice');
    const answer = await getToken(
      { service, scope: 'repository:alice/app:pull,push', account: 'alice', client_id: 'docker', offline_token: 'true' },
      basic(alice.name, alice.password),
    );
    assert.equal(answer.status, 200);
    assert.equal(answer.body['token'], answer.body['access_token']);
    assert.equal(answer.body['expires_in'], 300);
    assert.equal(typeof answer.body['issued_at'], 'string');
    assert.equal(typeof answer.body['refresh_token'], 'string');
    const body = claims(answer.body['token']);
    assert.equal(body['sub'], 'alice');
    assert.equal(body['aud'], service);
    assert.equal(body['iss'], testbed.descriptor.tokenServer.issuer);
    assert.deepEqual(body['access'], [{ type: 'repository', name: 'alice/app', actions: ['pull', 'push'] }]);
    assert.equal(await startUpload('alice/app', answer.body['token']), 202);
  });

  test('anonymous tokens pull but never push; wrong passwords get 401 with details', async () => {
    const anonymous = await getToken({ service, scope: 'repository:alice/app:pull,push' });
    assert.equal(anonymous.status, 200);
    assert.equal(claims(anonymous.body['token'])['sub'], '');
    assert.equal(await startUpload('alice/app', anonymous.body['token']), 401);
    const wrong = await getToken({ service, scope: 'repository:alice/app:pull' }, basic('alice', 'wrong'));
    assert.deepEqual(wrong, { status: 401, body: { details: 'incorrect username or password' } });
  });

  test('OAuth2 POST: password grant with access_type=offline, then refresh_token grant', async () => {
    const bob = testbed.user('bob');
    const first = await postToken({ grant_type: 'password', username: bob.name, password: bob.password, service, client_id: 'test', access_type: 'offline', scope: 'repository:bob/tool:pull,push' });
    assert.equal(first.status, 200);
    assert.equal(typeof first.body['refresh_token'], 'string');
    assert.equal(first.body['scope'], 'repository:bob/tool:pull,push');
    const second = await postToken({ grant_type: 'refresh_token', refresh_token: String(first.body['refresh_token']), service, client_id: 'test', scope: 'repository:bob/tool:pull,push' });
    assert.equal(second.status, 200);
    assert.equal(claims(second.body['access_token'])['sub'], 'bob');
    assert.equal(await startUpload('bob/tool', second.body['access_token']), 202);
    const bad = await postToken({ grant_type: 'refresh_token', refresh_token: 'nope', service, client_id: 'test' });
    assert.equal(bad.status, 401);
  });

  test('the request log names users and scopes, never passwords', async () => {
    const log = readFileSync(testbed.logs.tokenServer, 'utf8');
    for (const user of testbed.users) assert.ok(!log.includes(user.password), `password of ${user.name} in the log`);
    assert.match(log, /"user":"alice"/);
  });

  test('docker with an identity token uses the refresh_token grant and is seen as its user', async () => {
    const carol = testbed.user('carol');
    const login = await getToken({ service, offline_token: 'true', client_id: 'docker' }, basic(carol.name, carol.password));
    const configDir = testbed.tempDir('identity-token');
    writeJsonFile(configDir, 'config.json', {
      auths: { 'https://index.docker.io/v1/': { auth: basicAuthField({ ...carol, password: '' }), identitytoken: login.body['refresh_token'] } },
    });
    const seen = await testbed.usersSeen('hub', () => testbed.runDocker(['manifest', 'inspect', 'carol/none:latest'], { configDir }));
    // the repository does not exist; what matters is who asked
    assert.deepEqual(seen.users, ['carol'], seen.result.stderr);
  });
});
