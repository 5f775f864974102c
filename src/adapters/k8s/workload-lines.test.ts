/**
 * Lines test: the workload view of every pod-bearing kind — where its pod spec and containers are,
 * what each container's security settings are after pod-level inheritance, and where `srcAt` points.
 */
import { describe, expect, it } from 'vitest';
import type { Workload } from '../../model/k8s/workload.js';
import { emptyState } from '../../model/state.js';
import { adaptText } from '../index.js';

const STREAM = `apiVersion: v1
kind: Pod
metadata:
  name: solo
  namespace: shop
  labels:
    app: solo
  annotations:
    container.apparmor.security.beta.kubernetes.io/app: localhost/k8s-apparmor
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 1000
    seccompProfile:
      type: RuntimeDefault
    seLinuxOptions:
      level: "s0:c123,c456"
    appArmorProfile:
      type: RuntimeDefault
  initContainers:
    - name: init
      image: busybox:1.36
      securityContext:
        runAsNonRoot: false
        seLinuxOptions:
          type: container_init_t
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        runAsUser: 0
        seccompProfile:
          type: Localhost
          localhostProfile: p.json
    - name: sidecar
      image: envoy:1.30
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: data }
spec:
  template:
    spec:
      containers: [{ name: db, image: "postgres:16" }]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent }
spec:
  template:
    spec:
      containers: [{ name: agent, image: "agent:1" }]
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: { name: rs }
spec:
  template:
    spec:
      containers: [{ name: rs, image: "rs:1" }]
---
apiVersion: batch/v1
kind: Job
metadata: { name: migrate }
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: migrate, image: "migrate:1" }]
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly }
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          annotations: { team: ops }
        spec:
          restartPolicy: OnFailure
          containers: [{ name: report, image: "report:1" }]
---
apiVersion: v1
kind: ReplicationController
metadata: { name: legacy }
spec:
  template:
    spec:
      containers: [{ name: legacy, image: "legacy:1" }]
---
apiVersion: v1
kind: PodTemplate
metadata: { name: tmpl }
template:
  spec:
    containers: [{ name: tmpl, image: "tmpl:1" }]
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { ports: [{ port: 80 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: no-template }
spec: { replicas: 1 }
---
apiVersion: example.com/v1
kind: Deployment
metadata: { name: custom }
spec:
  template:
    spec:
      containers: [{ name: x, image: "x:1" }]
`;

const TOOLS = `apiVersion: v1
kind: Pod
metadata:
  name: tools
spec:
  hostNetwork: true
  serviceAccount: legacy-sa
  automountServiceAccountToken: false
  os: { name: linux }
  securityContext:
    fsGroup: 2000
    supplementalGroups: [3000, 4000]
    sysctls:
      - name: net.ipv4.ip_local_port_range
        value: "1024 65535"
  volumes:
    - name: sock
      hostPath:
        path: /var/run/docker.sock
        type: Socket
    - name: scratch
      emptyDir: {}
  containers:
    - name: tools
      image: tools:2
      ports:
        - containerPort: 8080
          hostPort: 80
      env:
        - name: MODE
          value: fast
        - name: TOKEN
          valueFrom:
            secretKeyRef: { name: t, key: k }
      resources:
        requests: { cpu: 1, memory: 64Mi }
      volumeMounts:
        - name: sock
          mountPath: /var/run/docker.sock
      securityContext:
        privileged: true
        capabilities:
          add: [NET_ADMIN]
          drop: [ALL]
`;

function workloads(file: string, text: string, syntax: 'yaml' | 'json' = 'yaml'): Workload[] {
  const state = emptyState();
  const out = adaptText(file, syntax, text, state);
  expect(out.errors).toEqual([]);
  return state.k8s.workloads;
}

const range = (s: { startLine: number; startColumn: number; endLine: number; endColumn: number }) =>
  [s.startLine, s.startColumn, s.endLine, s.endColumn] as const;

