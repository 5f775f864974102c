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

  it('names JSON must escape (quotes, backslash, non-ASCII, U+2028) and hops shared by many paths: still the same text', () => {
    const extra = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: odd-names }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: shop-support-exec }
subjects:
  - { kind: User, name: "we\\"ird \\\\ 名前 \\u2028 end", apiGroup: rbac.authorization.k8s.io }
  - { kind: User, name: "tab\\there", apiGroup: rbac.authorization.k8s.io }
  - { kind: Group, name: support, apiGroup: rbac.authorization.k8s.io }
`;
    const { state } = loadInputs({
      paths: ['examples/identity'],
      inputs: [{ path: 'examples/identity/k8s/odd-names.yaml', content: extra }],
    });
    const text = [...principalsJsonText(state, [{ file: 'a"b.yaml', line: 1, message: 'é\u2028' }])].join('');
    const doc = principalsJson(state, [{ file: 'a"b.yaml', line: 1, message: 'é\u2028' }]);
    expect(text).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    const odd = doc.principals.find((p) => p.name.startsWith('we"ird'));
    expect(odd?.name).toBe('we"ird \\ 名前 \u2028 end');
    expect(odd?.paths.length).toBeGreaterThan(0);
  });

  it('no principal and no error', () => {
    const state = emptyState();
    expect([...principalsJsonText(state, [])].join('')).toBe(
      `${JSON.stringify(principalsJson(state, []), null, 2)}\n`,
    );
  });
});
