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
    assert.deepEqual(decodeKubeletAuth(b64('u:p')), { ok: true, username: 'u', password: 'p' });
    assert.deepEqual(decodeKubeletAuth('dTpwYQ'), { ok: true, username: 'u', password: 'pa' });
    assert.deepEqual(decodeKubeletAuth(b64('nocolon')), { ok: false, error: KUBELET_AUTH_FORMAT_ERROR });
    const view = pullSecret(JSON.stringify({ auths: { a: { auth: b64('u:p') }, b: { auth: b64('nocolon') } } }));
    assert.equal(view.parseError?.message, KUBELET_AUTH_FORMAT_ERROR);
  });

  it('YAML is refused with a clear message', () => {
    const view = pullSecret('apiVersion: v1\nkind: Secret\n');
    assert.ok(view.parseError?.message.includes('kubectl get secret'));
  });
});
