import { describe, expect, it } from 'vitest';
import { noteText } from '../../notes.js';
import { parseJson } from '../../parse/json.js';
import { parseYaml } from '../../parse/yaml.js';
import { displayName, loadK8sFields, parseFieldsModel, parseFieldType, rootType } from './model.js';
import { dotted, validateObject } from './validate.js';

const model = loadK8sFields();

/** [kind, path, suggestion] of each problem of a YAML object validated against its root type. */
function problems(yaml: string): [string, string, string | undefined][] {
  return details(yaml).map((p) => [p.kind, p.path, p.suggestion]);
}

function details(yaml: string) {
  const parsed = parseYaml('t.yaml', yaml);
  expect(parsed.errors).toEqual([]);
  const node = parsed.docs[0]!.node;
  const obj = node.kind === 'map' ? Object.fromEntries(node.entries.map((e) => [e.key, e.value])) : {};
  const api = obj.apiVersion?.kind === 'scalar' ? String(obj.apiVersion.value) : '';
  const kind = obj.kind?.kind === 'scalar' ? String(obj.kind.value) : '';
  const root = rootType(model, api, kind);
  if (!root) throw new Error(`no root for ${api} ${kind}`);
  return validateObject(model, root, node);
}

const pod = (spec: string) => `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
${spec
  .split('\n')
  .map((l) => `  ${l}`)
  .join('\n')}
`;

describe('k8s field model', () => {
  it('names its source and Kubernetes API level', () => {
    expect(model.source).toMatch(/^kubernetes python client \d+\.\d+\.\d+ \(Kubernetes 1\.\d+ API\)$/);
  });

  it('has a root for every pod-bearing kind', () => {
    expect([...model.roots.keys()].sort()).toEqual([
      'apps/v1 DaemonSet',
      'apps/v1 Deployment',
      'apps/v1 ReplicaSet',
      'apps/v1 StatefulSet',
      'batch/v1 CronJob',
      'batch/v1 Job',
      'v1 Pod',
      'v1 PodTemplate',
      'v1 ReplicationController',
    ]);
    expect(rootType(model, 'apps/v1', 'Deployment')).toBe('V1Deployment');
    expect(rootType(model, 'v1', 'ConfigMap')).toBeUndefined();
    expect(rootType(model, 'example.com/v1', 'Deployment')).toBeUndefined();
  });

  it('holds the security-relevant fields', () => {
    const sc = model.types.get('V1SecurityContext');
    expect([...(sc?.keys() ?? [])].sort()).toEqual([
      'allowPrivilegeEscalation',
      'appArmorProfile',
      'capabilities',
      'privileged',
      'procMount',
      'readOnlyRootFilesystem',
      'runAsGroup',
      'runAsNonRoot',
      'runAsUser',
      'seLinuxOptions',
      'seccompProfile',
      'windowsOptions',
    ]);
    expect(model.types.get('V1ResourceRequirements')?.get('limits')).toEqual({
      kind: 'dict',
      of: { kind: 'scalar', scalar: 'quantity' },
    });
    expect(model.types.get('V1HTTPGetAction')?.get('port')).toEqual({ kind: 'any' });
    expect(model.types.get('V1PodSpec')?.get('containers')).toEqual({
      kind: 'list',
      of: { kind: 'object', type: 'V1Container' },
    });
  });

  it('parses type strings and rejects unknown ones', () => {
    const known = new Set(['V1Container']);
    expect(parseFieldType('dict(str, list[str])', known)).toEqual({
      kind: 'dict',
      of: { kind: 'list', of: { kind: 'scalar', scalar: 'str' } },
    });
    expect(() => parseFieldType('V1Nope', known)).toThrow(/unknown type "V1Nope"/);
    expect(() => parseFieldsModel({ source: 's', roots: { 'v1 Pod': 'V1Pod' }, types: {} })).toThrow(
      /root v1 Pod names no type/,
    );
  });

  it('prints Kubernetes type names', () => {
    expect(displayName('V1PodSecurityContext')).toBe('PodSecurityContext');
    expect(displayName('CoreV1ResourceClaim')).toBe('ResourceClaim');
    expect(displayName('V1alpha3WorkloadPodGroupDisruptionMode')).toBe('WorkloadPodGroupDisruptionMode');
  });
});

