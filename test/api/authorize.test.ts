import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { authorize, isRegauthError } from '../../src/index.js';
import { loadTestbed } from '../testbed/testbed.js';
import { issueUserTokens } from '../testbed/user-tokens.js';
import { authOf, homeWithDockerConfig } from '../cli/support.js';

/**
 * `authorize` against the testbed's offline Docker Hub (token auth: challenge, then the token
 * server) and its htpasswd registry (basic auth): a manifest fetch with the request it returns
 * succeeds, the same fetch without it is refused.
 */
const testbed = loadTestbed();
after(() => testbed.close());

const ACCEPT = 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json';
const HUB_MANIFEST = 'https://registry-1.docker.io/v2/alice/app/manifests/latest';
const MYREG_MANIFEST = 'https://myreg.example.com/v2/app/manifests/latest';

function envWith(config: unknown): NodeJS.ProcessEnv {
  const { home } = homeWithDockerConfig(testbed, JSON.stringify(config));
  return testbed.env({ HOME: home });
}

async function statusOf(request: Request): Promise<number> {
  const response = await fetch(request);
  await response.arrayBuffer();
  return response.status;
}

test('Hub (token auth): user and password from the Docker key → Bearer token; the manifest fetch succeeds, without authorize it is refused', async () => {
  const env = envWith({ auths: { 'https://index.docker.io/v1/': { auth: authOf(testbed, 'alice') } } });
  const plain = new Request(HUB_MANIFEST, { headers: { accept: ACCEPT } });
  assert.equal(await statusOf(plain), 401);
  const authorized = await authorize(plain, { env });
  assert.match(authorized.headers.get('authorization') ?? '', /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  assert.equal(authorized.headers.get('accept'), ACCEPT, 'the request keeps its own headers');
  assert.equal(await statusOf(authorized), 200);
});

test('Hub: an identity token (OAuth2 refresh grant) and a registry token both authorize the fetch', async () => {
  const tokens = (await issueUserTokens(testbed)).get('alice');
  assert.ok(tokens !== undefined);
  const viaIdentity = envWith({ auths: { 'https://index.docker.io/v1/': { identitytoken: tokens.refresh } } });
  assert.equal(await statusOf(await authorize(new Request(HUB_MANIFEST, { headers: { accept: ACCEPT } }), { env: viaIdentity })), 200);
  const viaRegistryToken = envWith({ auths: { 'https://index.docker.io/v1/': { registrytoken: tokens.registry } } });
  const authorized = await authorize(HUB_MANIFEST, { env: viaRegistryToken });
  assert.equal(authorized.headers.get('authorization'), `Bearer ${tokens.registry}`);
  assert.equal(await statusOf(authorized), 200);
});

test('Hub: the key Docker ignores ("docker.io") gives Docker no credentials, podman its own: authorize follows the client', async () => {
  const env = envWith({ auths: { 'docker.io': { auth: authOf(testbed, 'alice') } } });
  // anonymous pull token for docker: the public repository is readable either way, push scope is not granted
  const docker = await authorize(new Request(HUB_MANIFEST, { method: 'HEAD', headers: { accept: ACCEPT } }), { env });
  const podman = await authorize(new Request(HUB_MANIFEST, { method: 'HEAD', headers: { accept: ACCEPT } }), { env, client: 'podman' });
  const claims = (request: Request): { sub?: string } => JSON.parse(Buffer.from((request.headers.get('authorization') ?? '').split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: string };
  assert.equal(claims(docker).sub ?? '', '');
  assert.equal(claims(podman).sub, 'alice');
});

test('Hub: a wrong password is refused by the token server with E_AUTH_REFUSED', async () => {
  const env = envWith({ auths: { 'https://index.docker.io/v1/': { auth: Buffer.from('alice:wrong').toString('base64') } } });
  await assert.rejects(authorize(HUB_MANIFEST, { env }), (error) => isRegauthError(error) && error.code === 'E_AUTH_REFUSED');
});

test('htpasswd registry (basic auth): Basic credentials; the manifest fetch succeeds, without authorize it is refused', async () => {
  const env = envWith({ auths: { 'myreg.example.com': { auth: authOf(testbed, 'bob') } } });
  const plain = new Request(MYREG_MANIFEST, { headers: { accept: ACCEPT } });
  assert.equal(await statusOf(plain), 401);
  const authorized = await authorize(plain, { env });
  assert.equal(authorized.headers.get('authorization'), `Basic ${authOf(testbed, 'bob')}`);
  assert.equal(await statusOf(authorized), 200);
  // no credentials for the registry: the request comes back unchanged and is refused
  const none = await authorize(MYREG_MANIFEST, { env: envWith({ auths: {} }) });
  assert.equal(none.headers.get('authorization'), null);
  assert.equal(await statusOf(none), 401);
});
