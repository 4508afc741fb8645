import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRegistryAddress, parseImageRef, registryFromArgument } from './parse.js';
import { isRegauthError } from '../util/errors.js';

const valid: Array<[string, string, string, string | null]> = [
  // input, registry, repository, tag
  ['ubuntu', 'docker.io', 'library/ubuntu', null],
  ['ubuntu:22.04', 'docker.io', 'library/ubuntu', '22.04'],
  ['alice/app', 'docker.io', 'alice/app', null],
  ['docker.io/alice/app', 'docker.io', 'alice/app', null],
  ['docker.io/ubuntu', 'docker.io', 'library/ubuntu', null],
  ['index.docker.io/alice/app', 'docker.io', 'alice/app', null],
  ['index.docker.io/ubuntu', 'docker.io', 'library/ubuntu', null],
  ['registry-1.docker.io/alice/app', 'registry-1.docker.io', 'alice/app', null],
  ['myreg.example.com/app', 'myreg.example.com', 'app', null],
  ['myreg.example.com:5000/team/app:v1', 'myreg.example.com:5000', 'team/app', 'v1'],
  ['localhost/app', 'localhost', 'app', null],
  ['localhost:5001/app', 'localhost:5001', 'app', null],
  ['127.0.0.1:5000/a/b/c', '127.0.0.1:5000', 'a/b/c', null],
  ['[::1]:5000/app', '[::1]:5000', 'app', null],
  ['Registry.Example.com/app', 'Registry.Example.com', 'app', null],
  ['MyHost/app', 'MyHost', 'app', null],
  // an uppercase first component is a domain, as the Docker CLI treats it
  ['Alice/app', 'Alice', 'app', null],
  ['quay.io/org/sub/repo:tag-1.2_3', 'quay.io', 'org/sub/repo', 'tag-1.2_3'],
  ['a__b/c--d', 'docker.io', 'a__b/c--d', null],
];

for (const [input, registry, repository, tag] of valid) {
  test(`parseImageRef(${input})`, () => {
    const ref = parseImageRef(input);
    assert.equal(ref.registry, registry);
    assert.equal(ref.repository, repository);
    assert.equal(ref.tag, tag);
    assert.equal(ref.name, `${registry}/${repository}`);
  });
}

test('the 255-character limit is on the path, not on the domain and path together (distribution/reference 0.6)', () => {
  assert.equal(parseImageRef(`myreg.example.com/${'a'.repeat(255)}`).repository, 'a'.repeat(255));
  assert.equal(parseImageRef('a'.repeat(247)).repository, `library/${'a'.repeat(247)}`);
  assert.throws(() => parseImageRef(`myreg.example.com/${'a'.repeat(256)}`), /must not be more than 255 characters/);
  assert.throws(() => parseImageRef('a'.repeat(248)), /must not be more than 255 characters/);
});

test('digest references keep the digest', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  const ref = parseImageRef(`alice/app:1@${digest}`);
  assert.equal(ref.digest, digest);
  assert.equal(ref.tag, '1');
  assert.equal(ref.normalized, `docker.io/alice/app:1@${digest}`);
});

const invalid: Array<[string, RegExp]> = [
  ['', /^invalid reference format$/],
  ['alice/App', /^invalid reference format: repository name \(alice\/App\) must be lowercase$/],
  ['a'.repeat(64), /64-byte hexadecimal/],
  ['alice/app:', /invalid reference format/],
  ['alice//app', /invalid reference format/],
  ['alice/app@sha256:abc', /invalid reference format/],
  [`alice/app@sha256:${'a'.repeat(63)}`, /invalid checksum digest length/],
  ['-alice/app', /invalid reference format/],
  [`x/${'a'.repeat(260)}`, /must not be more than 255/],
  ['https://myreg.example.com/app', /invalid reference format/],
];

for (const [input, message] of invalid) {
  test(`parseImageRef rejects ${JSON.stringify(input.slice(0, 40))}`, () => {
    assert.throws(
      () => parseImageRef(input),
      (error: unknown) => isRegauthError(error) && error.code === 'E_REFERENCE_INVALID' && message.test(error.message),
    );
  });
}

test('registryFromArgument accepts hosts, URLs and images', () => {
  assert.equal(registryFromArgument('https://index.docker.io/v1/'), 'docker.io');
  assert.equal(registryFromArgument('index.docker.io'), 'docker.io');
  assert.equal(registryFromArgument('docker.io'), 'docker.io');
  assert.equal(registryFromArgument('myreg.example.com:5000'), 'myreg.example.com:5000');
  assert.equal(registryFromArgument('http://myreg.example.com/v2/'), 'myreg.example.com');
  assert.equal(registryFromArgument('alice/app'), 'docker.io');
  assert.equal(registryFromArgument('localhost'), 'localhost');
});

test('hosts and ports no program can reach: the reference grammar takes them, as the clients do; a bare registry argument and every registry contact refuse them', () => {
  for (const [input, message] of [
    ['256.256.256.256/x', /invalid IPv4 address 256\.256\.256\.256/],
    ['example.com:65536/x', /invalid port 65536/],
    ['example.com:0/x', /invalid port 0/],
  ] as const) {
    const ref = parseImageRef(input);
    assert.equal(ref.registry, input.slice(0, -2));
    assert.throws(() => checkRegistryAddress(ref.registry, input), (error: unknown) => isRegauthError(error) && error.code === 'E_REFERENCE_INVALID' && message.test(error.message), input);
  }
  assert.throws(() => registryFromArgument('example.com:70000'), /invalid port 70000/);
  assert.equal(parseImageRef('10.0.0.255:65535/x').registry, '10.0.0.255:65535');
});