describe('validateObject: unknown fields', () => {
  const cases: [string, string, [string, string, string | undefined][]][] = [
    [
      'misspelt readOnlyRootFilesystem',
      pod('containers:\n  - name: a\n    image: a:1\n    securityContext: { readOnlyRootFileSystem: true }'),
      [
        [
          'unknown-field',
          '/spec/containers/0/securityContext/readOnlyRootFileSystem',
          'readOnlyRootFilesystem',
        ],
      ],
    ],
    [
      'runAsNonroot at pod level',
      pod('securityContext: { runAsNonroot: true }\ncontainers: [{ name: a, image: "a:1" }]'),
      [['unknown-field', '/spec/securityContext/runAsNonroot', 'runAsNonRoot']],
    ],
    [
      'privileged in the pod securityContext belongs to the container',
      pod('securityContext: { privileged: true }\ncontainers: [{ name: a, image: "a:1" }]'),
      [['unknown-field', '/spec/securityContext/privileged', 'privileged']],
    ],
    [
      'fsGroup in a container securityContext belongs to the pod',
      pod('containers: [{ name: a, image: "a:1", securityContext: { fsGroup: 1 } }]'),
      [['unknown-field', '/spec/containers/0/securityContext/fsGroup', 'fsGroup']],
    ],
    [
      'misspelt and misplaced: did-you-mean in the home type',
      pod('securityContext: { readOnlyRootFileSystem: true }\ncontainers: [{ name: a, image: "a:1" }]'),
      [['unknown-field', '/spec/securityContext/readOnlyRootFileSystem', 'readOnlyRootFilesystem']],
    ],
    [
      'an unknown volume source',
      pod('volumes: [{ name: tmp, tmpfs: {} }]\ncontainers: [{ name: a, image: "a:1" }]'),
      [['unknown-field', '/spec/volumes/0/tmpfs', undefined]],
    ],
    [
      'a lower-case volume source',
      pod('volumes: [{ name: tmp, emptydir: {} }]\ncontainers: [{ name: a, image: "a:1" }]'),
      [['unknown-field', '/spec/volumes/0/emptydir', 'emptyDir']],
    ],
    [
      'init and ephemeral containers',
      pod(
        'initContainers: [{ name: i, image: "i:1", securityContext: { allowPrivilegeEscallation: false } }]\n' +
          'ephemeralContainers: [{ name: d, image: "d:1", targetContainerName: a, imagePullPolicies: Always }]\n' +
          'containers: [{ name: a, image: "a:1" }]',
      ),
      [
        [
          'unknown-field',
          '/spec/initContainers/0/securityContext/allowPrivilegeEscallation',
          'allowPrivilegeEscalation',
        ],
        ['unknown-field', '/spec/ephemeralContainers/0/imagePullPolicies', 'imagePullPolicy'],
      ],
    ],
    [
      'capabilities, seccomp, AppArmor and SELinux',
      pod(
        'containers:\n  - name: a\n    image: a:1\n    securityContext:\n' +
          '      capabilities: { drop: [ALL], remove: [NET_RAW] }\n' +
          '      seccompProfile: { type: Localhost, localhostprofile: p.json }\n' +
          '      appArmorProfile: { type: RuntimeDefault, profile: x }\n' +
          '      seLinuxOptions: { type: container_t, lvl: s0 }',
      ),
      [
        ['unknown-field', '/spec/containers/0/securityContext/capabilities/remove', undefined],
        [
          'unknown-field',
          '/spec/containers/0/securityContext/seccompProfile/localhostprofile',
          'localhostProfile',
        ],
        ['unknown-field', '/spec/containers/0/securityContext/appArmorProfile/profile', undefined],
        ['unknown-field', '/spec/containers/0/securityContext/seLinuxOptions/lvl', undefined],
      ],
    ],
    [
      'volume mounts, env, resources and probes',
      pod(
        'containers:\n  - name: a\n    image: a:1\n' +
          '    volumeMounts: [{ name: v, mountpath: /v }]\n' +
          '    env: [{ name: A, valueFrom: { secretRef: { name: s, key: k } } }]\n' +
          '    resources: { limit: { cpu: 1 } }\n' +
          '    livenessProbe: { httpGet: { path: /, port: 80 }, initialDelay: 5 }',
      ),
      [
        ['unknown-field', '/spec/containers/0/volumeMounts/0/mountpath', 'mountPath'],
        ['unknown-field', '/spec/containers/0/env/0/valueFrom/secretRef', undefined],
        ['unknown-field', '/spec/containers/0/resources/limit', 'limits'],
        ['unknown-field', '/spec/containers/0/livenessProbe/initialDelay', undefined],
      ],
    ],
    [
      'pod fields on a Deployment spec',
      `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  selector: { matchLabels: { app: d } }
  serviceAccountName: d
  template:
    metadata: { label: { app: d } }
    spec:
      containers: [{ name: a, image: "a:1" }]
`,
      [
        ['unknown-field', '/spec/serviceAccountName', 'serviceAccountName'],
        ['unknown-field', '/spec/template/metadata/label', 'labels'],
      ],
    ],
    [
      'a CronJob job template',
      `apiVersion: batch/v1
kind: CronJob
metadata: { name: c }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      backofLimit: 2
      template:
        spec:
          restartPolicy: Never
          containers: [{ name: a, image: "a:1", securityContext: { runAsNonroot: true } }]
`,
      [
        ['unknown-field', '/spec/jobTemplate/spec/backofLimit', 'backoffLimit'],
        [
          'unknown-field',
          '/spec/jobTemplate/spec/template/spec/containers/0/securityContext/runAsNonroot',
          'runAsNonRoot',
        ],
      ],
    ],
    [
      'labels at the top level belong in metadata',
      `apiVersion: v1
kind: Pod
metadata: { name: p }
labels: { app: p }
spec: { containers: [{ name: a, image: "a:1" }] }
`,
      [['unknown-field', '/labels', 'labels']],
    ],
  ];
  it.each(cases)('%s', (_name, yaml, expected) => {
    expect(problems(yaml)).toEqual(expected);
  });

  it('says exactly which field, where, and what is meant', () => {
    const [p] = details(
      pod('securityContext: { privileged: true }\ncontainers: [{ name: a, image: "a:1" }]'),
    );
    expect(p).toMatchObject({
      field: 'spec.securityContext.privileged',
      name: 'privileged',
      type: 'PodSecurityContext',
      suggestion: 'privileged',
      home: { note: 'fieldHome', data: { type: 'SecurityContext', path: 'containers[].securityContext' } },
      src: { startLine: 5, startColumn: 22, endLine: 5, endColumn: 32 },
    });
    // the home is worded in each language
    expect(noteText('en', p!.home!)).toBe('SecurityContext (containers[].securityContext)');
    expect(noteText('ja', p!.home!)).toBe('SecurityContext（containers[].securityContext）');
    const [q] = details(
      pod('containers: [{ name: a, image: "a:1", securityContext: { runAsNonroot: true } }]'),
    );
    expect(q).toMatchObject({
      field: 'spec.containers[0].securityContext.runAsNonroot',
      suggestion: 'runAsNonRoot',
    });
    expect(q?.home).toBeUndefined();
    const [r] = details(pod('volumes: [{ name: tmp, tmpfs: {} }]\ncontainers: [{ name: a, image: "a:1" }]'));
    expect(r).toMatchObject({ field: 'spec.volumes[0].tmpfs', type: 'Volume', name: 'tmpfs' });
    expect(r?.suggestion).toBeUndefined();
  });
});

