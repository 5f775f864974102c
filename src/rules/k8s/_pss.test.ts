/**
 * The per-check PSS rules K8S-101..119 as a whole: one finding per container (or pod) and problem,
 * the other fields of that problem in `related`, and a violation the baseline check forbids keeps
 * its rule, severity and wording at restricted (where upstream's restricted check replaces it).
 */
import { describe, expect, it } from 'vitest';
import type { Workload } from '../../model/k8s/workload.js';
import type { Finding } from '../../result.js';
import { scan } from '../../scan.js';
import { pssParts } from './_pss.js';

const POD = `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }

spec:
  hostNetwork: true
  hostPID: true
  initContainers:
    - name: init
      image: busybox:1.36
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        capabilities:
          add: [SYS_ADMIN, NET_ADMIN]
    - name: sidecar
      image: envoyproxy/envoy:v1.31.0
      securityContext:
        seccompProfile: { type: Unconfined }
  volumes:
    - name: logs
      hostPath: { path: /var/log }
    - name: etc
      hostPath: { path: /etc }
    - name: share
      nfs: { server: nfs.internal, path: /export }
`;

async function findings(level: 'baseline' | 'restricted', content = POD): Promise<Finding[]> {
  const result = await scan({
    inputs: [{ path: 'pod.yaml', content }],
    now: new Date('2026-11-28T00:00:00Z'),
    pss: { level },
  });
  return result.findings.filter((f) => /^K8S-1\d\d$/.test(f.ruleId));
}

const byRule = (fs: Finding[], id: string) => fs.filter((f) => f.ruleId === id);
const summary = (f: Finding) => `${f.ruleId} ${f.severity} ${f.location.startLine}`;

describe('PSS rules: one finding per container (or pod) and problem', () => {
  it('K8S-104 reports each container once, not once per field with the same message', async () => {
    const fs = byRule(await findings('restricted'), 'K8S-104');
    // old behaviour: 5 findings (init, app drop, app add[0], app add[1], sidecar), all with one message
    expect(fs.map(summary)).toEqual(['K8S-104 medium 9', 'K8S-104 medium 16', 'K8S-104 medium 20']);
    expect(new Set(fs.map((f) => f.message)).size).toBe(3);
    expect(fs[0]!.message).toBe(
      'Pod "web" container "init": capabilities not dropped; Pod Security restricted requires securityContext.capabilities.drop: ["ALL"] (capabilities_restricted)',
    );
    for (const f of fs) expect(f.message).not.toContain('SYS_ADMIN');
  });

  it('K8S-105 reports the pod once, the second host namespace in related (located)', async () => {
    for (const level of ['baseline', 'restricted'] as const) {
      const fs = byRule(await findings(level), 'K8S-105');
      expect(fs.map(summary)).toEqual(['K8S-105 high 6']);
      expect(fs[0]!.related).toEqual([
        { file: 'pod.yaml', startLine: 7, message: 'also spec.hostPID', noteId: 'alsoField' },
      ]);
    }
  });

  it('hostPath volumes are one K8S-106 finding (high) at both levels; K8S-112 keeps only the nfs volume', async () => {
    for (const level of ['baseline', 'restricted'] as const) {
      const fs = await findings(level);
      expect(byRule(fs, 'K8S-106').map(summary)).toEqual(['K8S-106 high 23']);
      expect(byRule(fs, 'K8S-106')[0]!.message).toBe(
        'Pod "web" violates Pod Security baseline (hostPathVolumes): hostPath volumes (volumes "logs", "etc")',
      );
      expect(byRule(fs, 'K8S-106')[0]!.related).toEqual([
        { file: 'pod.yaml', startLine: 25, message: 'also volume "etc" hostPath', noteId: 'alsoVolumeField' },
      ]);
    }
    const restricted = byRule(await findings('restricted'), 'K8S-112');
    expect(restricted.map(summary)).toEqual(['K8S-112 medium 27']);
    expect(restricted[0]!.message).toContain('volume "share" uses restricted volume type "nfs"');
  });
});