describe('Kubernetes workload view lines', () => {
  const all = workloads('app.yaml', STREAM);
  const byName = (address: string): Workload => {
    const w = all.find((x) => x.ref.address === address);
    if (!w) throw new Error(`no workload ${address}`);
    return w;
  };

  it('builds one workload per pod-bearing object, not for Services, template-less or custom kinds', () => {
    expect(all.map((w) => [w.kind, w.ref.address, w.podSpecPointer])).toEqual([
      ['Pod', 'Pod/shop/solo', '/spec'],
      ['Deployment', 'Deployment/default/web', '/spec/template/spec'],
      ['StatefulSet', 'StatefulSet/data/db', '/spec/template/spec'],
      ['DaemonSet', 'DaemonSet/default/agent', '/spec/template/spec'],
      ['ReplicaSet', 'ReplicaSet/default/rs', '/spec/template/spec'],
      ['Job', 'Job/default/migrate', '/spec/template/spec'],
      ['CronJob', 'CronJob/default/nightly', '/spec/jobTemplate/spec/template/spec'],
      ['ReplicationController', 'ReplicationController/default/legacy', '/spec/template/spec'],
      ['PodTemplate', 'PodTemplate/default/tmpl', '/template/spec'],
    ]);
  });

  it.each([
    ['Pod/shop/solo', 1, 11, 'app', [28, 7, 35, 1]],
    ['Deployment/default/web', 41, 50, 'web', [51, 11, 53, 1]],
    ['StatefulSet/data/db', 54, 60, 'db', [60, 20, 60, 54]],
    ['DaemonSet/default/agent', 62, 68, 'agent', [68, 20, 68, 53]],
    ['ReplicaSet/default/rs', 70, 76, 'rs', [76, 20, 76, 47]],
    ['Job/default/migrate', 78, 84, 'migrate', [85, 20, 85, 57]],
    ['CronJob/default/nightly', 87, 98, 'report', [99, 24, 99, 59]],
    ['ReplicationController/default/legacy', 101, 107, 'legacy', [107, 20, 107, 55]],
    ['PodTemplate/default/tmpl', 109, 114, 'tmpl', [114, 18, 114, 49]],
  ] as const)(
    '%s: object at %i, pod spec at %i, first container %s at %j',
    (address, objLine, specLine, name, c) => {
      const w = byName(address);
      expect(w.src.startLine).toBe(objLine);
      expect(w.object.ref).toBe(w.ref);
      expect(w.srcAt('').startLine).toBe(specLine);
      expect(w.srcAt('').pointer).toBe(w.podSpecPointer);
      const first = w.containers[0]!;
      expect(first.name.value).toBe(name);
      expect(range(first.src)).toEqual(c);
      expect(first.src.pointer).toBe(`${w.podSpecPointer}/containers/0`);
      expect(first.pointer).toBe('/containers/0');
    },
  );

  it('reads namespace (default located at metadata) and the pod template metadata', () => {
    const pod = byName('Pod/shop/solo');
    expect(pod.namespace).toMatchObject({ value: 'shop', origin: 'explicit' });
    expect(pod.namespace.src.startLine).toBe(5);
    const web = byName('Deployment/default/web');
    expect(web.namespace).toMatchObject({ value: 'default', origin: 'default' });
    expect(web.namespace.src.startLine).toBe(44);
    expect(web.podMeta.labels.get('app')).toMatchObject({
      value: 'web',
      src: { startLine: 48, startColumn: 22 },
    });
    expect(pod.podMeta.labels.get('app')?.src.startLine).toBe(7);
    const cron = byName('CronJob/default/nightly');
    expect(cron.podMeta.annotations.get('team')).toMatchObject({ value: 'ops', src: { startLine: 96 } });
    expect(cron.podMeta.src.pointer).toBe('/spec/jobTemplate/spec/template/metadata');
    expect(byName('Job/default/migrate').podMeta.labels.size).toBe(0);
  });

  it('lists containers, init containers and ephemeral containers with their kind', () => {
    const pod = byName('Pod/shop/solo');
    expect(
      pod.containers.map((c) => [c.kind, c.name.value, c.pointer, c.src.startLine, c.image.value]),
    ).toEqual([
      ['container', 'app', '/containers/0', 28, 'nginx:1.27'],
      ['container', 'sidecar', '/containers/1', 35, 'envoy:1.30'],
      ['initContainer', 'init', '/initContainers/0', 21, 'busybox:1.36'],
      ['ephemeralContainer', 'debug', '/ephemeralContainers/0', 38, 'busybox:1.36'],
    ]);
    expect(range(pod.containers[0]!.image.src)).toEqual([29, 14, 29, 24]);
  });

  describe('pod-level inheritance', () => {
    const pod = byName('Pod/shop/solo');
    const c = (name: string) => pod.containers.find((x) => x.name.value === name)!.effective;

    it('pod runAsNonRoot: true holds for every container that does not override it', () => {
      for (const name of ['app', 'sidecar', 'debug']) {
        expect(c(name).runAsNonRoot).toMatchObject({ value: true, origin: 'explicit', level: 'pod' });
        expect(range(c(name).runAsNonRoot.src)).toEqual([12, 19, 12, 23]);
      }
    });

    it('a container runAsNonRoot: false overrides the pod', () => {
      expect(c('init').runAsNonRoot).toMatchObject({ value: false, level: 'container' });
      expect(range(c('init').runAsNonRoot.src)).toEqual([24, 23, 24, 28]);
      expect(pod.containers[2]!.securityContext.runAsNonRoot?.value).toBe(false);
    });

    it('runAsUser from the container (0) or the pod (1000); runAsGroup unset is a default at the container', () => {
      expect(c('app').runAsUser).toMatchObject({ value: 0, level: 'container', src: { startLine: 31 } });
      expect(c('sidecar').runAsUser).toMatchObject({ value: 1000, level: 'pod', src: { startLine: 13 } });
      // Located at the container's securityContext when it has one, else at the container.
      expect(c('app').runAsGroup).toMatchObject({ value: null, origin: 'default', level: 'default' });
      expect(range(c('app').runAsGroup.src)).toEqual([31, 9, 35, 1]);
      expect(range(c('sidecar').runAsGroup.src)).toEqual([35, 7, 37, 1]);
    });

    it('seccompProfile is replaced whole: a container Localhost wins over the pod RuntimeDefault', () => {
      expect(c('app').seccompProfileType).toMatchObject({
        value: 'Localhost',
        level: 'container',
        src: { startLine: 33 },
      });
      expect(c('sidecar').seccompProfileType).toMatchObject({
        value: 'RuntimeDefault',
        level: 'pod',
        src: { startLine: 15 },
      });
      expect(pod.containers[0]!.securityContext.seccompProfile?.localhostProfile?.value).toBe('p.json');
    });

    it('seLinuxOptions is replaced whole: the init container type does not inherit the pod level', () => {
      const init = c('init').seLinuxOptions;
      expect(init.level).toBe('container');
      expect(init.value?.type?.value).toBe('container_init_t');
      expect(init.value?.level).toBeUndefined();
      expect(init.src.startLine).toBe(26);
      expect(c('app').seLinuxOptions).toMatchObject({ level: 'pod', src: { startLine: 17 } });
      expect(c('app').seLinuxOptions.value?.level?.value).toBe('s0:c123,c456');
    });

    it('appArmorProfile: container field, then the legacy annotation, then the pod field', () => {
      const app = c('app').appArmorProfile;
      expect(app.level).toBe('annotation');
      expect(app.value?.type.value).toBe('Localhost');
      expect(app.value?.localhostProfile?.value).toBe('k8s-apparmor');
      expect(app.src.startLine).toBe(9);
      expect(c('sidecar').appArmorProfile).toMatchObject({ level: 'pod', src: { startLine: 19 } });
      expect(c('sidecar').appArmorProfile.value?.type.value).toBe('RuntimeDefault');
    });

    it('defaults when neither level sets a value', () => {
      const web = byName('Deployment/default/web').containers[0]!;
      expect(web.effective.runAsNonRoot).toMatchObject({ value: false, origin: 'default', level: 'default' });
      expect(web.effective.seccompProfileType).toMatchObject({ value: null, level: 'default' });
      expect(web.effective.appArmorProfile).toMatchObject({ value: null, level: 'default' });
      expect(web.effective.windowsHostProcess).toMatchObject({ value: false, level: 'default' });
      expect(range(web.effective.runAsNonRoot.src)).toEqual([51, 11, 53, 1]);
      expect(web.securityContext).toMatchObject({
        present: false,
        privileged: { value: false, origin: 'default' },
        allowPrivilegeEscalation: { value: true, origin: 'default' },
        readOnlyRootFilesystem: { value: false, origin: 'default' },
        procMount: { value: 'Default', origin: 'default' },
      });
    });
  });

  describe('srcAt', () => {
    const pod = byName('Pod/shop/solo');
    it('points at the field when it is written', () => {
      const s = pod.srcAt('/containers/0/securityContext/runAsUser');
      expect(range(s)).toEqual([31, 20, 31, 21]);
      expect(s).toMatchObject({
        pointer: '/spec/containers/0/securityContext/runAsUser',
        resource: 'Pod/shop/solo',
      });
      expect(pod.srcAt('/initContainers/0/securityContext/seLinuxOptions/type').startLine).toBe(26);
    });
    it('falls back to the nearest written ancestor', () => {
      expect(pod.srcAt('/containers/0/securityContext/privileged').pointer).toBe(
        '/spec/containers/0/securityContext',
      );
      expect(range(pod.srcAt('/containers/1/securityContext/privileged'))).toEqual([35, 7, 37, 1]);
      expect(pod.srcAt('/containers/7/image').pointer).toBe('/spec/containers');
      expect(pod.srcAt('/hostNetwork').pointer).toBe('/spec');
      expect(pod.srcAt('').pointer).toBe('/spec');
    });
    it('works below a CronJob job template', () => {
      const cron = byName('CronJob/default/nightly');
      expect(cron.srcAt('/restartPolicy')).toMatchObject({ startLine: 98, startColumn: 26 });
      expect(cron.srcAt('/containers/0/securityContext/runAsNonRoot')).toMatchObject({
        startLine: 99,
        pointer: '/spec/jobTemplate/spec/template/spec/containers/0',
      });
    });
  });
});