describe('validateObject: what is accepted', () => {
  it('free keys of labels, annotations, nodeSelector and resource lists', () => {
    expect(
      problems(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
  labels: { app.kubernetes.io/name: d, anything-goes: "1" }
  annotations: { example.com/whatever: "x", hako.dev/ignore: "K8S-003: reason" }
spec:
  selector: { matchLabels: { app: d } }
  strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 25% } }
  template:
    metadata: { labels: { app: d }, annotations: { checksum/config: abc } }
    spec:
      nodeSelector: { kubernetes.io/arch: arm64 }
      containers:
        - name: a
          image: a:1
          resources:
            requests: { cpu: 250m, memory: 64Mi, nvidia.com/gpu: 1 }
            limits: { cpu: 1, memory: 1e9 }
          livenessProbe: { httpGet: { path: /healthz, port: http } }
          readinessProbe: { tcpSocket: { port: 8080 } }
`),
    ).toEqual([]);
  });

  it('null values and kubectl get output fields', () => {
    expect(
      problems(`apiVersion: v1
kind: Pod
metadata:
  name: p
  creationTimestamp: null
  uid: 0b5c
  resourceVersion: "42"
  managedFields: [{ manager: kubectl, operation: Apply, fieldsType: FieldsV1, fieldsV1: { f:spec: {} } }]
spec:
  affinity: null
  containers: [{ name: a, image: "a:1", resources: {} }]
status:
  phase: Running
  containerStatuses: [{ name: a, ready: true, restartCount: 0, image: "a:1", imageID: "", started: true }]
`),
    ).toEqual([]);
  });

  it('recent fields (pod-level resources, image volumes, restartPolicyRules)', () => {
    expect(
      problems(
        pod(
          'resources: { limits: { cpu: 2 } }\n' +
            'hostUsers: false\n' +
            'securityContext: { seLinuxChangePolicy: MountOption, supplementalGroupsPolicy: Strict }\n' +
            'volumes: [{ name: model, image: { reference: "m:1", pullPolicy: IfNotPresent } }]\n' +
            'initContainers: [{ name: s, image: "s:1", restartPolicy: Always }]\n' +
            'containers: [{ name: a, image: "a:1", lifecycle: { stopSignal: SIGTERM }, ' +
            'securityContext: { appArmorProfile: { type: RuntimeDefault } } }]',
        ),
      ),
    ).toEqual([]);
  });

  it('strategic-merge-patch directives of kustomize patch files', () => {
    expect(
      problems(`apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    spec:
      $setElementOrder/containers: [{ name: web }]
      containers:
        - name: sidecar
          $patch: delete
`),
    ).toEqual([]);
  });

  it('never reports inside unresolved values', () => {
    const node = parseYaml('t.yaml', pod('containers: [{ name: a, image: "a:1" }]')).docs[0]!.node;
    if (node.kind !== 'map') throw new Error('map expected');
    const spec = node.entries.find((e) => e.key === 'spec')!;
    spec.value = { kind: 'unresolved', expr: 'var.spec', src: spec.value.src };
    expect(validateObject(model, 'V1Pod', node)).toEqual([]);
  });
});

describe('validateObject: duplicates and types', () => {
  it('reports a field written twice at the second key', () => {
    const ps = details(
      pod(
        'containers:\n  - name: a\n    image: a:1\n    securityContext:\n      runAsNonRoot: false\n      runAsNonRoot: true',
      ),
    );
    expect(ps.map((p) => [p.kind, p.path, p.src.startLine])).toEqual([
      ['duplicate-field', '/spec/containers/0/securityContext/runAsNonRoot', 10],
    ]);
  });

  it('reports each repeat of a key, in a short object as in a long one', () => {
    // 40 keys (a long map takes another path to find repeats): runAsUser three times, 37 unknown
    const keys = ['runAsUser: 1', ...Array.from({ length: 37 }, (_, i) => `x${i}: 1`)];
    keys.splice(20, 0, 'runAsUser: 2');
    keys.push('runAsUser: 3');
    const sc = keys.map((k) => `      ${k}`).join('\n');
    const long = details(pod(`containers:\n  - name: a\n    image: a:1\n    securityContext:\n${sc}`));
    expect(long.filter((p) => p.kind === 'duplicate-field').map((p) => [p.path, p.src.startLine])).toEqual([
      ['/spec/containers/0/securityContext/runAsUser', 29],
      ['/spec/containers/0/securityContext/runAsUser', 48],
    ]);
    expect(long.filter((p) => p.kind === 'unknown-field')).toHaveLength(37);
    // the path of one problem is not changed by the walk going on after it
    expect(long[0]?.path).toBe('/spec/containers/0/securityContext/x0');
    expect(long[0]?.field).toBe('spec.containers[0].securityContext.x0');
  });

  it('reports duplicate keys in JSON too', () => {
    const json =
      '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","name":"q"},"spec":{"containers":[]}}';
    const parsed = parseJson('p.json', json);
    const ps = validateObject(model, 'V1Pod', parsed.docs[0]!.node);
    expect(ps.map((p) => [p.kind, p.field])).toEqual([['duplicate-field', 'metadata.name']]);
  });

  const cases: [string, string, [string, string, string | undefined][]][] = [
    [
      'an unquoted number in env value',
      pod('containers: [{ name: a, image: "a:1", env: [{ name: PORT, value: 8080 }] }]'),
      [['wrong-type', '/spec/containers/0/env/0/value', '"8080"']],
    ],
    [
      'an unquoted boolean annotation and a numeric label',
      `apiVersion: v1
kind: Pod
metadata:
  name: p
  labels: { version: 1.5 }
  annotations: { prometheus.io/scrape: true }
spec: { containers: [{ name: a, image: "a:1" }] }
`,
      [
        ['wrong-type', '/metadata/labels/version', '"1.5"'],
        ['wrong-type', '/metadata/annotations/prometheus.io~1scrape', '"true"'],
      ],
    ],
    [
      'a quoted number and a quoted boolean',
      pod(
        'containers: [{ name: a, image: "a:1", ports: [{ containerPort: "80" }], securityContext: { runAsNonRoot: "true" } }]',
      ),
      [
        ['wrong-type', '/spec/containers/0/ports/0/containerPort', '80'],
        ['wrong-type', '/spec/containers/0/securityContext/runAsNonRoot', 'true'],
      ],
    ],
    [
      'an object for a list, a string for a list, a list for an object',
      pod(
        'containers:\n  - name: a\n    image: a:1\n    ports: { containerPort: 80 }\n    securityContext: { capabilities: { drop: ALL } }\n    resources: [cpu]',
      ),
      [
        ['wrong-type', '/spec/containers/0/ports', undefined],
        ['wrong-type', '/spec/containers/0/securityContext/capabilities/drop', undefined],
        ['wrong-type', '/spec/containers/0/resources', undefined],
      ],
    ],
    [
      'a fractional replica count',
      'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: { name: r }\nspec: { replicas: 1.5 }\n',
      [['wrong-type', '/spec/replicas', undefined]],
    ],
    [
      'a boolean quantity',
      pod('containers: [{ name: a, image: "a:1", resources: { limits: { cpu: true } } }]'),
      [['wrong-type', '/spec/containers/0/resources/limits/cpu', undefined]],
    ],
  ];
  it.each(cases)('%s', (_name, yaml, expected) => {
    expect(problems(yaml)).toEqual(expected);
  });

  it('words the type problem with the path kubectl prints', () => {
    const [p] = details(pod('containers: [{ name: a, image: "a:1", env: [{ name: PORT, value: 8080 }] }]'));
    expect(p).toMatchObject({
      field: 'spec.containers[0].env[0].value',
      type: 'EnvVar',
      expected: { note: 'fieldTypeString' },
      actual: { note: 'fieldTypeInteger' },
      suggestion: '"8080"',
      src: { startLine: 5, startColumn: 68 },
    });
    expect([noteText('ja', p!.expected!), noteText('ja', p!.actual!)]).toEqual(['文字列', '整数']);
  });

  it('spells paths as kubectl does', () => {
    expect(dotted(['spec', 'containers', 0, 'env', 1, 'value'])).toBe('spec.containers[0].env[1].value');
    expect(dotted(['metadata', 'annotations', 'a.b/c'])).toBe('metadata.annotations["a.b/c"]');
  });
});
