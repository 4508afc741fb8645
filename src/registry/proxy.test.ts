import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseProxy, describeProxy, proxySettingsFromEnv } from './proxy.js';

const settings = proxySettingsFromEnv({ HTTPS_PROXY: 'http://user:pw@proxy:3128', http_proxy: 'http://p2:80', NO_PROXY: 'corp.example,.internal,10.0.0.0/8,reg.lan:5000' })!;

test('environment: upper case wins, lower case is read', () => {
  assert.equal(settings.httpsProxy, 'http://user:pw@proxy:3128');
  assert.equal(settings.httpProxy, 'http://p2:80');
  assert.equal(proxySettingsFromEnv({}), null);
});

const cases: Array<[string, string | null]> = [
  ['https://registry-1.docker.io/v2/', 'http://user:pw@proxy:3128'],
  ['http://registry.example/v2/', 'http://p2:80'],
  ['https://corp.example/v2/', null],
  ['https://a.corp.example/v2/', null],
  ['https://x.internal/v2/', null],
  ['https://10.2.3.4/v2/', null],
  ['https://reg.lan:5000/v2/', null],
  ['https://reg.lan:5001/v2/', 'http://user:pw@proxy:3128'],
  ['http://127.0.0.1:5000/v2/', null],
  ['http://localhost:5000/v2/', null],
];
for (const [url, expected] of cases) {
  test(`chooseProxy ${url}`, () => assert.equal(chooseProxy(new URL(url), settings).proxy, expected));
}

test('NO_PROXY=* disables proxying', () => {
  const all = proxySettingsFromEnv({ HTTPS_PROXY: 'http://p', NO_PROXY: '*' });
  assert.equal(chooseProxy(new URL('https://anything/'), all).proxy, null);
});

test('proxy user information never reaches the trace', () => {
  assert.equal(describeProxy('http://user:pw@proxy:3128'), 'http://proxy:3128');
});
