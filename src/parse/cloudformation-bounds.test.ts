/**
 * Resolution that cannot finish: each intrinsic is resolved once (memoised), a cycle is found and
 * reported at the intrinsic that closes it, and depth and total work are bounded per template.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${...}` is CloudFormation Fn::Sub syntax here
import { describe, expect, it } from 'vitest';
import { longForm, MAX_RESOLVE_WORK, Template } from './cloudformation.js';
import { entry, hasUnresolved, isMap, type Node } from './tree.js';
import { parseYaml } from './yaml.js';

function template(text: string): Template {
  const r = parseYaml('t.yaml', text);
  expect(r.errors).toEqual([]);
  const root = longForm(r.docs[0]!.node);
  if (!isMap(root)) throw new Error('not a map');
  return new Template('t.yaml', root);
}

const prop = (t: Template, id: string, key: string): Node | undefined =>
  entry(entry(t.resources.find((r) => r.logicalId === id)?.node, 'Properties')?.value, key)?.value;

describe('CloudFormation resolution bounds', () => {
  it('a mapping that refers to itself twice: one problem at its line, no blow-up', () => {
    const t0 = Date.now();
    const t = template(`Mappings:
  M:
    a:
      b: [!FindInMap [M, a, b], !FindInMap [M, a, b]]
Resources:
  R:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: !FindInMap [M, a, b]
`);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(t.problems).toHaveLength(1);
    expect(t.problems[0]).toMatchObject({ file: 't.yaml', line: 4 });
    expect(t.problems[0]!.message).toContain('depends on its own value');
    // the value holding the cycle is partly unresolved, never a guess
    const v = prop(t, 'R', 'ClusterName');
    expect(v !== undefined && hasUnresolved(v)).toBe(true);
  });

  it('a mapping that doubles at each level is memoised (40 levels, 2^40 paths)', () => {
    const levels = Array.from(
      { length: 40 },
      (_, i) => `      l${i}: [!FindInMap [M, a, l${i + 1}], !FindInMap [M, a, l${i + 1}]]`,
    );
    const t0 = Date.now();
    const t = template(`Mappings:
  M:
    a:
${levels.join('\n')}
      l40: x
Resources:
  R:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: !FindInMap [M, a, l0]
`);
    expect(Date.now() - t0).toBeLessThan(5000);
    // the expanded value would have 2^41 nodes: the work bound stops it, once
    expect(t.problems).toHaveLength(1);
    expect(t.problems[0]!.message).toContain(`more than ${MAX_RESOLVE_WORK} steps`);
  });

  it('a !Sub variable that points back into its own mapping', () => {
    const t = template(`Mappings:
  M:
    a:
      b: !Sub ['x-\${V}', { V: !FindInMap [M, a, b] }]
Resources:
  R:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: !FindInMap [M, a, b]
`);
    expect(t.problems.map((p) => p.line)).toEqual([4]);
    expect(prop(t, 'R', 'ClusterName')?.kind).toBe('unresolved');
  });

  it('conditions in a cycle: unknown, one problem at the reference that closes it', () => {
    const t = template(`Conditions:
  A: !And [!Condition B, !Equals [a, a]]
  B: !Or [!Condition A, !Condition A]
Resources:
  R:
    Type: AWS::ECS::Cluster
    Condition: A
    Properties:
      ClusterName: !If [B, yes-name, no-name]
`);
    // unknown condition: the resource stays, its name is unresolved
    expect(t.resources.map((r) => r.logicalId)).toEqual(['R']);
    expect(prop(t, 'R', 'ClusterName')?.kind).toBe('unresolved');
    expect(t.problems).toHaveLength(1);
    expect(t.problems[0]!.message).toContain('condition A depends on itself');
    expect(t.problems[0]!.line).toBe(3);
  });

  it('a chain of Fn::If through mappings resolves once per link', () => {
    const links = Array.from(
      { length: 30 },
      (_, i) => `      k${i}: !If [Yes, !FindInMap [M, a, k${i + 1}], !FindInMap [M, a, k${i + 1}]]`,
    );
    const t = template(`Conditions:
  Yes: !Equals [a, a]
Mappings:
  M:
    a:
${links.join('\n')}
      k30: end
Resources:
  R:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: !FindInMap [M, a, k0]
`);
    expect(t.problems).toEqual([]);
    expect(prop(t, 'R', 'ClusterName')).toMatchObject({ kind: 'scalar', value: 'end' });
  });

  it('nesting deeper than the bound through intrinsics: unresolved and reported', () => {
    let v = 'x';
    for (let i = 0; i < 100; i++) v = `!Select [0, [${v}]]`;
    const t = template(`Resources:
  R:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: ${v}
`);
    expect(prop(t, 'R', 'ClusterName')?.kind).toBe('unresolved');
    expect(t.problems).toHaveLength(1);
    expect(t.problems[0]).toMatchObject({ line: 5 });
    expect(t.problems[0]!.message).toContain('nested more than');
  });
});
