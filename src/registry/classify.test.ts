import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWwwAuthenticate } from './challenge.js';
import { classifyResponse, classifyTransportError, namespaceMismatch, parseErrorBody, readRateLimit, type ClassifyContext, type Phase } from './classify.js';
import { PROBLEM_CATALOGUE, describeProblem, type ProblemId } from './problems.js';

interface Row {
  name: string;
  phase: Phase;
  status: number;
  challenge?: string;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  sent?: boolean;
  proven?: boolean;
  registry?: string;
  repository?: string;
  username?: string | null;
  expect: 'ok' | ProblemId;
}

const bearer = 'Bearer realm="https://auth/token",service="reg",scope="repository:alice/app:pull,push"';
const table: Row[] = [
  { name: 'ping open', phase: 'ping', status: 200, expect: 'ok' },
  { name: 'ping challenge', phase: 'ping', status: 401, challenge: bearer, expect: 'ok' },
  { name: 'ping 404 (hub.docker.com)', phase: 'ping', status: 404, body: '<html>', contentType: 'text/html', expect: 'not-v2-registry' },
  { name: 'ping HTML 200 is fine (open /v2/)', phase: 'ping', status: 200, body: '<html>', contentType: 'text/html', expect: 'ok' },
  { name: 'ping HTML error page', phase: 'ping', status: 403, body: '<html>', contentType: 'text/html', expect: 'not-v2-registry' },
  { name: 'ping 429', phase: 'ping', status: 429, expect: 'rate-limited' },
  { name: 'ping 503', phase: 'ping', status: 503, expect: 'server-error' },
  { name: 'ping 400', phase: 'ping', status: 400, expect: 'unexpected-response' },
  { name: 'token 200', phase: 'token', status: 200, expect: 'ok' },
  { name: 'token 401 with credentials', phase: 'token', status: 401, sent: true, body: '{"details":"incorrect username or password"}', expect: 'bad-credentials' },
  { name: 'token 401 anonymous', phase: 'token', status: 401, expect: 'no-credentials' },
  { name: 'token 403 with credentials', phase: 'token', status: 403, sent: true, expect: 'bad-credentials' },
  { name: 'token 404', phase: 'token', status: 404, expect: 'token-server-error' },
  { name: 'token 429', phase: 'token', status: 429, expect: 'rate-limited' },
  { name: 'token 500', phase: 'token', status: 500, expect: 'server-error' },
  { name: 'pull 200', phase: 'pull', status: 200, expect: 'ok' },
  { name: 'pull 404 still proves access', phase: 'pull', status: 404, expect: 'ok' },
  { name: 'pull 401 invalid_token', phase: 'pull', status: 401, sent: true, challenge: `${bearer},error="invalid_token"`, expect: 'token-rejected' },
  { name: 'pull 401 insufficient_scope anonymous', phase: 'pull', status: 401, challenge: `${bearer},error="insufficient_scope"`, expect: 'no-credentials' },
  { name: 'pull 401 insufficient_scope with credentials', phase: 'pull', status: 401, sent: true, proven: true, challenge: `${bearer},error="insufficient_scope"`, expect: 'insufficient-scope' },
  { name: 'pull 401 Basic with credentials', phase: 'pull', status: 401, sent: true, challenge: 'Basic realm="r"', expect: 'bad-credentials' },
  { name: 'pull 401 Basic without credentials', phase: 'pull', status: 401, challenge: 'Basic realm="r"', expect: 'no-credentials' },
  { name: 'pull 429 (Hub limit)', phase: 'pull', status: 429, headers: { 'ratelimit-remaining': '0;w=21600' }, expect: 'rate-limited' },
  { name: 'push 202', phase: 'push', status: 202, expect: 'ok' },
  { name: 'push 201', phase: 'push', status: 201, expect: 'ok' },
  { name: 'push insufficient_scope', phase: 'push', status: 401, sent: true, proven: true, challenge: `${bearer},error="insufficient_scope"`, expect: 'insufficient-scope' },
  {
    name: 'push insufficient_scope on Hub outside own namespace',
    phase: 'push', status: 401, sent: true, proven: true, challenge: `${bearer},error="insufficient_scope"`,
    registry: 'docker.io', repository: 'bob/app', username: 'alice', expect: 'namespace-not-yours',
  },
  {
    name: 'push to library/ on Hub',
    phase: 'push', status: 401, sent: true, proven: true, challenge: `${bearer},error="insufficient_scope"`,
    registry: 'docker.io', repository: 'library/app', username: 'alice', expect: 'namespace-not-yours',
  },
  {
    name: 'push on Hub in own namespace but read-only token',
    phase: 'push', status: 401, sent: true, proven: true, challenge: `${bearer},error="insufficient_scope"`,
    registry: 'docker.io', repository: 'alice/app', username: 'Alice', expect: 'insufficient-scope',
  },
  { name: 'push plain 401 after proven credentials (Harbor, Quay)', phase: 'push', status: 401, sent: true, proven: true, challenge: bearer, body: '{"errors":[{"code":"UNAUTHORIZED","message":"unauthorized to access repository"}]}', expect: 'insufficient-scope' },
  { name: 'push plain 401 unproven credentials', phase: 'push', status: 401, sent: true, challenge: 'Basic realm="r"', expect: 'bad-credentials' },
  { name: 'push 403 DENIED (ECR, GHCR)', phase: 'push', status: 403, sent: true, proven: true, body: '{"errors":[{"code":"DENIED","message":"permission_denied: write_package"}]}', expect: 'insufficient-scope' },
  { name: 'push 404 NAME_UNKNOWN', phase: 'push', status: 404, sent: true, body: '{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}', expect: 'repository-not-found' },
  { name: 'push 404 plain text', phase: 'push', status: 404, body: '404 page not found', expect: 'unexpected-response' },
  { name: 'push 405 read-only', phase: 'push', status: 405, body: 'Method not allowed', expect: 'read-only-registry' },
  { name: 'push 429', phase: 'push', status: 429, expect: 'rate-limited' },
  { name: 'push TOOMANYREQUESTS in body', phase: 'push', status: 400, body: '{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}', expect: 'rate-limited' },
  { name: 'push 502', phase: 'push', status: 502, expect: 'server-error' },
];

