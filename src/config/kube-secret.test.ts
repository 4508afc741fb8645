import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeKubeletAuth, decodeKubeletSecret, KUBELET_AUTH_FORMAT_ERROR } from './kube-secret.js';
import { b64, textFile } from './test-support.js';

const pullSecret = (text: string) => decodeKubeletSecret(textFile(text, 'pull-secret', '/secrets/pull.json'));

describe('kube-secret', () => {
  it('raw .dockerconfigjson: auth overrides, identitytoken ignored with a warning', () => {
    const view = pullSecret(JSON.stringify({ auths: { 'reg.example': { auth: b64('u:p'), username: 'x', identitytoken: 't' } } }));
    assert.equal(view.shape, 'dockerconfigjson');
    assert.equal(view.parseError, null);
    assert.equal(view.auths[0]?.username, 'u');
    assert.equal(view.auths[0]?.password.reveal(), 'p');
    const ids = view.warnings.map((warning) => warning.id).sort();
    assert.deepEqual(ids, ['kubelet.auth-username-conflict', 'kubelet.unknown-field']);
  });

  it('raw .dockercfg flat map; empty username allowed', () => {
    const view = pullSecret(JSON.stringify({ 'reg.example': { auth: b64(':p') } }));
    assert.equal(view.shape, 'dockercfg');
    assert.equal(view.parseError, null);
    assert.equal(view.auths[0]?.username, '');
  });

  it('Secret manifest with data (base64) or stringData (which wins)', () => {
    const content = JSON.stringify({ auths: { 'reg.example': { auth: b64('fromdata:p') } } });
    const manifest = {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': b64(content) },
    };
    const view = pullSecret(JSON.stringify(manifest));
    assert.equal(view.shape, 'manifest');
    assert.equal(view.auths[0]?.username, 'fromdata');
    const withString = pullSecret(
      JSON.stringify({ ...manifest, stringData: { '.dockerconfigjson': JSON.stringify({ auths: { r: { username: 'fromstring', password: 'p' } } }) } }),
    );
    assert.equal(withString.auths[0]?.username, 'fromstring');
    const wrongType = pullSecret(JSON.stringify({ ...manifest, type: 'Opaque' }));
    assert.equal(wrongType.auths.length, 0);
    assert.ok(wrongType.warnings.some((warning) => warning.id === 'kubelet.secret-type-ignored'));
  });

  it('decode rules: padded when it ends in "=", raw otherwise; no colon is an error that fails the keyring', () => {
    const reading = (field: string) => {
      const result = decodeKubeletAuth(field);
      return result.ok ? { ok: true, username: result.username, password: result.password.reveal() } : result;
    };
    assert.deepEqual(reading(b64('u:p')), { ok: true, username: 'u', password: 'p' });
    assert.deepEqual(reading('dTpwYQ'), { ok: true, username: 'u', password: 'pa' });
    assert.deepEqual(decodeKubeletAuth(b64('nocolon')), { ok: false, error: KUBELET_AUTH_FORMAT_ERROR });
    const view = pullSecret(JSON.stringify({ auths: { a: { auth: b64('u:p') }, b: { auth: b64('nocolon') } } }));
    assert.equal(view.parseError?.message, KUBELET_AUTH_FORMAT_ERROR);
  });

  it('YAML manifests as kubectl prints them: data, stringData, multiple documents, Lists; errors with line:column', () => {
    const content = JSON.stringify({ auths: { 'reg.example': { auth: b64('yamluser:p') } } });
    const yaml = `apiVersion: v1\ndata:\n  .dockerconfigjson: ${b64(content)}\nkind: Secret\nmetadata:\n  name: regcred\ntype: kubernetes.io/dockerconfigjson\n`;
    const one = pullSecret(yaml);
    assert.equal(one.parseError, null);
    assert.equal(one.shape, 'manifest');
    assert.equal(one.auths[0]?.username, 'yamluser');
    assert.equal(one.auths[0]?.keyPos.line, 3);
    const stringData = pullSecret(`kind: Secret\ntype: kubernetes.io/dockerconfigjson\nstringData:\n  .dockerconfigjson: |\n    {"auths": {"r.example": {"username": "s", "password": "p"}}}\n`);
    assert.equal(stringData.auths[0]?.username, 's');
    const two = pullSecret(`${yaml}---\n${yaml.replace(b64(content), b64(JSON.stringify({ auths: { 'other.example': { auth: b64('second:p') } } })))}`);
    assert.deepEqual(two.auths.map((entry) => entry.username), ['yamluser', 'second']);
    const list = pullSecret(`apiVersion: v1\nitems:\n- ${yaml.trimEnd().split('\n').join('\n  ')}\nkind: List\nmetadata:\n  resourceVersion: ""\n`);
    assert.deepEqual(list.auths.map((entry) => entry.username), ['yamluser']);
    const jsonList = pullSecret(JSON.stringify({ kind: 'List', items: [{ kind: 'Secret', type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64(content) } }] }));
    assert.deepEqual(jsonList.auths.map((entry) => entry.username), ['yamluser']);
    const broken = pullSecret('kind: Secret\ndata:\n\t.dockerconfigjson: x\n');
    assert.deepEqual([broken.parseError?.pos?.line, broken.parseError?.pos?.column], [3, 1]);
  });

  it('double base64 is named: in data, and in auth', () => {
    const content = JSON.stringify({ auths: { 'reg.example': { auth: b64('u:p') } } });
    const data = pullSecret(JSON.stringify({ kind: 'Secret', type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64(b64(content)) } }));
    assert.ok(data.parseError !== null);
    assert.ok(data.warnings.some((warning) => warning.id === 'kubelet.data-double-base64'));
    const auth = pullSecret(JSON.stringify({ auths: { 'reg.example': { auth: b64(b64('u:p')) } } }));
    assert.equal(auth.parseError?.message, KUBELET_AUTH_FORMAT_ERROR);
    assert.ok(auth.warnings.some((warning) => warning.id === 'kubelet.auth-double-base64'));
  });
});

it('an auth whose password is not UTF-8: the kubelet keeps the bytes (a Go string), and so does the secret', () => {
  const raw = Buffer.from([...Buffer.from('alice:pw-'), 0xff, 0xfe, 0x41]);
  const result = decodeKubeletAuth(raw.toString('base64'));
  assert.ok(result.ok);
  assert.equal(result.username, 'alice');
  assert.deepEqual(Buffer.from(result.password.bytes()), raw.subarray(6));
});
