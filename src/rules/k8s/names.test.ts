/**
 * Names in K8S messages go through one helper (`showName`): quoted once, a quote inside a name
 * escaped, a container without a name shown as `(unnamed)` rather than `"(unnamed)"` or `""`.
 */
import { describe, expect, it } from 'vitest';
import { scanFiles } from '../../../test/helpers/run-rule.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: 'we"b'
  namespace: default
spec:
  containers:
    - image: nginx:latest
      securityContext:
        capabilities:
          add: [SYS_ADMIN]
      volumeMounts:
        - name: 'ho"st'
          mountPath: /host
  volumes:
    - name: 'ho"st'
      hostPath:
        path: /etc
---
apiVersion: v1
kind: Namespace
metadata:
  name: 'te"am'
---
apiVersion: v1
kind: Service
metadata:
  name: 'ed"ge'
spec:
  type: NodePort
  ports:
    - port: 80
      nodePort: 30080
`;

describe('K8S rule messages print names once', () => {
  it.each([
    ['K8S-002', 'namespace "te\\"am" has no pod-security'],
    ['K8S-003', 'Pod "we\\"b": container (unnamed) does not set readOnlyRootFilesystem'],
    ['K8S-004', 'Pod "we\\"b": container (unnamed) sets no resources.'],
    ['K8S-005', 'Pod "we\\"b": container (unnamed) uses image "nginx:latest"'],
    ['K8S-008', 'Pod "we\\"b" is deployed in the default namespace'],
    ['K8S-009', 'Pod "we\\"b": volume "ho\\"st" mounts host path /etc (under /etc) into (unnamed)'],
    ['K8S-011', 'Service "ed\\"ge" of type NodePort opens'],
    ['K8S-103', 'Pod "we\\"b" container (unnamed): adds SYS_ADMIN, beyond'],
  ])('%s', async (rule, text) => {
    const findings = (await scanFiles({ 'all.yaml': POD }, [rule])).filter((f) => f.ruleId === rule);
    expect(findings.map((f) => f.message).find((m) => m.includes(text))).toBeDefined();
    for (const f of findings) {
      expect(f.message).not.toContain('""');
      expect(f.message).not.toContain('"(unnamed)"');
    }
  });
});
