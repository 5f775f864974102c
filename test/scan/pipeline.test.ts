/**
 * The pipeline's bookkeeping, made cheaper per finding (issue 16), keeps its contracts: the
 * fingerprint recipe (baselines and SARIF alerts depend on the values), message templates filled
 * exactly as before, capping keyed by the whole tuple, and findings that do not share mutable parts
 * with the rules' metadata.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../src/rules/index.js';
import { format } from '../../src/rules/types.js';
import { capFindings, scan } from '../../src/scan.js';
import { finding } from '../helpers/scan-result.js';

const POD = `apiVersion: v1
kind: Pod
metadata: { name: twin, namespace: default }
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext: { privileged: true }
`;

const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

describe('fingerprints', () => {
  it('keep their values: SHA-256 of the parts; a twin gets the first one with its rank (#2)', async () => {
    const r = await scan({
      inputs: [{ path: 'pods.yaml', content: `${POD}---\n${POD}` }],
      rules: ['K8S-003'],
    });
    const prints = r.findings.filter((f) => f.ruleId === 'K8S-003').map((f) => f.fingerprint);
    // the value hako 0.1 wrote (a baseline written then must still match)
    expect(prints).toEqual([
      '9146275ea28f738f70059f91af84206c',
      sha(JSON.stringify(['9146275ea28f738f70059f91af84206c', 2])),
    ]);
  });

  it('three twins: #2 and #3 by order within the file', async () => {
    const r = await scan({
      inputs: [{ path: 'pods.yaml', content: `${POD}---\n${POD}---\n${POD}` }],
      rules: ['K8S-003'],
    });
    const [first, ...rest] = r.findings.filter((f) => f.ruleId === 'K8S-003').map((f) => f.fingerprint);
    expect(rest).toEqual([sha(JSON.stringify([first, 2])), sha(JSON.stringify([first, 3]))]);
  });
});

describe('findings', () => {
  it('own their references: changing one changes neither the rule metadata nor the next scan', async () => {
    const a = await scan({ inputs: [{ path: 'pod.yaml', content: POD }], rules: ['K8S-003'] });
    const f = a.findings.find((x) => x.ruleId === 'K8S-003')!;
    const meta = allRules.find((r) => r.meta.id === 'K8S-003')!.meta;
    expect(f.references).toEqual(meta.references);
    expect(f.references).not.toBe(meta.references);
    f.references.push('https://example.com/changed');
    f.resource.name = 'changed';
    const b = await scan({ inputs: [{ path: 'pod.yaml', content: POD }], rules: ['K8S-003'] });
    const g = b.findings.find((x) => x.ruleId === 'K8S-003')!;
    expect(g.references).toEqual(meta.references);
    expect(g.resource.name).toBe('twin');
  });
});

describe('format', () => {
  it('fills placeholders as a global replace would, templates cached or not', () => {
    for (let i = 0; i < 2; i++) {
      expect(format('no placeholders')).toBe('no placeholders');
      expect(format('{a} and {b}, {a} again', { a: 1, b: 'x' })).toBe('1 and x, 1 again');
      expect(format('{missing} stays, {{a}} braces', { a: 'A' })).toBe('{missing} stays, {A} braces');
      expect(format('{a}{a}', { a: '$&' })).toBe('$&$&'); // replacement patterns are not special
      expect(format('{a-b} {} {a}', { a: 0 })).toBe('{a-b} {} 0');
      expect(format('{a}')).toBe('{a}');
    }
  });
});

describe('capFindings', () => {
  it('fields holding NUL never merge two different findings into one group', () => {
    const a = finding({
      location: { file: 'f\0TaskDefinition', startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
      resource: { kind: 'x', name: 'r', namespace: null, address: 'r' },
    });
    const b = finding({
      location: { file: 'f', startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
      resource: { kind: 'TaskDefinition\0x', name: 'r', namespace: null, address: 'r' },
    });
    const { kept, capped } = capFindings([a, a, b, b], 1);
    expect(kept).toEqual([a, b]);
    expect(capped.map((c) => [c.file, c.more])).toEqual([
      ['f\0TaskDefinition', 1],
      ['f', 1],
    ]);
  });
});
