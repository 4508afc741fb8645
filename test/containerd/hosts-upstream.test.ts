import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePki } from '../registry/support/pki.js';
import { HOSTS_ORACLES, type HostsCase, type Pem, compareWithOracle, tally } from './hosts-support.js';

/**
 * The situations containerd's own tests of remotes/docker/config exercise (hosts_test.go:
 * TestDefaultHosts, TestParseHostFile, TestLoadCertFiles, TestHTTPFallback), each as a case of
 * our own — a `config_path` tree with real certificate files — compared with ConfigureHosts of
 * every pinned release: the hosts in order with capabilities, headers and TLS, or the error.
 */

const HOSTS = 'a/myreg.example.com/hosts.toml';
const DIR_OF = 'DIR/a/myreg.example.com';
const host = (text: string): Record<string, string> => ({ [HOSTS]: text });

const cases: HostsCase[] = [
  // TestDefaultHosts
  { name: 'docker.io: a hosts.toml without server keeps registry-1.docker.io last', registry: 'docker.io', files: { 'a/docker.io/hosts.toml': '[host."https://hub-cache.example.net"]\n  capabilities = ["pull"]\n' } },
  { name: 'docker.io: a top-level skip_verify reaches registry-1.docker.io', registry: 'docker.io', files: { 'a/docker.io/hosts.toml': 'skip_verify = true\n' } },

  // TestParseHostFile: every kind of setting in one file, in file order, the server last
  {
    name: 'a file of many hosts: ca as text and list, headers of one and many values, paths, plain http',
    registry: 'myreg.example.com',
    files: {
      'a/certs/one.pem': (pem) => pem.ca,
      'a/certs/two.pem': (pem) => pem.ca,
      [HOSTS]: [
        'server = "https://primary.example.org"',
        'ca = "DIR/a/certs/one.pem"',
        '[header]',
        '  x-tenant = "blue"',
        '',
        '[host."https://cache-a.example.org"]',
        '  capabilities = ["pull"]',
        '  ca = "DIR/a/certs/two.pem"',
        '  skip_verify = false',
        '  [host."https://cache-a.example.org".header]',
        '    x-route = ["east", "west"]',
        '',
        '[host."https://cache-b.example.org/eu"]',
        '  capabilities = ["pull"]',
        '  skip_verify = true',
        '',
        '[host."http://cache-a.example.org"]',
        '  capabilities = ["pull"]',
        '',
        '[host."https://cache-c.example.org"]',
        '  capabilities = ["pull", "resolve", "push"]',
        '  ca = ["DIR/a/certs/one.pem", "DIR/a/certs/two.pem"]',
        '',
      ].join('\n'),
    },
  },
  {
    name: 'client certificates: one file, a list of files, and pairs',
    registry: 'myreg.example.com',
    files: {
      'a/tls/both.pem': (pem) => pem.cert + pem.key,
      'a/tls/other-both.pem': (pem) => pem.cert + pem.key,
      'a/tls/user.crt': (pem) => pem.cert,
      'a/tls/user.key': (pem) => pem.key,
      [HOSTS]: [
        '[host."https://single.example.org"]',
        '  client = "DIR/a/tls/both.pem"',
        '[host."https://listed.example.org"]',
        '  client = ["DIR/a/tls/both.pem", "DIR/a/tls/other-both.pem"]',
        '[host."https://paired.example.org"]',
        '  capabilities = ["pull", "resolve"]',
        '  client = [["DIR/a/tls/user.crt", "DIR/a/tls/user.key"], ["DIR/a/tls/user.crt", "DIR/a/tls/both.pem"]]',
        '',
      ].join('\n'),
    },
  },
  {
    name: 'a client pair with an empty key names the host directory: loading fails',
    registry: 'myreg.example.com',
    files: { 'a/tls/both.pem': (pem) => pem.cert + pem.key, [HOSTS]: '[host."https://paired.example.org"]\n  client = [["DIR/a/tls/both.pem", ""]]\n' },
  },
  {
    name: 'relative ca and client paths are read from the host directory',
    registry: 'myreg.example.com',
    files: { 'a/myreg.example.com/ca.pem': (pem) => pem.ca, 'a/myreg.example.com/me.pem': (pem) => pem.cert + pem.key, [HOSTS]: '[host."https://rel.example.org"]\n  ca = "ca.pem"\n  client = "me.pem"\n' },
  },
  { name: 'capabilities without referrers next to the default ones', registry: 'myreg.example.com', files: host('[host."https://three.example.org"]\n  capabilities = ["pull", "resolve", "push"]\n[host."https://all.example.org"]\n') },
  { name: 'override_path keeps a path ending in more than /v2', registry: 'myreg.example.com', files: host('[host."https://odd.example.org/v2/team-prefix"]\n  capabilities = ["pull"]\n  override_path = true\n') },
  { name: 'override_path without a path: no API path at all', registry: 'myreg.example.com', files: host('[host."https://bare.example.org"]\n  override_path = true\n') },
  { name: 'a host defined only by its header table', registry: 'myreg.example.com', files: host('[host."https://first.example.org"]\n  capabilities = ["pull"]\n\n[host."https://hdr.example.org".header]\n  x-only = "yes"\n') },
  { name: 'an Authorization header among others, and an empty header list', registry: 'myreg.example.com', files: host('[host."https://hdr.example.org".header]\n  Authorization = ["Bearer tok-1", "Bearer tok-2"]\n  x-empty = []\n') },
  { name: 'an empty Authorization list sends nothing', registry: 'myreg.example.com', files: host('[host."https://hdr.example.org".header]\n  authorization = []\n') },
  { name: 'dial_timeout (2.0 and later read it; 1.7 does not know it)', registry: 'myreg.example.com', files: host('[host."https://slow.example.org"]\n  dial_timeout = "2m30s"\n') },
  { name: 'a dial_timeout that is no duration', registry: 'myreg.example.com', files: host('[host."https://slow.example.org"]\n  dial_timeout = "soon"\n') },
  { name: 'a dial_timeout that is a number', registry: 'myreg.example.com', files: host('[host."https://slow.example.org"]\n  dial_timeout = 30\n') },
  { name: 'client of a wrong type: the file is ignored', registry: 'myreg.example.com', files: host('[host."https://m.example.org"]\n  client = 5\n') },
  { name: 'a client pair of three files: the file is ignored', registry: 'myreg.example.com', files: host('[host."https://m.example.org"]\n  client = [["/x.crt", "/x.key", "/y.key"]]\n') },
  { name: 'a header of a wrong type: the file is ignored', registry: 'myreg.example.com', files: host('[host."https://m.example.org".header]\n  x-n = 7\n') },
  { name: 'a server with a space in its host name: the file is ignored', registry: 'myreg.example.com', files: host('server = "https://bad name.example.org"\n[host."https://m.example.org"]\n') },
  { name: 'a host with a port that is no number: the file is ignored', registry: 'myreg.example.com', files: host('[host."https://m.example.org:http"]\n') },
  { name: 'a server starting with "http" but without scheme, with a port: the file is ignored', registry: 'myreg.example.com', files: host('server = "http-cache.example.org:5000"\n') },
  { name: 'a server starting with "http" but without scheme: the default host stands in', registry: 'myreg.example.com', files: host('server = "httpcache.example.org"\ncapabilities = ["pull"]\n') },
  { name: 'an unclosed IPv6 host: the file is ignored', registry: 'myreg.example.com', files: host('[host."https://[fd00::1"]\n') },
  { name: 'an IPv6 mirror with a port', registry: 'myreg.example.com', files: host('[host."http://[fd00::1]:5000"]\n  skip_verify = true\n') },
  { name: 'a host path ending in a slash, and one with dot segments', registry: 'myreg.example.com', files: host('[host."https://p.example.org/v2/"]\n[host."https://q.example.org/a/../b/./"]\n') },
  { name: 'an upper-case scheme is not recognised as one', registry: 'myreg.example.com', files: host('[host."HTTPS://up.example.org"]\n') },
  { name: 'a server with user information', registry: 'myreg.example.com', files: host('server = "https://user:pw@creds.example.org:8443"\n') },
  { name: 'a host path with escapes, one of them no UTF-8', registry: 'myreg.example.com', files: host('[host."https://e.example.org/te%61m/%ff"]\n') },
  { name: 'a server with a query and a fragment', registry: 'myreg.example.com', files: host('server = "https://q.example.org/base?x=1#frag"\n') },

  // hostPaths/hostDirectory: the directory names tried for a registry with a port
  { name: 'an IPv6 registry with a port: the host_port_ directory', registry: '[fd00::2]:5000', files: { 'a/[fd00::2]_5000_/hosts.toml': 'server = "https://v6.example.org"\n' } },
  { name: 'an IPv6 registry with a port: the directory named as written', registry: '[fd00::2]:5000', files: { 'a/[fd00::2]:5000/hosts.toml': 'server = "https://v6.example.org"\n' } },
  { name: 'host_port_ wins over the name as written', registry: 'myreg.example.com:5000', files: { 'a/myreg.example.com_5000_/hosts.toml': 'server = "https://one.example.org"\n', 'a/myreg.example.com:5000/hosts.toml': 'server = "https://two.example.org"\n' } },
  { name: 'the registry\'s own directory wins over _default', registry: 'myreg.example.com', files: { 'a/_default/hosts.toml': 'server = "https://any.example.org"\n', [HOSTS]: 'server = "https://own.example.org"\n' } },

  // TestLoadCertFiles: a host directory without hosts.toml
  { name: 'a directory with a CA file only', registry: 'myreg.example.com', files: { 'a/myreg.example.com/site.crt': (pem) => pem.ca } },
  { name: 'a directory with a CA file and a client pair', registry: 'myreg.example.com', files: { 'a/myreg.example.com/site.crt': (pem) => pem.ca, 'a/myreg.example.com/me.cert': (pem) => pem.cert, 'a/myreg.example.com/me.key': (pem) => pem.key } },
  { name: 'a directory with a client pair only', registry: 'myreg.example.com', files: { 'a/myreg.example.com/me.cert': (pem) => pem.cert, 'a/myreg.example.com/me.key': (pem) => pem.key } },
  { name: 'a directory with a client certificate holding its own key', registry: 'myreg.example.com', files: { 'a/myreg.example.com/me.cert': (pem) => pem.cert + pem.key } },
  { name: 'a directory with a client certificate and no key anywhere', registry: 'myreg.example.com', files: { 'a/myreg.example.com/me.cert': (pem) => pem.cert } },
  { name: 'a directory with a CA file that holds no certificate', registry: 'myreg.example.com', files: { 'a/myreg.example.com/site.crt': 'not a certificate\n' } },
  { name: 'a directory with a client key that does not match', registry: 'myreg.example.com', files: { 'a/myreg.example.com/me.cert': (pem) => pem.cert, 'a/myreg.example.com/me.key': (pem) => pem.otherKey } },
  { name: 'an ignored hosts.toml: the directory certificates still count', registry: 'myreg.example.com', files: { 'a/myreg.example.com/site.crt': (pem) => pem.ca, [HOSTS]: '[host."https://m.example.org"]\n  capabilities = ["fetch"]\n' } },
  { name: 'an empty hosts.toml: the directory certificates', registry: 'myreg.example.com', files: { 'a/myreg.example.com/site.crt': (pem) => pem.ca, [HOSTS]: '' } },
  { name: 'a localhost directory with a CA file', registry: 'localhost:5000', files: { 'a/localhost:5000/site.crt': (pem) => pem.ca } },
  { name: 'files of other extensions are not certificates', registry: 'myreg.example.com', files: { 'a/myreg.example.com/site.pem': 'junk\n', 'a/myreg.example.com/README': 'junk\n', 'a/myreg.example.com/sub.crt': null } },

  // TestLoadCertFiles / ConfigureHosts: a TLS file that cannot be loaded fails every pull
  { name: 'a ca file that does not exist', registry: 'myreg.example.com', files: host(`[host."https://m.example.org"]\n  ca = "${DIR_OF}/missing.pem"\n`) },
  { name: 'a ca that is a directory', registry: 'myreg.example.com', files: { 'a/certs': null, [HOSTS]: '[host."https://m.example.org"]\n  ca = "DIR/a/certs"\n' } },
  { name: 'a ca file that holds only a key', registry: 'myreg.example.com', files: { 'a/k.pem': (pem) => pem.key, [HOSTS]: '[host."https://m.example.org"]\n  ca = "DIR/a/k.pem"\n' } },
  { name: 'a second ca of a list that fails', registry: 'myreg.example.com', files: { 'a/ok.pem': (pem) => pem.ca, [HOSTS]: '[host."https://m.example.org"]\n  ca = ["DIR/a/ok.pem", "DIR/a/gone.pem"]\n' } },
  { name: 'the server\'s ca fails after the hosts load', registry: 'myreg.example.com', files: { 'a/ok.pem': (pem) => pem.ca, [HOSTS]: 'server = "https://s.example.org"\nca = "DIR/a/gone.pem"\n[host."https://m.example.org"]\n  ca = "DIR/a/ok.pem"\n' } },
  { name: 'a client pair given the wrong way round', registry: 'myreg.example.com', files: { 'a/c.pem': (pem) => pem.cert, 'a/k.pem': (pem) => pem.key, [HOSTS]: '[host."https://m.example.org"]\n  client = [["DIR/a/k.pem", "DIR/a/c.pem"]]\n' } },
  { name: 'a client key file that holds a certificate', registry: 'myreg.example.com', files: { 'a/c.pem': (pem) => pem.cert, [HOSTS]: '[host."https://m.example.org"]\n  client = [["DIR/a/c.pem", "DIR/a/c.pem"]]\n' } },
  { name: 'a client key file without PEM', registry: 'myreg.example.com', files: { 'a/c.pem': (pem) => pem.cert, 'a/k.pem': 'plain text\n', [HOSTS]: '[host."https://m.example.org"]\n  client = [["DIR/a/c.pem", "DIR/a/k.pem"]]\n' } },
  { name: 'a client certificate file that does not exist', registry: 'myreg.example.com', files: host('[host."https://m.example.org"]\n  client = "DIR/a/none.pem"\n') },
  { name: 'a client key of another certificate', registry: 'myreg.example.com', files: { 'a/c.pem': (pem) => pem.cert, 'a/k.pem': (pem) => pem.otherKey, [HOSTS]: '[host."https://m.example.org"]\n  client = [["DIR/a/c.pem", "DIR/a/k.pem"]]\n' } },

  // TestHTTPFallback: which hosts are tried over https first
  { name: 'localhost:8080: https first, then http, certificate not checked', registry: 'localhost:8080', files: {} },
  { name: 'localhost:443: https only', registry: 'localhost:443', files: {} },
  { name: 'localhost without a port: https only', registry: 'localhost', files: {} },
  { name: '127.0.0.1:5000: https first, then http', registry: '127.0.0.1:5000', files: {} },
  { name: '[::1]:5000: https first, then http', registry: '[::1]:5000', files: {} },
  { name: 'example.com:5000: https, no fallback', registry: 'example.com:5000', files: {} },
  { name: 'localhost:80 with a skip_verify in hosts.toml stays http', registry: 'localhost:80', files: { 'a/localhost_80_/hosts.toml': 'skip_verify = true\n' } },
  { name: 'localhost:5000: a top-level skip_verify = false is overridden', registry: 'localhost:5000', files: { 'a/localhost:5000/hosts.toml': 'skip_verify = false\n' } },
  { name: 'a plain-http mirror with only a client certificate is tried over https first', registry: 'myreg.example.com', files: { 'a/both.pem': (pem) => pem.cert + pem.key, [HOSTS]: '[host."http://m.example.org:5000"]\n  client = "DIR/a/both.pem"\n' } },
  { name: 'a plain-http mirror without a port and with skip_verify: https first', registry: 'myreg.example.com', files: host('[host."http://m.example.org"]\n  skip_verify = true\n') },
  { name: 'a plain-http mirror on port 80 with a ca stays http', registry: 'myreg.example.com', files: { 'a/ok.pem': (pem) => pem.ca, [HOSTS]: '[host."http://m.example.org:80"]\n  ca = "DIR/a/ok.pem"\n' } },
  { name: 'an empty ca list is TLS configuration; an empty client list is not', registry: 'myreg.example.com', files: host('[host."http://one.example.org:5000"]\n  ca = []\n[host."http://two.example.org:5000"]\n  client = []\n') },
];

let pem: Pem | null = null;
let pkiDir = '';
before(async () => {
  pkiDir = mkdtempSync(join(tmpdir(), 'regauth-containerd-pki-'));
  const pki = await makePki(pkiDir, ['registry.example.org'], []);
  pem = { ca: readFileSync(pki.caCert, 'utf8'), cert: readFileSync(pki.serverCert, 'utf8'), key: readFileSync(pki.serverKey, 'utf8'), otherKey: pki.signingKeyPem };
});
after(() => rmSync(pkiDir, { recursive: true, force: true }));

for (const [oracle, release] of HOSTS_ORACLES) {
  test(`containerd ${release}: ${cases.length} situations of containerd's own hosts tests`, () => compareWithOracle(cases, oracle, release, pem));
}

test('containerd upstream hosts situations: every case was compared', () => {
  process.stderr.write(`containerd upstream hosts comparisons: ${tally.pass} agree, ${tally.fail} differ\n`);
  assert.equal(tally.pass + tally.fail, cases.length * HOSTS_ORACLES.length);
});
