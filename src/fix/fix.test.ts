/** The fix planners and writers: which fixes apply, the exact edits, and what is left as a suggestion. */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYamlValue } from 'yaml';
import { unifiedDiff } from './diff.js';
import { planEcs } from './ecs.js';
import { applyEdits } from './edits.js';
import { planK8s } from './k8s.js';
import type { FilePlan, Wanted } from './types.js';
import { contains, keepsEverything } from './verify.js';

const all: Wanted = { has: () => true };
const none: Wanted = { has: () => false };
const only = (...rules: string[]): Wanted => ({ has: (_f, _k, _n, _ns, r) => rules.includes(r) });

function fixK8s(text: string, wanted: Wanted = all): { out: string; plan: FilePlan } {
  const plan = planK8s('f.yaml', text, wanted);
  return { out: applyEdits(text, plan.edits), plan };
}
function fixEcs(text: string, wanted: Wanted = all): { out: string; plan: FilePlan } {
  const plan = planEcs('f.json', text, wanted);
  return { out: applyEdits(text, plan.edits), plan };
}
const ids = (notes: FilePlan['applied']) => notes.map((n) => `${n.rule}:${n.text.id}`).sort();

const pod = (spec: string, kind = 'Pod') =>
  `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: p\nspec:\n${spec}`;

