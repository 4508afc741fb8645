import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyCredentials, startResolution, type Credentials, type Resolution } from '../../src/clients/model.js';
import { secret } from '../../src/util/secret.js';
import { compareOutcome, errorClassOf, type OutcomeContext } from './outcome.js';

/** The comparison every differential suite relies on: it must say no wherever the whole outcome differs. */

const PASSWORDS: Record<string, string> = { alice: 'pw-alice', bob: 'pw-bob' };

function sends(user: string, password = PASSWORDS[user] ?? 'wrong'): Credentials {
  return { ...emptyCredentials(), username: user, password: secret(password) };
}

function predicting(change: Partial<Resolution>): Resolution {
  return { ...startResolution('docker', 'myreg.example.com', []), ...change };
}

function sending(user: string, password?: string): Resolution {
  return predicting({ username: user, secretPresent: true, secretKind: 'password', credentials: sends(user, password), source: 'file', key: 'myreg.example.com' });
}

const context: OutcomeContext = {
  anonymousReads: false,
  ownerOf: (credentials) => (credentials.username !== null && credentials.password?.reveal() === PASSWORDS[credentials.username] ? credentials.username : null),
};

const ok = { code: 0, stdout: '', stderr: '' };
const unauthorized = { code: 1, stdout: '', stderr: 'Error: reading manifest latest in myreg.example.com/app: unauthorized: authentication required' };

describe('compareOutcome', () => {
  test('agrees when the registry accepted the predicted user and the program succeeded', () => {
    assert.deepEqual(compareOutcome(ok, { accepted: ['alice'], rejected: [] }, sending('alice'), context).mismatches, []);
  });

  test('a program that did not run, crashed or was killed never agrees', () => {
    const prediction = predicting({});
    const saw = { accepted: [], rejected: [] };
    assert.notDeepEqual(compareOutcome({ ...ok, code: null, spawnError: 'spawn /nope ENOENT' }, saw, prediction, context).mismatches, []);
    assert.notDeepEqual(compareOutcome({ ...ok, code: null }, saw, prediction, context).mismatches, []);
    assert.notDeepEqual(compareOutcome({ ...ok, code: 127 }, saw, prediction, context).mismatches, []);
    // /bin/false: exit 1 and nothing said
    assert.notDeepEqual(compareOutcome({ code: 1, stdout: '', stderr: '' }, saw, prediction, context).mismatches, []);
  });

  test('a rejected user is part of the outcome', () => {
    assert.deepEqual(compareOutcome(unauthorized, { accepted: [], rejected: ['alice'] }, sending('alice', 'stale'), context).mismatches, []);
    assert.notDeepEqual(compareOutcome(unauthorized, { accepted: [], rejected: ['bob'] }, sending('alice', 'stale'), context).mismatches, []);
    // predicted to be accepted, but refused
    assert.notDeepEqual(compareOutcome(unauthorized, { accepted: [], rejected: ['alice'] }, sending('alice'), context).mismatches, []);
  });

  test('the error class is compared', () => {
    const parseError = predicting({ error: 'reading JSON file "/x": unmarshaling JSON at "/x": unexpected end of JSON input', configFile: '/x' });
    const failedParsing = { code: 125, stdout: '', stderr: 'Error: reading JSON file "/x": unmarshaling JSON at "/x": unexpected end of JSON input' };
    assert.deepEqual(compareOutcome(failedParsing, { accepted: [], rejected: [] }, parseError, context).mismatches, []);
    assert.notDeepEqual(compareOutcome(unauthorized, { accepted: [], rejected: [] }, parseError, context).mismatches, []);
    assert.equal(errorClassOf('error getting credentials - err: exit status 1, out: `locked`'), 'helper');
    assert.equal(errorClassOf('Get "https://myreg.example.com/v2/": no basic auth credentials'), 'auth');
    assert.equal(errorClassOf('Error: stat /home/u/.docker/config.json: no such file or directory'), 'file');
    assert.equal(errorClassOf('dial tcp 127.0.0.1:443: connect: connection refused'), 'network');
  });

  test('an ambiguous prediction must list candidates, and the run must match one of them', () => {
    const saw = { accepted: ['bob'], rejected: [] };
    assert.notDeepEqual(compareOutcome(ok, saw, { ...sending('alice'), ambiguous: true }, context).mismatches, [], 'no candidate list');
    const candidates = [
      { key: 'myreg.example.com', username: 'alice', credentials: sends('alice') },
      { key: 'https://myreg.example.com', username: 'bob', credentials: sends('bob') },
    ];
    assert.deepEqual(compareOutcome(ok, saw, { ...sending('alice'), ambiguous: true, candidates }, context).mismatches, []);
    assert.notDeepEqual(compareOutcome(ok, { accepted: ['carol'], rejected: [] }, { ...sending('alice'), ambiguous: true, candidates }, context).mismatches, []);
  });

  test('errorFallback counts only for a command that ignores the lookup error, and only as shown', () => {
    const helperFailed = predicting({
      error: 'error getting credentials - err: exit status 1, out: ``',
      helper: 'pass',
      source: 'helper',
      errorFallback: { username: 'alice', key: 'myreg.example.com', credentials: sends('alice') },
    });
    const saw = { accepted: ['alice'], rejected: [] };
    assert.deepEqual(compareOutcome(ok, saw, helperFailed, { ...context, ignoresLookupError: true }).mismatches, []);
    // a command that fails on the helper error must not be excused by the fallback
    assert.notDeepEqual(compareOutcome(ok, saw, helperFailed, context).mismatches, []);
  });
});
