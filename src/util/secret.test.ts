import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { secret, secretsSeen } from './secret.js';

describe('secret', () => {
  it('remembers the 1,024 most recently held values, most recent last', () => {
    // the plain model: move a value to the end when seen again, drop the oldest beyond the bound
    const model: string[] = [];
    const hold = (value: string): void => {
      secret(value);
      if (value === '') return;
      const at = model.indexOf(value);
      if (at >= 0) model.splice(at, 1);
      model.push(value);
      if (model.length > 1024) model.shift();
    };
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1500 }), { minLength: 1, maxLength: 3000 }), (values) => {
        for (const value of values) hold(value === 0 ? '' : `value-${value}`);
        assert.deepEqual([...secretsSeen()], model);
      }),
      { numRuns: 30 },
    );
  });
});