describe('Kubernetes workload pod view lines', () => {
  const [tools] = workloads('tools.yaml', TOOLS);
  const w = tools!;
  const c = w.containers[0]!;

  it('reads pod-level fields and their defaults', () => {
    expect(w.pod.hostNetwork).toMatchObject({ value: true, origin: 'explicit', src: { startLine: 6 } });
    expect(w.pod.hostPID).toMatchObject({ value: false, origin: 'default', src: { startLine: 6 } });
    expect(w.pod.hostUsers).toMatchObject({ value: true, origin: 'default' });
    expect(w.pod.serviceAccountName).toMatchObject({ value: 'legacy-sa', src: { startLine: 7 } });
    expect(w.pod.automountServiceAccountToken).toMatchObject({ value: false, src: { startLine: 8 } });
    expect(w.pod.os?.value).toBe('linux');
    const sc = w.pod.securityContext;
    expect(sc.fsGroup).toMatchObject({ value: 2000, src: { startLine: 11 } });
    expect(sc.supplementalGroups.map((g) => [g.value, g.src.startLine, g.src.startColumn])).toEqual([
      [3000, 12, 26],
      [4000, 12, 32],
    ]);
    expect(sc.sysctls.map((s) => [s.name.value, s.value.value, s.src.startLine])).toEqual([
      ['net.ipv4.ip_local_port_range', '1024 65535', 14],
    ]);
  });

  it('reads volumes with their source and hostPath', () => {
    expect(w.pod.volumes.map((v) => [v.name.value, v.source, v.pointer, v.src.startLine])).toEqual([
      ['sock', 'hostPath', '/volumes/0', 17],
      ['scratch', 'emptyDir', '/volumes/1', 21],
    ]);
    expect(w.pod.volumes[0]!.hostPath).toMatchObject({
      path: { value: '/var/run/docker.sock', src: { startLine: 19, startColumn: 15 } },
      type: { value: 'Socket', src: { startLine: 20 } },
    });
  });

  it('reads ports, env, resources and mounts of a container', () => {
    expect(
      c.ports.map((p) => [
        p.containerPort?.value,
        p.hostPort?.value,
        p.hostPort?.src.startLine,
        p.protocol.origin,
      ]),
    ).toEqual([[8080, 80, 28, 'default']]);
    expect(
      c.env.map((e) => [e.name.value, e.value?.value, e.valueFrom?.src.startLine, e.src.startLine]),
    ).toEqual([
      ['MODE', 'fast', undefined, 30],
      ['TOKEN', undefined, 34, 32],
    ]);
    const from = c.env[1]?.valueFrom;
    expect([from?.kind, from?.name?.value, from?.key?.value, from?.key?.src.startLine]).toEqual([
      'secretKeyRef',
      't',
      'k',
      34,
    ]);
    expect(c.resources.requests.get('cpu')).toMatchObject({
      value: '1',
      src: { startLine: 36, startColumn: 26 },
    });
    expect(c.resources.requests.get('memory')?.value).toBe('64Mi');
    expect(c.resources.limits.size).toBe(0);
    expect(
      c.volumeMounts.map((m) => [m.name.value, m.mountPath.value, m.readOnly.origin, m.src.startLine]),
    ).toEqual([['sock', '/var/run/docker.sock', 'default', 38]]);
  });

  it('reads the container securityContext as written', () => {
    const sc = c.securityContext;
    expect(sc.present).toBe(true);
    expect(range(sc.src)).toEqual([41, 9, 45, 1]);
    expect(sc.privileged).toMatchObject({
      value: true,
      origin: 'explicit',
      src: { startLine: 41, startColumn: 21 },
    });
    expect(sc.capabilities.add.map((v) => [v.value, v.src.startLine, v.src.startColumn])).toEqual([
      ['NET_ADMIN', 43, 17],
    ]);
    expect(sc.capabilities.drop.map((v) => v.value)).toEqual(['ALL']);
    expect(sc.capabilities.src.startLine).toBe(43);
  });
});

