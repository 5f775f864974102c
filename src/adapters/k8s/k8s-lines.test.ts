/** Lines test: Kubernetes documents keep their own lines across multi-document files, Lists and JSON. */
import { describe, expect, it } from 'vitest';
import { emptyState } from '../../model/state.js';
import { adaptText } from '../index.js';

const STREAM = `# leading comment
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop   # trailing comment
---
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  annotations:
    hako.dev/ignore: "K8S-003: pid file in /run"
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ServiceAccount
    metadata: { name: web, namespace: shop }
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: settings
      namespace: shop
`;

describe('Kubernetes adapter lines', () => {
  const state = emptyState();
  const out = adaptText('app.yaml', 'yaml', STREAM, state);
  const objs = state.k8s.objects;

  it('reads every object, expanding the List', () => {
    expect(out.errors).toEqual([]);
    expect(objs.map((o) => o.ref.address)).toEqual([
      'Namespace/shop',
      'Deployment/shop/web',
      'ServiceAccount/shop/web',
      'ConfigMap/shop/settings',
    ]);
  });

  it.each([
    [0, 3, 0],
    [1, 9, 2],
    [2, 26, 3],
    [3, 29, 3],
  ])('object %i starts at line %i (document %i)', (i, line, index) => {
    expect(objs[i]?.src.startLine).toBe(line);
    expect(objs[i]?.index).toBe(index);
  });

  it('keeps field positions inside each document', () => {
    const w = state.k8s.workloads.find((x) => x.object === objs[1]);
    const image = w?.containers[0]?.image;
    expect(image?.src).toMatchObject({ startLine: 21, startColumn: 18, endLine: 21, endColumn: 28 });
    expect(image?.src.pointer).toBe('/spec/template/spec/containers/0/image');
    expect(w?.srcAt('/containers/0/image')).toEqual({ ...image?.src, resource: objs[1]?.ref.address });
  });

  it('reads the suppression annotation with its location', () => {
    expect(objs[1]?.suppressions).toEqual([
      expect.objectContaining({
        kind: 'annotation',
        rules: ['K8S-003'],
        reason: 'pid file in /run',
        src: expect.objectContaining({ startLine: 15 }),
      }),
    ]);
  });

  it('reads Kubernetes JSON with positions', () => {
    const s = emptyState();
    adaptText(
      'pod.json',
      'json',
      '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": { "name": "p" }\n}\n',
      s,
    );
    expect(s.k8s.objects[0]?.ref.address).toBe('Pod/default/p');
    expect(s.k8s.objects[0]?.src).toMatchObject({ startLine: 1, endLine: 5 });
  });

  it('treats YAML 1.1 booleans as kubectl does', () => {
    const s = emptyState();
    adaptText(
      'p.yaml',
      'yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: yes\n',
      s,
    );
    expect(s.k8s.workloads[0]?.pod.hostNetwork).toMatchObject({ value: true });
    expect(s.k8s.workloads[0]?.podInput().spec).toEqual({ hostNetwork: true });
  });
});
