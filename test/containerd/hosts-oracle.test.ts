import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HOSTS_ORACLES, type HostsCase, compareWithOracle, tally } from './hosts-support.js';

/**
 * containerd's own ConfigureHosts (remotes/docker/config, built from containerd 1.7, 2.0, 2.1, 2.2
 * and 2.3 by test/oracles/containerd-hosts-*) against `resolve --client containerd`: for each case — a
 * `config_path` tree of hosts.toml files and a registry — the hosts in order, with scheme, host,
 * API path, capabilities, the static headers and the TLS of each host's client.
 */

const cases: HostsCase[] = [
  { name: 'no directory: the default host', registry: 'myreg.example.com', files: {} },
  { name: 'no directory: Docker Hub is registry-1.docker.io', registry: 'docker.io', files: {} },
  { name: 'localhost with a port', registry: 'localhost:5001', files: {} },
  { name: 'localhost on port 80', registry: 'localhost:80', files: {} },
  { name: 'a directory without hosts.toml', registry: 'myreg.example.com', files: { 'a/myreg.example.com': null } },
  {
    name: 'a mirror before the server',
    registry: 'docker.io',
    files: { 'a/docker.io/hosts.toml': 'server = "https://registry-1.docker.io"\n\n[host."https://mirror.example.com:5000"]\n  capabilities = ["pull", "resolve"]\n' },
  },
  {
    name: 'hosts in file order, the server last',
    registry: 'docker.io',
    files: { 'a/docker.io/hosts.toml': '[host."https://b.example.com"]\n  capabilities = ["pull"]\n[host."https://a.example.com"]\n  capabilities = ["resolve", "PULL"]\n' },
  },
  { name: 'host:port looked up as host_port_', registry: 'myreg.example.com:5000', files: { 'a/myreg.example.com_5000_/hosts.toml': '[host."https://one.example.com"]\n' } },
  { name: 'host:port looked up as written', registry: 'myreg.example.com:5000', files: { 'a/myreg.example.com:5000/hosts.toml': '[host."https://two.example.com"]\n' } },
  { name: 'the _default directory', registry: 'other.example.com', files: { 'a/_default/hosts.toml': '[host."https://cache.example.com"]\n  capabilities = ["pull", "resolve"]\n' } },
  {
    name: 'the first root with a directory wins',
    registry: 'other.example.com',
    roots: ['a', 'b'],
    files: { 'a/unrelated/hosts.toml': '[host."https://x.example.com"]\n', 'b/other.example.com/hosts.toml': '[host."https://y.example.com"]\n' },
  },
  { name: 'a server without scheme, with a port', registry: 'myreg.example.com', files: { 'a/myreg.example.com/hosts.toml': 'server = "mirror.local:5000"\n' } },
  { name: 'a server with a path gets /v2 added', registry: 'myreg.example.com', files: { 'a/myreg.example.com/hosts.toml': 'server = "https://proxy.example.com/cache/"\n' } },
  {
    name: 'override_path keeps the path',
    registry: 'myreg.example.com',
    files: { 'a/myreg.example.com/hosts.toml': 'server = "https://proxy.example.com/api/v2/registry"\noverride_path = true\n\n[host."https://other.example.com/v2"]\n' },
  },
  { name: 'plain http stays http', registry: 'myreg.example.com', files: { 'a/myreg.example.com/hosts.toml': '[host."http://plain.example.com:5000"]\n' } },
  { name: 'plain http with TLS settings is tried over https', registry: 'myreg.example.com', files: { 'a/myreg.example.com/hosts.toml': '[host."http://plain.example.com:5000"]\n  skip_verify = true\n' } },
  { name: 'plain http on port 80 with TLS settings stays http', registry: 'myreg.example.com', files: { 'a/myreg.example.com/hosts.toml': '[host."http://plain.example.com:80"]\n  skip_verify = false\n' } },
  { name: 'top-level capabilities do not reach the default host', registry: 'myreg.example.com', files: { 'a/myreg.example.com/hosts.toml': 'capabilities = ["pull"]\n\n[host."https://m.example.com"]\n' } },
  {
    name: 'a static Authorization header',
    registry: 'myreg.example.com',
    files: { 'a/myreg.example.com/hosts.toml': '[host."https://m.example.com"]\n  capabilities = ["pull", "resolve"]\n  [host."https://m.example.com".header]\n    authorization = ["Basic YTpi"]\n    x-other = "1"\n' },
  },
  { name: 'a header at the top level goes to the default host', registry: 'myreg.example.com', files: { 'a/myreg.example.com/hosts.toml': '[header]\n  Authorization = "Bearer abc"\n' } },
  { name: 'the referrers capability', registry: 'myreg.example.com', files: { 'a/myreg.example.com/hosts.toml': '[host."https://m.example.com"]\n  capabilities = ["pull", "resolve", "referrers"]\n' } },
  { name: 'referrers only: the host is not tried for the manifest', registry: 'docker.io', files: { 'a/docker.io/hosts.toml': '[host."https://r.example.com"]\n  capabilities = ["Referrers"]\n' } },
  { name: 'referrers on the server', registry: 'myreg.example.com', files: { 'a/myreg.example.com/hosts.toml': 'server = "https://s.example.com"\ncapabilities = ["resolve", "referrers"]\n\n[host."https://m.example.com"]\n  capabilities = ["pull"]\n' } },
  { name: 'the _default directory with referrers', registry: 'other.example.com', files: { 'a/_default/hosts.toml': '[host."https://cache.example.com"]\n  capabilities = ["pull", "resolve", "referrers"]\n' } },
  { name: 'an unknown capability: the file is ignored', registry: 'myreg.example.com', files: { 'a/myreg.example.com/hosts.toml': '[host."https://m.example.com"]\n  capabilities = ["pull", "fetch"]\n' } },
  { name: 'broken TOML: the file is ignored', registry: 'myreg.example.com', files: { 'a/myreg.example.com/hosts.toml': '[host."https://m.example.com"\n' } },
  { name: 'a wrong type: the file is ignored', registry: 'myreg.example.com', files: { 'a/myreg.example.com/hosts.toml': 'server = "https://s.example.com"\n[host."https://m.example.com"]\n  skip_verify = "yes"\n' } },
  { name: 'a server only', registry: 'myreg.example.com', files: { 'a/myreg.example.com/hosts.toml': 'server = "https://only.example.com"\n' } },
];

for (const [oracle, release] of HOSTS_ORACLES) {
  test(`containerd ${release} ConfigureHosts: ${cases.length} hosts.toml layouts`, () => compareWithOracle(cases, oracle, release));
}

test('containerd hosts: every case was compared', () => {
  process.stderr.write(`containerd ConfigureHosts comparisons: ${tally.pass} agree, ${tally.fail} differ\n`);
  assert.equal(tally.pass + tally.fail, cases.length * HOSTS_ORACLES.length);
});