for (const row of table) {
  test(`classifyResponse: ${row.name}`, () => {
    const headers: Record<string, string> = { ...(row.headers ?? {}) };
    const ctx: ClassifyContext = {
      phase: row.phase,
      credentialsSent: row.sent ?? false,
      credentialsProven: row.proven ?? false,
      registry: row.registry ?? 'reg.example',
      repository: row.repository ?? 'alice/app',
      username: row.username === undefined ? 'alice' : row.username,
    };
    const verdict = classifyResponse(
      {
        status: row.status,
        challenges: row.challenge ? parseWwwAuthenticate([row.challenge]) : [],
        body: parseErrorBody(row.body ?? '', row.contentType),
        rateLimit: readRateLimit((name) => headers[name]),
      },
      ctx,
    );
    assert.equal(verdict.outcome === 'ok' ? 'ok' : verdict.problem.id, row.expect);
  });
}

test('rate-limit details carry Docker Hub headers', () => {
  const headers: Record<string, string> = { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '0;w=21600', 'docker-ratelimit-source': '192.0.2.1' };
  const verdict = classifyResponse(
    { status: 429, challenges: [], body: parseErrorBody('{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your pull rate limit."}]}', 'application/json'), rateLimit: readRateLimit((n) => headers[n]) },
    { phase: 'pull', credentialsSent: false, credentialsProven: false, registry: 'docker.io', repository: 'library/x', username: null },
  );
  assert.equal(verdict.outcome, 'failed');
  assert.match(verdict.outcome === 'failed' ? verdict.problem.detail : '', /ratelimit-remaining: 0;w=21600.*docker-ratelimit-source: 192\.0\.2\.1/);
});

function errorWithCode(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

const transportCases: Array<[string, unknown, ProblemId]> = [
  ['unknown CA', new TypeError('fetch failed', { cause: errorWithCode('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate') }), 'tls-unknown-authority'],
  ['self-signed', errorWithCode('DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls-unknown-authority'],
  ['self-signed in chain', errorWithCode('SELF_SIGNED_CERT_IN_CHAIN'), 'tls-unknown-authority'],
  ['name mismatch', errorWithCode('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"), 'tls-name-mismatch'],
  ['expired', errorWithCode('CERT_HAS_EXPIRED'), 'tls-expired'],
  ['http answer to TLS', errorWithCode('ERR_SSL_WRONG_VERSION_NUMBER', 'error:0A00010B:SSL routines::wrong version number'), 'http-to-https'],
  ['dns', errorWithCode('ENOTFOUND', 'getaddrinfo ENOTFOUND nope.invalid'), 'dns'],
  ['dns again', errorWithCode('EAI_AGAIN'), 'dns'],
  ['refused', errorWithCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'), 'connection-refused'],
  ['refused inside AggregateError', Object.assign(new AggregateError([errorWithCode('ECONNREFUSED')], 'x'), {}), 'connection-refused'],
  ['socket timeout', errorWithCode('ETIMEDOUT', 'connect ETIMEDOUT 192.0.2.1:443'), 'timeout'],
  ['abort signal timeout', new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 'timeout'],
  ['reset', errorWithCode('ECONNRESET', 'socket hang up'), 'connection-reset'],
  ['other TLS', errorWithCode('ERR_SSL_NO_PROTOCOLS_AVAILABLE', 'no protocols available'), 'tls-handshake'],
  ['something else', new Error('weird'), 'unexpected-response'],
];
for (const [name, error, expected] of transportCases) {
  test(`classifyTransportError: ${name}`, () => assert.equal(classifyTransportError(error).id, expected));
}

test('namespace rule applies to Docker Hub only', () => {
  assert.equal(namespaceMismatch('docker.io', 'bob/app', 'alice'), true);
  assert.equal(namespaceMismatch('docker.io', 'alice/app', 'alice'), false);
  assert.equal(namespaceMismatch('ghcr.io', 'bob/app', 'alice'), false);
  assert.equal(namespaceMismatch('docker.io', 'bob/app', null), false);
});

test('every catalogue entry has a one-line summary and a hint; TLS hint names the certs.d path', () => {
  for (const [id, entry] of Object.entries(PROBLEM_CATALOGUE)) {
    assert.ok(entry.summary.length > 0 && !entry.summary.includes('\n'), id);
    assert.ok(entry.hint({ registry: 'r:1' }).length > 0, id);
  }
  const tls = describeProblem('tls-unknown-authority', 'x', { registry: 'myreg.example.com:5000' });
  assert.match(tls.hint ?? '', /\/etc\/docker\/certs\.d\/myreg\.example\.com:5000\/ca\.crt/);
  assert.match(describeProblem('not-v2-registry', 'x', { registry: 'hub.docker.com' }).hint ?? '', /docker\.io/);
});
