/**
 * `hako rbac principals` writes its report one principal at a time: the pieces put together are
 * exactly the document `JSON.stringify(principalsJson(...), null, 2)` would print.
 */
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../load.js';
import { emptyState } from '../model/state.js';
import { initHcl } from '../parse/hcl/syntax.js';
import type { Io } from './main.js';
import { principalsJson, principalsJsonText, writeBatched } from './rbac.js';

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

describe('writeBatched', () => {
  it('writes ~size batches and waits for standard output to drain after each full one', async () => {
    const log: string[] = [];
    let pending = 0;
    const io = {
      stdout: (t: string) => {
        expect(pending).toBe(0); // never written while a drain is outstanding
        log.push(`write ${t.length}`);
      },
      drain: () => {
        pending++;
        log.push('drain');
        return new Promise<void>((r) =>
          setTimeout(() => {
            pending--;
            r();
          }, 1),
        );
      },
    } as unknown as Io;
    await writeBatched(['a'.repeat(30), 'b'.repeat(30), 'c'.repeat(50), 'd'.repeat(10)], io, 50);
    expect(log).toEqual(['write 60', 'drain', 'write 50', 'drain', 'write 10']);
  });

  it('works without a drain (a test or library Io)', async () => {
    const out: string[] = [];
    await writeBatched(['x', 'y'], { stdout: (t: string) => out.push(t) } as unknown as Io, 1);
    expect(out).toEqual(['x', 'y']);
  });
});
