import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FINDING_IDS, isFindingId } from './catalogue.js';
import { explain, matchMessages, renderExplanation } from './explain.js';
import { KNOWN_MESSAGES } from './messages.js';

const PREFIXES = ['', 'Error response from daemon: ', 'Error: ', 'FATA[0000] ', 'error: ', 'getting username and password: ', 'time="2025-01-01T00:00:00Z" level=fatal msg="'];

function topMatch(text: string): string | null {
  const result = explain(text);
  return result.kind === 'messages' ? (result.matches[0]?.id ?? null) : null;
}

describe('explain: the message catalogue', () => {
  it('holds at least 30 messages, each pointing at known findings', () => {
    assert.ok(KNOWN_MESSAGES.length >= 30, `${KNOWN_MESSAGES.length} messages`);
    assert.equal(new Set(KNOWN_MESSAGES.map((message) => message.id)).size, KNOWN_MESSAGES.length, 'ids are unique');
    for (const message of KNOWN_MESSAGES) for (const id of message.findings) assert.ok(isFindingId(id), `${message.id} -> ${id}`);
  });

  for (const message of KNOWN_MESSAGES) {
    it(`matches ${message.id} with client prefixes, wraps and quotes`, () => {
      for (const prefix of PREFIXES) assert.equal(topMatch(prefix + message.message), message.id, `prefix ${JSON.stringify(prefix)}`);
      const middle = Math.floor(message.message.length / 2);
      const wrapped = `${message.message.slice(0, middle)}\n    ${message.message.slice(middle)}`;
      assert.equal(topMatch(`Error: ${wrapped}`), message.id, 'wrapped mid-line');
      assert.equal(topMatch(message.message.replace(/"/g, "'").toUpperCase()), message.id, 'other quotes and case');
    });
  }

  it('tolerates a different host, path and helper', () => {
    const text = 'Error response from daemon: Get "https://registry.corp.example:5000/v2/": error getting credentials - err: exec: "docker-credential-osxkeychain": executable file not found in $PATH, out: ``';
    const result = explain(text);
    assert.equal(result.kind, 'messages');
    if (result.kind !== 'messages') return;
    assert.equal(result.matches[0]?.id, 'helper-not-on-path');
    assert.equal(result.matches[0]?.helper, 'osxkeychain');
    assert.deepEqual(result.matches[0]?.findings.map((finding) => finding.id), ['helper-missing']);
  });

  it('the seed\'s message points at the Hub-key finding', () => {
    const result = explain('unauthorized: authentication required');
    assert.equal(result.kind, 'messages');
    if (result.kind === 'messages') assert.ok(result.matches[0]?.findings.some((finding) => finding.id === 'docker-hub-key-ignored'));
  });
});

describe('explain: finding ids and unknown text', () => {
  it('every finding id has a long explanation', () => {
    for (const id of FINDING_IDS) {
      const result = explain(` ${id}\n`);
      assert.equal(result.kind, 'finding');
      if (result.kind === 'finding') assert.ok(result.explanation.length > 80, id);
    }
    const text = renderExplanation(explain('docker-hub-key-ignored'), { json: false });
    assert.match(text, /https:\/\/index\.docker\.io\/v1\//);
    assert.match(text, /Seen as:/);
  });

  it('unknown text gives a helpful no-match answer', () => {
    const result = explain('the flux capacitor overheated');
    assert.equal(result.kind, 'none');
    const text = renderExplanation(result, { json: false });
    assert.match(text, /No known message matched/);
    assert.match(text, /regauth doctor/);
    assert.equal(explain('').kind, 'none');
  });

  it('renders JSON', () => {
    const parsed = JSON.parse(renderExplanation(explain('no basic auth credentials'), { json: true })) as { kind: string; matches: Array<{ id: string }> };
    assert.equal(parsed.kind, 'messages');
    assert.equal(parsed.matches[0]?.id, 'no-basic-auth-credentials');
  });
});

describe('explain: robustness', () => {
  it('never throws on random input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000, unit: 'binary' }), (text) => {
        const result = explain(text);
        renderExplanation(result, { json: false });
        renderExplanation(result, { json: true });
      }),
      { numRuns: 300 },
    );
  });

  it('stays fast on 100 KB input', () => {
    const fragments = KNOWN_MESSAGES.map((message) => message.message.slice(0, 20));
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 40 })), { minLength: 1, maxLength: 50 }), (parts) => {
        // an all-empty draw would never grow: start from one space then
        let text = parts.join(' ') || ' ';
        while (text.length < 100_000) text += text;
        text = text.slice(0, 100_000);
        const started = performance.now();
        matchMessages(text);
        explain(text);
        assert.ok(performance.now() - started < 500, 'took too long');
      }),
      { numRuns: 20 },
    );
    const worst = 'error getting credentials '.repeat(4000);
    const started = performance.now();
    explain(worst);
    assert.ok(performance.now() - started < 500);
  });
});
