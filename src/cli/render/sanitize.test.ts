import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hasUnsafeCharacters, sanitizeForTerminal } from './sanitize.js';
import { renderingEdge, printJson, type Output } from '../output.js';
import { mark } from '../symbols.js';

function capture(): { output: Output; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (t) => void out.push(t), err: (t) => void err.push(t), debug: (t) => void err.push(t), isTTY: false } };
}

describe('sanitizeForTerminal', () => {
  it('shows C0, DEL, C1 and BiDi/format characters as escapes; keeps line feeds, tabs and ordinary text', () => {
    assert.equal(sanitizeForTerminal('\x1b[2Jclear'), '\\x1b[2Jclear');
    assert.equal(sanitizeForTerminal('\x1b]52;c;aGk=\x07'), '\\x1b]52;c;aGk=\\x07');
    assert.equal(sanitizeForTerminal('fake\r✓ all good'), 'fake\\x0d✓ all good');
    assert.equal(sanitizeForTerminal('a\x7fb\x9bc\x85'), 'a\\x7fb\\x9bc\\x85');
    assert.equal(sanitizeForTerminal('user\u202egnp.exe\u2066\u200b\ufeff'), 'user\\u202egnp.exe\\u2066\\u200b\\ufeff');
    assert.equal(sanitizeForTerminal('line\u2028sep'), 'line\\u2028sep');
    assert.equal(sanitizeForTerminal('two\nlines\tand tab, café, 日本, 🙂'), 'two\nlines\tand tab, café, 日本, 🙂');
  });

  it('nothing unsafe survives, for every code point up to U+FFFF', () => {
    let all = '';
    for (let code = 0; code <= 0xffff; code++) if (code < 0xd800 || code > 0xdfff) all += String.fromCharCode(code);
    const shown = sanitizeForTerminal(all);
    assert.equal(hasUnsafeCharacters(shown), false);
    assert.equal(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(shown), false);
  });

  it('each code point up to U+FFFF on its own is kept exactly when it is safe (the plain-text shortcut included)', () => {
    for (let code = 0; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCharCode(code);
      assert.equal(sanitizeForTerminal(`a${char}→`) === `a${char}→`, !hasUnsafeCharacters(char), `U+${code.toString(16).padStart(4, '0')}`);
    }
  });
});

describe('the rendering edge', () => {
  it('sanitises human text on stdout, stderr and debug; JSON passes exact', () => {
    const sink = capture();
    const edge = renderingEdge(sink.output);
    edge.out('key \x1b[31mred\u202e');
    edge.err('helper said \x1b]0;title\x07');
    edge.debug('\x9b2J');
    printJson(edge, { key: '\x1b\u202e\x85' });
    assert.deepEqual(sink.out, ['key \\x1b[31mred\\u202e', JSON.stringify({ schemaVersion: 1, key: '\x1b\u202e\x85' }, null, 2)]);
    assert.deepEqual(sink.err, ['helper said \\x1b]0;title\\x07', '\\x9b2J']);
    assert.deepEqual(JSON.parse(sink.out[1]!), { schemaVersion: 1, key: '\x1b\u202e\x85' });
  });
});

describe('colour at the rendering edge', () => {
  it('regauth\'s own marks become colour; colour sequences from outside stay visible', () => {
    const sink = capture();
    const edge = renderingEdge(sink.output);
    edge.out(`${mark('matched', { color: true, ascii: false })} key "\x1b[32mforged\x1b[0m"`);
    assert.equal(sink.out[0], '\x1b[32m✓\x1b[0m key "\\x1b[32mforged\\x1b[0m"');
  });
});
