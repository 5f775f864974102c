/**
 * Keys named `__proto__`, `constructor` and `prototype` are plain keys in every reader: YAML, JSON,
 * Terraform (HCL objects, `jsonencode`) and CloudFormation. Assigned as `o[key] = v`, `__proto__`
 * replaced the prototype of the plain object the rules read, so its contents read as if written
 * beside it: a pod whose security settings sat under `__proto__` passed Pod Security, though the
 * API server drops the unknown field `__proto__` and denies the pod.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/load.js';
import { initHcl } from '../../src/parse/hcl/syntax.js';
import { parseJson } from '../../src/parse/json.js';
import { toPlain } from '../../src/parse/tree.js';
import { parseYaml } from '../../src/parse/yaml.js';
import { runPss } from '../../src/pss.js';
import { scan } from '../../src/scan.js';

beforeAll(() => initHcl());

const restrictedUnder = (wrap: (yaml: string, indent: string) => string) => `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  securityContext:
${wrap('runAsNonRoot: true\nseccompProfile: { type: RuntimeDefault }', '    ')}
  containers:
    - name: c
      image: nginx:1.27
      securityContext:
${wrap('allowPrivilegeEscalation: false\ncapabilities: { drop: [ALL] }', '        ')}
`;
const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((l) => by + l)
    .join('\n');
const PLAIN = restrictedUnder((y, i) => indent(y, i));
const UNDER_PROTO = restrictedUnder((y, i) => `${i}__proto__:\n${indent(y, `${i}  `)}`);

/** An object whose every key is its own and whose prototype is Object's. */
function expectOwnKeys(o: unknown, keys: string[]): Record<string, unknown> {
  const rec = o as Record<string, unknown>;
  expect(Object.getPrototypeOf(rec)).toBe(Object.prototype);
  for (const k of keys) expect(Object.hasOwn(rec, k), k).toBe(true);
  expect(Object.keys(rec)).toEqual(expect.arrayContaining(keys));
  return rec;
}

describe('prototype keys', () => {
  it('pss: settings under `__proto__` are not settings (denied, as the API server denies it)', () => {
    const plain = runPss({ inputs: [{ path: 'plain.yaml', content: PLAIN }], level: 'restricted' });
    expect(plain.results.map((r) => r.allowed)).toEqual([true]);
    const hidden = runPss({ inputs: [{ path: 'proto.yaml', content: UNDER_PROTO }], level: 'restricted' });
    expect(hidden.results.map((r) => r.allowed)).toEqual([false]);
    expect(hidden.results[0]!.violations.map((v) => v.check)).toEqual(
      expect.arrayContaining(['allowPrivilegeEscalation', 'capabilities_restricted', 'runAsNonRoot']),
    );
  });

  it('pss: the same through the JSON reader', () => {
    const sc = (inner: string) => `{"__proto__": {${inner}}}`;
    const text = `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {
  "securityContext": ${sc('"runAsNonRoot": true, "seccompProfile": {"type": "RuntimeDefault"}')},
  "containers": [{"name": "c", "image": "nginx:1.27",
    "securityContext": ${sc('"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}')}}]}}`;
    const r = runPss({ inputs: [{ path: 'pod.json', content: text }], level: 'restricted' });
    expect(r.results.map((x) => x.allowed)).toEqual([false]);
    expect(r.results[0]!.violations.map((v) => v.check)).toContain('runAsNonRoot');
  });

  it('YAML and JSON readers keep the three keys as own keys', () => {
    const y = parseYaml('a.yaml', '__proto__: { polluted: 1 }\nconstructor: 2\nprototype: 3\n');
    const fromYaml = expectOwnKeys(toPlain(y.docs[0]?.node), ['__proto__', 'constructor', 'prototype']);
    expect(fromYaml.polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(fromYaml, '__proto__')?.value).toEqual({ polluted: 1 });
    const j = parseJson('a.json', '{"__proto__": {"polluted": 1}, "constructor": 2, "prototype": 3}');
    const fromJson = expectOwnKeys(toPlain(j.docs[0]?.node), ['__proto__', 'constructor', 'prototype']);
    expect(fromJson.polluted).toBeUndefined();
    expect(JSON.parse(JSON.stringify(fromJson))).toEqual(
      JSON.parse('{"__proto__": {"polluted": 1}, "constructor": 2, "prototype": 3}'),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('Kubernetes labels keep a `__proto__` label', () => {
    const { state } = loadInputs({
      inputs: [
        {
          path: 'ns.yaml',
          content:
            'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n  labels: { __proto__: x, constructor: v }\n',
        },
      ],
    });
    const labels = state.k8s.objects[0]!.labels as unknown as Record<string, string>;
    expectOwnKeys(labels, ['__proto__', 'constructor']);
    expect(labels.constructor).toBe('v');
  });

  it('Terraform: jsonencode({"__proto__" = ...}) is a key of the policy, not its prototype', () => {
    const tf = `resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ecs-tasks.amazonaws.com" } }] })
}
resource "aws_iam_role_policy" "p" {
  role   = aws_iam_role.r.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*", "__proto__" = { Condition = { Bool = { "aws:SecureTransport" = "true" } } }, constructor = 1 }]
  })
}
`;
    const { state } = loadInputs({ inputs: [{ path: 'main.tf', content: tf }] });
    const doc = state.aws.iam.roles[0]!.inlinePolicies[0]!.document as { Statement: unknown[] };
    const stmt = expectOwnKeys(doc.Statement[0], ['__proto__', 'constructor', 'Effect']);
    expect(stmt.Condition).toBeUndefined();
  });

  it('CloudFormation: a property named `__proto__` is a property (HAKO-003), a policy key stays a key', async () => {
    const cfn = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      __proto__: { RoleName: hidden }
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: ecs-tasks.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: "*"
                __proto__: { Sid: hidden, Condition: { Bool: { aws:SecureTransport: "true" } } }
                prototype: 1
`;
    const { state } = loadInputs({ inputs: [{ path: 't.yaml', content: cfn }] });
    const role = state.aws.iam.roles[0]!;
    expect(role.name).toBe('Role');
    const doc = role.inlinePolicies[0]!.document as { Statement: unknown[] };
    const stmt = expectOwnKeys(doc.Statement[0], ['__proto__', 'prototype', 'Effect']);
    expect(stmt.Condition).toBeUndefined();
    const out = await scan({ inputs: [{ path: 't.yaml', content: cfn }] });
    const schema = out.findings.filter((f) => f.ruleId === 'HAKO-003');
    expect(schema.map((f) => [f.location.startLine, f.message.includes('__proto__')])).toEqual([[6, true]]);
  });
});