describe('Kubernetes fixes', () => {
  it('fixes a non-root container fully, keeping every other byte', () => {
    const text = pod(
      '  securityContext:\n    runAsUser: 1000 # the app user\n  containers:\n    - name: app\n      image: app:1.0\n',
    );
    const { out, plan } = fixK8s(text);
    expect(out).toBe(
      pod(
        '  securityContext:\n    runAsUser: 1000 # the app user\n    seccompProfile:\n      type: RuntimeDefault\n' +
          '  containers:\n    - name: app\n      image: app:1.0\n      securityContext:\n' +
          '        allowPrivilegeEscalation: false\n        capabilities:\n          drop: [ALL]\n        runAsNonRoot: true\n',
      ),
    );
    expect(ids(plan.applied)).toEqual([
      'K8S-101:apeSet',
      'K8S-104:dropAll',
      'K8S-113:runAsNonRoot',
      'K8S-116:seccompPod',
    ]);
    expect(plan.suggestions).toEqual([]);
    // idempotent: nothing left to do
    expect(planK8s('f.yaml', out, all).edits).toEqual([]);
  });

  it.each([
    {
      name: 'privileged: only suggestions for APE and drop',
      sc: 'privileged: true',
      applied: ['K8S-116:seccompPod'],
      suggested: ['K8S-101:apePrivileged', 'K8S-104:dropPrivileged', 'K8S-113:nonRootUnknown'],
    },
    {
      name: 'allowPrivilegeEscalation: true on purpose',
      sc: 'allowPrivilegeEscalation: true\n        runAsUser: 5',
      applied: ['K8S-113:runAsNonRoot', 'K8S-116:seccompPod'],
      suggested: ['K8S-101:apeExplicit', 'K8S-104:dropNoApe'],
    },
    {
      name: 'SYS_ADMIN added: the API server rejects APE false with it',
      sc: 'runAsUser: 5\n        capabilities:\n          add: [SYS_ADMIN]',
      applied: ['K8S-113:runAsNonRoot', 'K8S-116:seccompPod'],
      suggested: ['K8S-101:apeSysAdmin', 'K8S-104:addRestricted', 'K8S-104:dropNoApe'],
    },
    {
      name: 'root or unknown user: no drop ALL',
      sc: 'runAsUser: 0',
      applied: ['K8S-101:apeSet', 'K8S-116:seccompPod'],
      suggested: ['K8S-104:dropMayBeRoot', 'K8S-113:nonRootUnknown'],
    },
    {
      name: 'runAsNonRoot: true proves non-root without a UID',
      sc: 'runAsNonRoot: true',
      applied: ['K8S-101:apeSet', 'K8S-104:dropAll', 'K8S-116:seccompPod'],
      suggested: [],
    },
    {
      name: 'runAsNonRoot: false on purpose',
      sc: 'runAsNonRoot: false\n        runAsUser: 7',
      applied: ['K8S-101:apeSet', 'K8S-104:dropAll', 'K8S-116:seccompPod'],
      suggested: ['K8S-113:nonRootFalse'],
    },
    {
      name: 'container seccomp Unconfined is left (the pod level is still set)',
      sc: 'allowPrivilegeEscalation: false\n        runAsNonRoot: true\n        capabilities: { drop: [ALL] }\n        seccompProfile: { type: Unconfined }',
      applied: ['K8S-116:seccompPod'],
      suggested: ['K8S-116:seccompUnconfined'],
    },
  ])('$name', ({ sc, applied, suggested }) => {
    const text = pod(`  containers:\n    - name: c\n      image: i\n      securityContext:\n        ${sc}\n`);
    const { out, plan } = fixK8s(text);
    expect(ids(plan.applied)).toEqual(applied);
    expect(ids(plan.suggestions)).toEqual(suggested);
    expect(() => parseYamlValue(out, { version: '1.1' })).not.toThrow();
  });

  it('merges ALL into an existing drop list (flow and block) and keeps add entries', () => {
    const flow = pod(
      '  containers:\n    - name: c\n      securityContext:\n        runAsUser: 9\n        allowPrivilegeEscalation: false\n        capabilities: { add: [NET_BIND_SERVICE], drop: [NET_RAW] }\n',
    );
    expect(fixK8s(flow, only('K8S-104')).out).toContain(
      'capabilities: { add: [NET_BIND_SERVICE], drop: [NET_RAW, ALL] }',
    );
    const block = pod(
      '  containers:\n    - name: c\n      securityContext:\n        runAsUser: 9\n        allowPrivilegeEscalation: false\n        capabilities:\n          drop:\n            - NET_RAW # raw sockets\n          add:\n            - NET_ADMIN\n',
    );
    const { out, plan } = fixK8s(block, only('K8S-104'));
    expect(out).toContain(
      '          drop:\n            - NET_RAW # raw sockets\n            - ALL\n          add:\n            - NET_ADMIN\n',
    );
    expect(ids(plan.suggestions)).toEqual(['K8S-104:addRestricted']);
    expect(plan.suggestions[0]?.text.data?.caps).toBe('NET_ADMIN');
  });

  it('adds to a flow securityContext inline', () => {
    const text = pod('  containers:\n    - name: c\n      securityContext: { runAsUser: 3 }\n');
    expect(fixK8s(text, only('K8S-101')).out).toContain(
      'securityContext: { runAsUser: 3, allowPrivilegeEscalation: false }\n',
    );
  });

  it('edits only what the scan reported (suppressed or absent findings are left)', () => {
    const text = pod('  containers:\n    - name: c\n');
    expect(fixK8s(text, none).plan).toEqual({ edits: [], applied: [], suggestions: [] });
    expect(ids(fixK8s(text, only('K8S-116')).plan.applied)).toEqual(['K8S-116:seccompPod']);
  });

  it('reaches every pod template kind, init containers and List items', () => {
    const cron =
      'apiVersion: batch/v1\nkind: CronJob\nmetadata: { name: c }\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          initContainers:\n            - name: init\n          containers:\n            - name: main\n';
    const out = fixK8s(cron, only('K8S-101')).out;
    const js = parseYamlValue(out);
    const spec = js.spec.jobTemplate.spec.template.spec;
    expect(spec.initContainers[0].securityContext).toEqual({ allowPrivilegeEscalation: false });
    expect(spec.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false });
    const list =
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: { name: a }\n    spec:\n      containers:\n        - name: c\n';
    expect(
      parseYamlValue(fixK8s(list, only('K8S-101')).out).items[0].spec.containers[0].securityContext,
    ).toEqual({
      allowPrivilegeEscalation: false,
    });
  });

  it('keeps comments, separators and other documents byte for byte', () => {
    const text =
      '# head comment\napiVersion: v1\nkind: ConfigMap # not a pod\nmetadata: {name: x}\ndata:\n  k: "yes"\n---\n# the pod\n' +
      pod('  containers:\n    - name: \'c\'   # quoted\n      image: "i"\n') +
      '...\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n';
    const { out } = fixK8s(text, only('K8S-101'));
    const added = out.split('\n').filter((l) => !text.split('\n').includes(l));
    expect(added).toEqual(['      securityContext:', '        allowPrivilegeEscalation: false']);
    expect(out.replace('      securityContext:\n        allowPrivilegeEscalation: false\n', '')).toBe(text);
    expect(parseAllDocuments(out)).toHaveLength(3);
  });

  it('keeps CRLF line ends and a missing final newline', () => {
    const text = pod('  containers:\n    - name: c').replace(/\n/g, '\r\n');
    const out = fixK8s(text, only('K8S-101')).out;
    expect(out).toBe(`${text}\r\n      securityContext:\r\n        allowPrivilegeEscalation: false\r\n`);
  });

  it('refuses nodes shared through anchors or merge keys (a suggestion says why)', () => {
    const anchored =
      'apiVersion: v1\nkind: Pod\nmetadata: { name: a }\nspec:\n  containers:\n    - name: c\n      securityContext: &sc\n        runAsUser: 1\n    - name: d\n      securityContext: *sc\n';
    const a = fixK8s(anchored, only('K8S-101'));
    expect(a.out).toBe(anchored);
    expect(a.plan.suggestions.map((s) => s.text)).toContainEqual({
      id: 'refused',
      data: { what: 'Pod/a', why: 'whyAnchor' },
    });
    const merged =
      'apiVersion: v1\nkind: Pod\nmetadata: { name: m }\nspec:\n  containers:\n    - name: c\n      securityContext:\n        <<: { runAsUser: 1 }\n';
    const m = fixK8s(merged, only('K8S-101'));
    expect(m.out).toBe(merged);
    expect(m.plan.suggestions[0]?.text.data?.why).toBe('whyMerge');
  });

  it('leaves seccomp annotations, pod-level Unconfined and Windows pods to the user', () => {
    const annotated = pod('  containers:\n    - name: c\n').replace(
      'metadata:\n  name: p\n',
      'metadata:\n  name: p\n  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: runtime/default\n',
    );
    expect(ids(fixK8s(annotated, only('K8S-116')).plan.suggestions)).toEqual(['K8S-116:seccompAnnotation']);
    const unconfined = pod(
      '  securityContext:\n    seccompProfile:\n      type: Unconfined\n  containers:\n    - name: c\n',
    );
    expect(ids(fixK8s(unconfined, only('K8S-116')).plan.suggestions)).toEqual([
      'K8S-116:seccompUnconfinedPod',
    ]);
    const windows = pod('  os: { name: windows }\n  containers:\n    - name: c\n');
    expect(fixK8s(windows).plan).toEqual({ edits: [], applied: [], suggestions: [] });
  });

  it('skips documents that do not parse (the scan reports them)', () => {
    expect(fixK8s('kind: Pod\nspec: [\n').plan.edits).toEqual([]);
  });
});