describe('PSS rules: a violation baseline forbids keeps its severity and wording at restricted', () => {
  it('an added SYS_ADMIN is "adds SYS_ADMIN" (K8S-103, high) at baseline and at restricted', async () => {
    const want = [
      'K8S-103 high 16 Pod "web" container "app": adds SYS_ADMIN, NET_ADMIN, beyond the default capabilities Pod Security baseline allows (capabilities_baseline)',
    ];
    for (const level of ['baseline', 'restricted'] as const) {
      const fs = byRule(await findings(level), 'K8S-103');
      expect(fs.map((f) => `${summary(f)} ${f.message}`)).toEqual(want);
      expect(fs[0]!.related).toEqual([
        {
          file: 'pod.yaml',
          startLine: 16,
          message: 'also container "app" securityContext.capabilities.add[1]',
          noteId: 'alsoContainerField',
        },
      ]);
    }
  });

  it('a single capability reads "adds SYS_ADMIN"', async () => {
    const pod = POD.replace('add: [SYS_ADMIN, NET_ADMIN]', 'add: [SYS_ADMIN]');
    const [f] = byRule(await findings('restricted', pod), 'K8S-103');
    expect(f?.message).toContain('container "app": adds SYS_ADMIN,');
    expect(f?.severity).toBe('high');
  });

  it('Unconfined seccomp is K8S-115 (high) at both levels, not K8S-116 (medium) at restricted', async () => {
    for (const level of ['baseline', 'restricted'] as const) {
      const fs = await findings(level);
      expect(byRule(fs, 'K8S-115').map(summary)).toEqual(['K8S-115 high 20']);
      expect(byRule(fs, 'K8S-115')[0]!.message).toBe(
        'Pod "web" violates Pod Security baseline (seccompProfile_baseline): seccompProfile (container "sidecar" must not set securityContext.seccompProfile.type to "Unconfined")',
      );
      expect(byRule(fs, 'K8S-116')).toEqual([]);
    }
  });

  it('a default capability added back (CHOWN) is restricted-only: K8S-104 medium, "adds CHOWN back"', async () => {
    const pod = `apiVersion: v1
kind: Pod
metadata: { name: files, namespace: shop }

spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        capabilities:
          drop: [ALL]
          add: [CHOWN, SYS_ADMIN]
`;
    const restricted = await findings('restricted', pod);
    expect(byRule(restricted, 'K8S-104').map((f) => `${summary(f)} ${f.message}`)).toEqual([
      'K8S-104 medium 12 Pod "files" container "app": adds CHOWN back; Pod Security restricted allows adding back only NET_BIND_SERVICE (capabilities_restricted)',
    ]);
    expect(byRule(restricted, 'K8S-103').map(summary)).toEqual(['K8S-103 high 12']);
    expect(byRule(await findings('baseline', pod), 'K8S-104')).toEqual([]);
  });
});

describe('PSS rules: one evaluation per workload, shared by every rule of the scan', () => {
  it('reads each workload pod once and computes its parts once, at both levels', async () => {
    for (const level of ['baseline', 'restricted'] as const) {
      let reads = 0;
      let first: Workload | undefined;
      const result = await scan({
        inputs: [{ path: 'pod.yaml', content: POD }],
        now: new Date('2026-11-28T00:00:00Z'),
        pss: { level },
        onState: (state) => {
          for (const w of state.k8s.workloads) {
            first ??= w;
            const read = w.podInput.bind(w);
            w.podInput = () => {
              reads++;
              return read();
            };
          }
        },
      });
      // old behaviour: the pod read again for every rule with a violation (once per rule with a violation)
      expect(result.findings.filter((f) => /^K8S-1\d\d$/.test(f.ruleId)).length).toBeGreaterThan(3);
      expect(reads).toBe(1);
      const w = first!;
      const parts = pssParts(w, 'hostPathVolumes', level, 'latest');
      expect(parts.length).toBeGreaterThan(0);
      expect(pssParts(w, 'hostPathVolumes', level, 'latest')).toBe(parts);
      expect(reads).toBe(1);
    }
  });
});