describe('Kubernetes workload view from JSON', () => {
  const json = `{
  "apiVersion": "batch/v1",
  "kind": "CronJob",
  "metadata": { "name": "backup", "namespace": "ops" },
  "spec": {
    "schedule": "@daily",
    "jobTemplate": { "spec": { "template": { "spec": {
      "securityContext": { "runAsNonRoot": true },
      "containers": [ { "name": "backup", "image": "backup:3", "securityContext": { "runAsNonRoot": false } } ]
    } } } }
  }
}`;
  const [w] = workloads('backup.json', json, 'json');
  it('keeps JSON positions and inheritance', () => {
    expect(w?.podSpecPointer).toBe('/spec/jobTemplate/spec/template/spec');
    expect(w?.srcAt('').startLine).toBe(7);
    const c = w!.containers[0]!;
    expect(c.effective.runAsNonRoot).toMatchObject({
      value: false,
      level: 'container',
      src: { startLine: 9 },
    });
    expect(range(c.src)).toEqual([9, 23, 9, 110]);
    expect(w!.srcAt('/securityContext/runAsNonRoot')).toMatchObject({ startLine: 8, startColumn: 44 });
  });
});

describe('typed env sources', () => {
  it('reads envFrom entries and fieldRef sources, located', () => {
    const state = emptyState();
    adaptText(
      'env.yaml',
      'yaml',
      `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: shop }
spec:
  containers:
    - name: c
      image: busybox:1.36
      envFrom:
        - configMapRef: { name: settings }
          prefix: APP_
        - secretRef: { name: creds, optional: true }
      env:
        - name: NODE
          valueFrom:
            fieldRef: { fieldPath: spec.nodeName }
`,
      state,
    );
    const c = state.k8s.workloads[0]?.containers[0];
    expect(
      c?.envFrom.map((f) => [
        f.configMapRef?.value,
        f.secretRef?.value,
        f.prefix?.value,
        f.optional?.value,
        f.src.startLine,
      ]),
    ).toEqual([
      ['settings', undefined, 'APP_', undefined, 9],
      [undefined, 'creds', undefined, true, 11],
    ]);
    const node = c?.env[0]?.valueFrom;
    expect([node?.kind, node?.field?.value, node?.field?.src.startLine]).toEqual([
      'fieldRef',
      'spec.nodeName',
      15,
    ]);
  });
});

