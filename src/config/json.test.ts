import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeFirstValue, goFoldKey, lookupField, MAX_NESTING_DEPTH, toPlainValue, unmarshal, type JsonObject } from './json.js';

function errorOf(result: ReturnType<typeof unmarshal>): string {
  assert.equal(result.ok, false, 'expected a syntax error');
  return result.ok ? '' : result.error.message;
}

describe('json: Go error texts', () => {
  // texts confirmed with docker 28.2.2 (go1.24) and skopeo 1.9.3 on the same inputs
  const cases: Array<[string, string]> = [
    ['{"auths":{},}', `invalid character '}' looking for beginning of object key string`],
    ["{'a':1}", `invalid character '\\'' looking for beginning of object key string`],
    ['{"a":1e}', `invalid character '}' in exponent of numeric literal`],
    ['{"a":"\\u00"}', `invalid character '"' in \\u hexadecimal character escape`],
    ['\ufeff{}', `invalid character 'ï' looking for beginning of value`],
    ['{"a" 1}', `invalid character '1' after object key`],
    ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
    ['[1 2]', `invalid character '2' after array element`],
    ['[1,]', `invalid character ']' looking for beginning of value`],
    ['{"a":tru}', `invalid character '}' in literal true (expecting 'e')`],
    ['{"a":nul}', `invalid character '}' in literal null (expecting 'l')`],
    ['{"a":"x\ny"}', `invalid character '\\n' in string literal`],
    ['{"a":"\\x"}', `invalid character 'x' in string escape code`],
    ['{"a":-}', `invalid character '}' in numeric literal`],
    ['{"a":1.}', `invalid character '}' after decimal point in numeric literal`],
    ['{"a":01}', `invalid character '1' after object key:value pair`],
    ['{"a":NaN}', `invalid character 'N' looking for beginning of value`],
    ['// c\n{}', `invalid character '/' looking for beginning of value`],
    ['{"a":\u00a0}', `invalid character 'Â' looking for beginning of value`],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${expected}`, () => {
      assert.equal(errorOf(unmarshal(input)), expected);
      assert.equal(errorOf(decodeFirstValue(input)), expected);
    });
  }

  it('end of input differs between Unmarshal and Decoder', () => {
    assert.equal(errorOf(unmarshal('{"auths":{"a":{"auth":"x"}}')), 'unexpected end of JSON input');
    assert.equal(errorOf(decodeFirstValue('{"auths":{"a":{"auth":"x"}}')), 'unexpected EOF');
    assert.equal(errorOf(decodeFirstValue('nul')), 'unexpected EOF');
    assert.equal(errorOf(unmarshal('')), 'unexpected end of JSON input');
    assert.equal(errorOf(unmarshal('  \n')), 'unexpected end of JSON input');
  });

  it('Decoder: empty input is EOF (no value, no error); trailing data is ignored', () => {
    assert.deepEqual(decodeFirstValue(''), { ok: true, value: null, trailingDataAt: null });
    assert.deepEqual(decodeFirstValue(' \t\n'), { ok: true, value: null, trailingDataAt: null });
    const result = decodeFirstValue('{} xx');
    assert.ok(result.ok);
    assert.deepEqual(result.trailingDataAt, { line: 1, column: 4, offset: 3 });
  });

  it('Unmarshal: trailing data is an error', () => {
    assert.equal(errorOf(unmarshal('{} xx')), `invalid character 'x' after top-level value`);
    assert.equal(errorOf(unmarshal('{}}')), `invalid character '}' after top-level value`);
  });

  it('reports the position of the offending character', () => {
    const result = unmarshal('{\n  "auths": {\n    "a": {},\n  }\n}');
    assert.ok(!result.ok);
    assert.deepEqual(result.error.pos, { line: 4, column: 3, offset: 30 });
  });

  it('keeps duplicates in order with key positions', () => {
    const result = unmarshal('{"a":1,\n "a":2}');
    assert.ok(result.ok && result.value?.kind === 'object');
    const object = result.value as JsonObject;
    assert.deepEqual(
      object.members.map((member) => [member.key, member.keyPos.line, member.keyPos.column]),
      [
        ['a', 1, 2],
        ['a', 2, 2],
      ],
    );
    assert.equal(lookupField(object, 'A')?.keyPos.line, 2);
  });

  it('folds keys like Go, including the Kelvin sign and long s', () => {
    assert.equal(goFoldKey('AUTHS'), 'auths');
    assert.equal(goFoldKey('identitytO\u212aen'), 'identitytoken');
    assert.equal(goFoldKey('auth\u017f'), 'auths');
    assert.equal(goFoldKey('ĀUTHS'), 'Āuths');
  });

  it('decodes strings like Go: escapes, surrogate pairs, lone surrogates become U+FFFD', () => {
    const result = unmarshal('["\\u00e9\\ud83d\\ude00", "\\ud800x", "\\udc00", "a\\/b\\"\\\\"]');
    assert.ok(result.ok);
    assert.deepEqual(toPlainValue(result.value!), ['é😀', '\ufffdx', '\ufffd', 'a/b"\\']);
  });

  it('accepts nesting up to Go\'s limit and rejects one level more without overflowing', () => {
    const ok = '['.repeat(MAX_NESTING_DEPTH) + ']'.repeat(MAX_NESTING_DEPTH);
    assert.equal(unmarshal(ok).ok, true);
    const tooDeep = '{"a":'.repeat(MAX_NESTING_DEPTH) + '[' ;
    assert.equal(errorOf(unmarshal(tooDeep)), `invalid character '[' exceeded max depth`);
    const huge = '['.repeat(200_000);
    assert.equal(errorOf(unmarshal(huge)), `invalid character '[' exceeded max depth`);
  });

  it('handles a large string quickly', () => {
    const big = JSON.stringify({ auths: { a: { auth: 'x'.repeat(3_000_000) } } });
    const started = Date.now();
    assert.equal(unmarshal(big).ok, true);
    assert.ok(Date.now() - started < 2000);
  });
});

describe('json: properties', () => {
  it('round-trips any JSON value (JSON.stringify → parse → same value)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        const result = unmarshal(text);
        if (!result.ok) return false;
        assert.deepEqual(toPlainValue(result.value!), JSON.parse(text));
        const pretty = decodeFirstValue(JSON.stringify(value, null, 2));
        return pretty.ok && pretty.trailingDataAt === null;
      }),
      { numRuns: 4000 },
    );
  });

  it('agrees with JSON.parse on acceptance for arbitrary strings and never throws', () => {
    const alphabet = fc.constantFrom(...'{}[]":,0123456789-+.eEtrufalsn \n\t\\u/abAB\u00e9\ufeff'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: alphabet, maxLength: 40 })), (text) => {
        const result = unmarshal(text);
        let jsAccepts = true;
        try {
          JSON.parse(text);
        } catch {
          jsAccepts = false;
        }
        // JSON.parse also skips no BOM and agrees with Go on the grammar (RFC 8259)
        assert.equal(result.ok, jsAccepts, `disagreement on ${JSON.stringify(text)}`);
        if (!result.ok) assert.match(result.error.message, /^(invalid character .+|unexpected end of JSON input)$/);
        const decoded = decodeFirstValue(text);
        assert.equal(typeof decoded.ok, 'boolean');
      }),
      { numRuns: 6000 },
    );
  });

  it('never throws on random bytes decoded as UTF-8', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = new TextDecoder().decode(bytes);
        const a = unmarshal(text);
        const b = decodeFirstValue(text);
        return typeof a.ok === 'boolean' && typeof b.ok === 'boolean';
      }),
      { numRuns: 2000 },
    );
  });
});
