import { describe, expect, it } from 'vitest';
import { type Finding, renderSarif, scan } from '../../src/index.js';

const POD = `apiVersion: v1
kind: Pod
metadata: { name: twin, namespace: default }
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext: { privileged: true }
`;

const prints = (fs: Finding[]) =>
  fs.filter((f) => f.ruleId === 'K8S-003' || f.message.includes('privileged'));

describe('fingerprints', () => {
  it('tell apart findings that share rule, resource, path and data, by order, not by line', async () => {
    const twice = `${POD}---\n${POD}`;
    const a = await scan({ inputs: [{ path: 'pods.yaml', content: twice }] });
    const b = await scan({ inputs: [{ path: 'pods.yaml', content: `# a\n# b\n\n${twice}` }] });
    const pa = a.findings.map((f) => f.fingerprint);
    expect(new Set(pa).size).toBe(pa.length);
    expect(b.findings.map((f) => f.fingerprint).sort()).toEqual([...pa].sort());
    expect(prints(a.findings).length).toBeGreaterThanOrEqual(2);
  });

  it('are what SARIF gives as partialFingerprints', async () => {
    const r = await scan({ inputs: [{ path: 'pod.yaml', content: POD }] });
    const sarif = JSON.parse(renderSarif(r, { colour: false, lang: 'en', version: '0' })) as {
      runs: { results: { partialFingerprints: Record<string, string> }[] }[];
    };
    expect(sarif.runs[0]!.results.map((x) => Object.values(x.partialFingerprints)[0]).sort()).toEqual(
      r.findings.map((f) => f.fingerprint).sort(),
    );
  });
});
