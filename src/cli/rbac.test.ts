/**
 * `hako rbac principals` writes its report one principal at a time: the pieces put together are
 * exactly the document `JSON.stringify(principalsJson(...), null, 2)` would print.
 */
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../load.js';
import { emptyState } from '../model/state.js';
import { initHcl } from '../parse/hcl/syntax.js';
import { principalsJson, principalsJsonText } from './rbac.js';

await initHcl();

describe('principalsJsonText', () => {
  it('the identity estate: the same text as the whole document, in one piece per principal and a closing one', () => {
    const { state } = loadInputs({ paths: ['examples/identity'] });
    const errors = [{ file: 'x.yaml', line: 3, message: 'not read' }];
    const pieces = [...principalsJsonText(state, errors)];
    const whole = `${JSON.stringify(principalsJson(state, errors), null, 2)}\n`;
    expect(pieces.join('')).toBe(whole);
    expect(pieces.length).toBe(principalsJson(state, errors).principals.length + 1);
    expect(JSON.parse(pieces.join(''))).toEqual(principalsJson(state, errors));
  });

  it('no principal and no error', () => {
    const state = emptyState();
    expect([...principalsJsonText(state, [])].join('')).toBe(
      `${JSON.stringify(principalsJson(state, []), null, 2)}\n`,
    );
  });
});