describe('pod spec locations without the tree (srcAt)', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    runAsUser: 1
  securityContext:
    runAsGroup: 2
  volumes:
    - name: a
      hostPath: {path: /a}
  containers:
    - &c
      name: app
      image: app:1
      securityContext:
        privileged: true
    - *c
`;
  const [w] = workloads('p.yaml', text);
  const line = (p: string) => w!.srcAt(p).startLine;
  it('finds written fields, the last of duplicate keys', () => {
    expect(line('/containers/0/securityContext/privileged')).toBe(17);
    expect(line('/securityContext/runAsGroup')).toBe(8);
    // the first securityContext is not what the API server reads: its field resolves to the last
    // one (a block map starts at its first key)
    expect(line('/securityContext/runAsUser')).toBe(8);
    expect(line('/volumes/0/hostPath/path')).toBe(11);
  });
  it('resolves a field not written to its nearest written ancestor, and the root to the pod spec', () => {
    expect(line('/containers/0/securityContext/runAsNonRoot')).toBe(17);
    expect(line('/containers/5/name')).toBe(13);
    expect(line('')).toBe(5);
    expect(w!.srcAt('/securityContext').pointer).toBe('/spec/securityContext');
  });
  it('locates alias-expanded items at their anchor, and reads an index as its digits', () => {
    expect(line('/containers/1')).toBe(14);
    expect(w!.srcAt('/containers/01/image')).toMatchObject({
      startLine: 15,
      pointer: '/spec/containers/1/image',
      resource: 'Pod/default/p',
    });
  });
});