describe('ECS fixes', () => {
  const td = (container: string, extra = '') =>
    `{\n  "family": "t",${extra}\n  "containerDefinitions": [\n    {\n      "name": "c",\n      "image": "i"${container}\n    }\n  ]\n}\n`;

  it("adds drop ALL for a non-root numeric user, in the file's layout", () => {
    const text = td(',\n      "user": "10001:10001"');
    const { out, plan } = fixEcs(text);
    expect(out).toBe(
      td(',\n      "user": "10001:10001",\n      "linuxParameters": { "capabilities": { "drop": ["ALL"] } }'),
    );
    expect(ids(plan.applied)).toEqual(['ECS-005:ecsDropAll']);
    expect(planEcs('f.json', out, all).edits).toEqual([]);
  });

  it.each([
    {
      name: 'empty drop list',
      lp: '{ "capabilities": { "drop": [] } }',
      want: '{ "capabilities": { "drop": ["ALL"] } }',
    },
    {
      name: 'drop list with entries, add kept',
      lp: '{ "capabilities": { "add": ["NET_BIND_SERVICE"], "drop": ["NET_RAW"] } }',
      want: '{ "capabilities": { "add": ["NET_BIND_SERVICE"], "drop": ["NET_RAW", "ALL"] } }',
    },
    { name: 'empty linuxParameters', lp: '{}', want: '{ "capabilities": { "drop": ["ALL"] } }' },
    {
      name: 'other linuxParameters',
      lp: '{ "initProcessEnabled": true }',
      want: '{ "initProcessEnabled": true, "capabilities": { "drop": ["ALL"] } }',
    },
  ])('merges into $name', ({ lp, want }) => {
    const text = td(`,\n      "user": "1000",\n      "linuxParameters": ${lp}`);
    const out = fixEcs(text).out;
    expect(out).toBe(td(`,\n      "user": "1000",\n      "linuxParameters": ${want}`));
    expect(() => JSON.parse(out)).not.toThrow();
  });

  it.each([
    { name: 'no user', c: '', id: 'ecsNoUser' },
    { name: 'user 0', c: ',\n      "user": "0"', id: 'ecsMayBeRoot' },
    { name: 'a user name', c: ',\n      "user": "nginx"', id: 'ecsMayBeRoot' },
    { name: 'privileged', c: ',\n      "user": "1000",\n      "privileged": true', id: 'ecsPrivileged' },
  ])('leaves $name as a suggestion', ({ c, id }) => {
    const text = td(c);
    const { out, plan } = fixEcs(text);
    expect(out).toBe(text);
    expect(plan.suggestions.map((s) => s.text.id)).toEqual([id]);
  });

  it('fixes describe-task-definition output, not Windows tasks, not unreported ones', () => {
    const described = `{"taskDefinition": {"family": "t", "containerDefinitions": [{"name": "c", "user": "5"}]}}`;
    expect(JSON.parse(fixEcs(described).out).taskDefinition.containerDefinitions[0].linuxParameters).toEqual({
      capabilities: { drop: ['ALL'] },
    });
    expect(fixEcs(described).out).toBe(
      '{"taskDefinition": {"family": "t", "containerDefinitions": [{"name": "c", "user": "5", "linuxParameters": { "capabilities": { "drop": ["ALL"] } }}]}}',
    );
    const windows = td(
      ',\n      "user": "5"',
      '\n  "runtimePlatform": { "operatingSystemFamily": "WINDOWS_SERVER_2022_CORE" },',
    );
    expect(fixEcs(windows).plan.edits).toEqual([]);
    expect(fixEcs(td(',\n      "user": "5"'), none).plan.edits).toEqual([]);
    expect(fixEcs('{ not json').plan.edits).toEqual([]);
  });
});

