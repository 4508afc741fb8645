import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { explain, type MessageMatch } from '../../src/doctor/explain.js';
import { REGISTRY_BINARY } from '../testbed/registry-process.js';
import { runChecked } from '../testbed/process.js';
import { loadTestbed } from '../testbed/testbed.js';

/**
 * A real distribution registry (2.8.2, Go 1.19) that requires a client certificate, as Docker
 * 28.2 and skopeo 1.9.3 report it to `regauth explain`, and the fix its entries give, applied.
 */
const testbed = loadTestbed();
const HOST = 'registry.localhost:5443';
const ADDRESS = '10.255.0.1';
const PORT = 5443;

interface Pair {
  cert: string;
  key: string;
}

let dir = '';
let registry: ChildProcess | undefined;
let client: Pair = { cert: '', key: '' };
let stranger: Pair = { cert: '', key: '' };
const certsD = join(testbed.descriptor.etcDocker, 'certs.d', HOST);

function topMatch(text: string): MessageMatch | null {
  const result = explain(text);
  return result.kind === 'messages' ? (result.matches[0] ?? null) : null;
}

async function keyPair(name: string, subject: string, extra: readonly string[]): Promise<Pair> {
  const pair = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  await runChecked('openssl', ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', pair.key, '-out', pair.cert, '-subj', `/CN=${subject}`, ...extra]);
  return pair;
}

async function listening(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(PORT, ADDRESS, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

before(async () => {
  dir = testbed.tempDir('mtls');
  const server = await keyPair('server', 'registry.localhost', ['-x509', '-days', '1', '-addext', 'subjectAltName=DNS:registry.localhost']);
  const ca = await keyPair('client-ca', 'client CA', ['-x509', '-days', '1', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,digitalSignature']);
  const request = await keyPair('client', 'client', []);
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  client = { cert: join(dir, 'client-signed.crt'), key: request.key };
  await runChecked('openssl', ['x509', '-req', '-in', request.cert, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '1', '-out', client.cert, '-extfile', join(dir, 'client.ext')]);
  stranger = await keyPair('stranger', 'stranger', ['-x509', '-days', '1']);
  const config = {
    version: '0.1',
    log: { level: 'info' },
    storage: { filesystem: { rootdirectory: join(dir, 'storage') } },
    http: { addr: `${ADDRESS}:${PORT}`, secret: 'mtls', tls: { certificate: server.cert, key: server.key, clientcas: [ca.cert] } },
  };
  writeFileSync(join(dir, 'config.yml'), JSON.stringify(config));
  const log = openSync(join(dir, 'registry.log'), 'a');
  try {
    registry = spawn(REGISTRY_BINARY, ['serve', join(dir, 'config.yml')], { stdio: ['ignore', log, log] });
  } finally {
    closeSync(log);
  }
  const deadline = Date.now() + 10_000;
  while (!(await listening())) {
    if (Date.now() > deadline) throw new Error(`the registry did not listen: ${readFileSync(join(dir, 'registry.log'), 'utf8')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  mkdirSync(certsD, { recursive: true });
  copyFileSync(server.cert, join(certsD, 'ca.crt'));
});

after(async () => {
  rmSync(certsD, { recursive: true, force: true });
  registry?.kill('SIGTERM');
  await testbed.close();
});

function installClientPair(pair: Pair, into: string): void {
  mkdirSync(into, { recursive: true });
  copyFileSync(pair.cert, join(into, 'client.cert'));
  copyFileSync(pair.key, join(into, 'client.key'));
}

test('Docker 28.2 without a client certificate, or with one the registry does not trust: tls-bad-certificate; with the pair the fix installs it gets through', async () => {
  const missing = await testbed.runDocker(['manifest', 'inspect', `${HOST}/app`], { configDir: testbed.tempDir('d') });
  const match = topMatch(missing.stderr);
  assert.equal(match?.id, 'tls-bad-certificate', missing.stderr);
  assert.match(match?.fix.join('\n') ?? '', /cp client\.crt \/etc\/docker\/certs\.d\/HOST:PORT\/client\.cert and cp client\.key \/etc\/docker\/certs\.d\/HOST:PORT\/client\.key/);

  installClientPair(stranger, certsD);
  const untrusted = await testbed.runDocker(['manifest', 'inspect', `${HOST}/app`], { configDir: testbed.tempDir('d') });
  assert.equal(topMatch(untrusted.stderr)?.id, 'tls-bad-certificate', untrusted.stderr);

  installClientPair(client, certsD);
  const fixed = await testbed.runDocker(['manifest', 'inspect', `${HOST}/app`], { configDir: testbed.tempDir('d') });
  // through TLS: the (empty) registry now answers that the image does not exist
  assert.doesNotMatch(fixed.stderr, /tls|certificate/i);
  assert.equal(topMatch(fixed.stderr)?.id, 'manifest-unknown', fixed.stderr);
});

test('skopeo 1.9.3 with TLS verification off hides the refusal behind a plain-HTTP 400; the confirm command shows it and --cert-dir fixes it', async () => {
  // containers/image reads /etc/docker/certs.d too: take the pair away again
  rmSync(join(certsD, 'client.cert'), { force: true });
  rmSync(join(certsD, 'client.key'), { force: true });
  const refused = await testbed.runSkopeo(['inspect', '--retry-times', '0', '--tls-verify=false', `docker://${HOST}/app`]);
  const match = topMatch(refused.stderr);
  assert.equal(match?.id, 'containers-insecure-ping-400', refused.stderr);
  assert.match(match?.confirm ?? '', /^skopeo --debug inspect/);
  const debug = await testbed.runSkopeo(['--debug', 'inspect', '--retry-times', '0', '--tls-verify=false', `docker://${HOST}/app`]);
  assert.match(debug.stderr, /Ping https:\/\/registry\.localhost:5443\/v2\/ err [^\n]*bad certificate/);

  const certDir = join(dir, 'cert-dir');
  installClientPair(client, certDir);
  const fixed = await testbed.runSkopeo(['inspect', '--retry-times', '0', '--tls-verify=false', '--cert-dir', certDir, `docker://${HOST}/app`]);
  assert.doesNotMatch(fixed.stderr, /pinging|certificate/i);
  assert.equal(topMatch(fixed.stderr)?.id, 'manifest-unknown', fixed.stderr);
});
