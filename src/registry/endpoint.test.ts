import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cidrContains, isLoopbackHost, mayCarryCredentials, registryHost, resolveEndpoints, splitHostPort } from './endpoint.js';

test('Docker Hub names map to registry-1.docker.io over https only', () => {
  for (const name of ['docker.io', 'index.docker.io']) {
    const plan = resolveEndpoints({ registry: name, insecureFlag: true });
    assert.deepEqual(plan.endpoints.map((e) => e.url), ['https://registry-1.docker.io']);
    assert.equal(plan.endpoints[0]?.verifyTls, true);
    assert.equal(registryHost(name), 'registry-1.docker.io');
  }
});

test('a secure registry gets one verified https endpoint', () => {
  const plan = resolveEndpoints({ registry: 'myreg.example.com:5000' });
  assert.deepEqual(plan.endpoints, [{ url: 'https://myreg.example.com:5000', scheme: 'https', host: 'myreg.example.com:5000', verifyTls: true }]);
  assert.equal(plan.insecure, false);
  assert.equal(plan.trace.length, 1);
});

const insecureCases: Array<[string, Parameters<typeof resolveEndpoints>[0]]> = [
  ['loopback IP', { registry: '127.0.0.1:5001' }],
  ['localhost', { registry: 'localhost:5001' }],
  ['IPv6 loopback', { registry: '[::1]:5000' }],
  ['listed host:port', { registry: 'reg.lan:5000', insecureRegistries: ['reg.lan:5000'] }],
  ['listed with scheme prefix', { registry: 'reg.lan', insecureRegistries: ['http://reg.lan'] }],
  ['CIDR of a literal IP', { registry: '10.1.2.3:5000', insecureRegistries: ['10.0.0.0/8'] }],
  ['CIDR of a resolved address', { registry: 'reg.lan', insecureRegistries: ['192.168.0.0/16'], resolvedAddresses: ['192.168.4.4'] }],
  ['--insecure', { registry: 'reg.lan', insecureFlag: true }],
];
for (const [name, input] of insecureCases) {
  test(`insecure registry (${name}): https without verification, then http`, () => {
    const plan = resolveEndpoints(input);
    assert.equal(plan.insecure, true);
    assert.deepEqual(plan.endpoints.map((e) => [e.scheme, e.verifyTls]), [['https', false], ['http', false]]);
  });
}

test('listed host without the port does not match host:port (Docker compares the whole name)', () => {
  assert.equal(resolveEndpoints({ registry: 'reg.lan:5000', insecureRegistries: ['reg.lan'] }).insecure, false);
});

test('host/port splitting and CIDR matching', () => {
  assert.deepEqual(splitHostPort('[::1]:5000'), { hostname: '::1', port: '5000' });
  assert.deepEqual(splitHostPort('::1'), { hostname: '::1', port: null });
  assert.deepEqual(splitHostPort('a.b:80'), { hostname: 'a.b', port: '80' });
  assert.equal(cidrContains('127.0.0.0/8', '127.9.9.9'), true);
  assert.equal(cidrContains('10.0.0.0/8', '11.0.0.1'), false);
  assert.equal(cidrContains('fd00::/8', 'fd12::1'), true);
  assert.equal(cidrContains('::1/128', '::1'), true);
  assert.equal(cidrContains('10.0.0.0/8', '::1'), false);
  assert.equal(isLoopbackHost('localhost:5000'), true);
  assert.equal(isLoopbackHost('128.0.0.1'), false);
});

test('credentials: https anywhere, plain http only on loopback and to the registry host', () => {
  const registry = 'localhost:5001';
  assert.equal(mayCarryCredentials(new URL('https://auth.docker.io/token'), 'registry-1.docker.io').allowed, true);
  assert.equal(mayCarryCredentials(new URL('http://localhost:5001/v2/'), registry).allowed, true);
  assert.equal(mayCarryCredentials(new URL('http://127.0.0.1:9999/token'), '127.0.0.1:5001').allowed, true);
  assert.equal(mayCarryCredentials(new URL('http://reg.lan:5000/v2/'), 'reg.lan:5000').allowed, false);
  assert.equal(mayCarryCredentials(new URL('http://auth.example/token'), 'reg.example').allowed, false);
  assert.equal(mayCarryCredentials(new URL('http://[::1]:80/token'), 'localhost:5001').allowed, true);
});
