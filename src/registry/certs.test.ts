import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTlsMaterial } from './certs.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

test('a FIFO named as the CA bundle or planted in certs.d is skipped, never waited on', { timeout: 10_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'regauth-certs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const fifo = join(dir, 'bundle.pem');
  execFileSync('mkfifo', [fifo]);
  const certsRoot = join(dir, 'certs.d');
  mkdirSync(join(certsRoot, 'registry.example.test'), { recursive: true });
  execFileSync('mkfifo', [join(certsRoot, 'registry.example.test', 'ca.crt')]);
  writeFileSync(join(certsRoot, 'registry.example.test', 'other.crt'), PEM);

  const { material, trace } = await loadTlsMaterial({ registry: 'registry.example.test', certsRoot, env: { SSL_CERT_FILE: fifo, HOME: dir } });
  // the bundle falls through to the system locations, as Go's loader does for an unreadable file
  assert.ok(!material.files.includes(fifo), material.files.join(', '));
  assert.deepEqual(material.extraCa, [PEM]);
  const skipped = trace.find((step) => step.step === 'tls.certs-d.ca' && step.outcome === 'warning');
  assert.match(skipped?.why ?? '', /could not read .*ca\.crt/);
});
