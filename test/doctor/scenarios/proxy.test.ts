import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { regauth } from '../../cli/support.js';
import { closedPort, startConnectProxy } from '../../testbed/connect-proxy.js';
import { assertDockerSends, doctor, expectFinding, expectNoFinding, inspect, place, runAdvised, scenarioTestbed } from './support.js';

/** An HTTPS proxy between the clients and the registry: doctor (online) names the proxy, not the registry. */
const testbed = scenarioTestbed();
after(() => testbed.close());

const IMAGE = 'myreg.example.com/app';

test('HTTPS_PROXY names a proxy that is not listening: the proxy is named; the advised NO_PROXY lets Docker reach the registry', async () => {
  const dir = testbed.tempDir('proxy-refused');
  const config = place(testbed, 'world-readable.json', dir);
  const env = { HTTPS_PROXY: `http://127.0.0.1:${await closedPort()}` };
  const found = expectFinding(await doctor({ config, env, offline: false, args: [IMAGE] }), 'proxy-refused', config, 3);
  assert.match(found.detail, new RegExp(`the proxy ${env.HTTPS_PROXY.replace(/\./g, '\\.')} .*connection-refused`));
  const before = await inspect(testbed, 'myreg', dir, { env });
  assert.notEqual(before.code, 0);
  assert.match(before.stderr, /proxyconnect tcp: .*connection refused/);
  const exported = await runAdvised(testbed, `${(found.command ?? '').replace(/#.*$/, '')} && printf '%s' "$NO_PROXY"`, env);
  assert.equal(exported.stdout, 'myreg.example.com');
  const fixedEnv = { ...env, NO_PROXY: exported.stdout };
  expectNoFinding(await doctor({ config, env: fixedEnv, offline: false, args: [IMAGE] }), 'proxy-refused');
  await assertDockerSends(testbed, 'myreg', dir, 'alice', { env: fixedEnv });
});

test('a proxy that wants credentials (407): the proxy is named; with user:password@ in HTTPS_PROXY Docker goes through it', async () => {
  const proxy = await startConnectProxy({ credentials: { user: 'proxyuser', password: 'proxy-pa55' } });
  try {
    const dir = testbed.tempDir('proxy-407');
    const config = place(testbed, 'world-readable.json', dir);
    const env = { HTTPS_PROXY: proxy.url };
    const found = expectFinding(await doctor({ config, env, offline: false, args: [IMAGE] }), 'proxy-refused', config, 3);
    assert.match(found.detail, /407 Proxy Authentication Required/);
    const before = await inspect(testbed, 'myreg', dir, { env });
    assert.notEqual(before.code, 0);
    assert.match(before.stderr, /Proxy Authentication Required/);
    const withCredentials = { HTTPS_PROXY: proxy.url.replace('http://', 'http://proxyuser:proxy-pa55@') };
    expectNoFinding(await doctor({ config, env: withCredentials, offline: false, args: [IMAGE] }), 'proxy-refused');
    assert.ok(!JSON.stringify(found).includes('proxy-pa55'));
    await assertDockerSends(testbed, 'myreg', dir, 'alice', { env: withCredentials });
    assert.ok(proxy.connects.some((record) => record.target === 'myreg.example.com:443' && record.allowed), JSON.stringify(proxy.connects));
  } finally {
    await proxy.close();
  }
});

test('the "proxies" section of config.json is for containers: Docker 28 and 20.10 reach the registry directly, and so does check', async () => {
  const proxy = await startConnectProxy();
  try {
    const dir = testbed.tempDir('config-proxies');
    const config = place(testbed, 'world-readable.json', dir);
    const text = JSON.parse(readFileSync(config, 'utf8')) as Record<string, unknown>;
    writeFileSync(config, JSON.stringify({ ...text, proxies: { default: { httpsProxy: proxy.url, httpProxy: proxy.url } } }), { mode: 0o600 });
    for (const dockerBin of [testbed.bins.docker, testbed.bins.docker20]) await assertDockerSends(testbed, 'myreg', dir, 'alice', { dockerBin });
    const checked = await regauth(['check', IMAGE, '--config', config, '--json'], { env: {} });
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
    assert.equal((JSON.parse(checked.stdout) as { pull: string }).pull, 'granted');
    assert.equal(proxy.connects.length, 0, `nothing goes through the proxy of config.json: ${JSON.stringify(proxy.connects)}`);
    // the environment's proxy is the one every client takes
    const env = { HTTPS_PROXY: proxy.url };
    await assertDockerSends(testbed, 'myreg', dir, 'alice', { env });
    const byDocker = proxy.connects.length;
    assert.ok(byDocker > 0, 'Docker takes the proxy of HTTPS_PROXY');
    const throughEnv = await regauth(['check', IMAGE, '--config', config, '--json'], { env });
    assert.equal(throughEnv.code, 0, throughEnv.stdout + throughEnv.stderr);
    assert.ok(proxy.connects.length > byDocker, 'check takes the proxy of HTTPS_PROXY');
    assert.ok(proxy.connects.every((record) => record.target === 'myreg.example.com:443'), JSON.stringify(proxy.connects));
  } finally {
    await proxy.close();
  }
});