describe('unified diff', () => {
  it('shows changed lines with 3 lines of context and diff -u headers', () => {
    const a = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const b = 'a\nb\nc\nd\nX\ne\nf\ng\nh\n';
    expect(unifiedDiff(a, b, 'a/f', 'b/f')).toBe(
      '--- a/f\n+++ b/f\n@@ -2,6 +2,7 @@\n b\n c\n d\n+X\n e\n f\n g\n',
    );
  });
  it('joins near changes into one hunk, splits far ones, marks a missing final newline', () => {
    const a = Array.from({ length: 20 }, (_, i) => `l${i}\n`).join('');
    const b = a.replace('l1\n', 'L1\n').replace('l18\n', 'L18\n');
    const d = unifiedDiff(a, b, 'x', 'y');
    expect(d.match(/^@@/gm)).toHaveLength(2);
    expect(unifiedDiff('a', 'a\nb\n', 'x', 'y')).toBe(
      '--- x\n+++ y\n@@ -1,1 +1,2 @@\n-a\n\\ No newline at end of file\n+a\n+b\n',
    );
    expect(unifiedDiff('same\n', 'same\n', 'x', 'y')).toBe('');
  });
});

describe('edits that meet at one offset, and the final check', () => {
  it('puts a container-level insert before the pod-level one that follows it', () => {
    const text = pod('  containers:\n    - name: c\n      securityContext:\n        runAsUser: 4\n');
    const { out } = fixK8s(text, only('K8S-101', 'K8S-116'));
    expect(out).toBe(
      pod(
        '  containers:\n    - name: c\n      securityContext:\n        runAsUser: 4\n        allowPrivilegeEscalation: false\n' +
          '  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n',
      ),
    );
  });

  it('refuses a text that loses or changes a value (keep-chomped block scalar)', () => {
    const text = pod('  containers:\n    - name: c\n      args:\n        - |+\n          run\n\n\n');
    const { out } = fixK8s(text, only('K8S-101'));
    // the insert lands inside the kept trailing lines of the scalar: the check catches it
    expect(out).not.toBe(text);
    expect(keepsEverything('f.yaml', 'yaml', text, out)).toBe(false);
    expect(contains({ a: [1, { b: 2 }] }, { a: [1, { b: 2, c: 3 }, 4], d: 5 })).toBe(true);
    expect(keepsEverything('f.yaml', 'yaml', 'a: 1\nb: [x]\n', 'a: 1\nb: [x, y]\nc: 2\n')).toBe(true);
    expect(keepsEverything('f.yaml', 'yaml', 'a: 1\nb: [x]\n', 'a: 2\nb: [x]\n')).toBe(false);
    expect(keepsEverything('f.yaml', 'yaml', 'a: 1\n---\nb: 1\n', 'a: 1\n')).toBe(false);
    expect(keepsEverything('f.json', 'json', '{"a": [1]}', '{"a": [1, 2], "b": {}}')).toBe(true);
    expect(keepsEverything('f.json', 'json', '{"a": [1]}', '{"a": [2]}')).toBe(false);
  });
});
