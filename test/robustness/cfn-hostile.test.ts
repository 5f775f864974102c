/**
 * Hostile CloudFormation through the compiled CLI (test/helpers/hostile.ts): intrinsics that refer
 * back to themselves or expand exponentially end in time, with HAKO-001 at the intrinsic's line.
 * `npm run build` first.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${...}` is CloudFormation Fn::Sub syntax here
import { describe, expect, it } from 'vitest';
import { expectSurvived, hostileTree, scanHostile } from '../helpers/hostile.js';

describe('hostile CloudFormation', () => {
  it('a 13-line template whose mapping refers to itself twice', () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Mappings:
  M:
    a:
      b: [!FindInMap [M, a, b], !FindInMap [M, a, b]]
Resources:
  Cluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: !FindInMap [M, a, b]
      ClusterSettings:
        - { Name: containerInsights, Value: enabled }
`;
    const run = scanHostile([hostileTree({ 'self.yaml': text })]);
    const errs = expectSurvived(run, { file: 'self.yaml', line: 5 });
    expect(errs).toHaveLength(1);
  });

  it('a !Sub variable pointing back into its own mapping', () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Mappings:
  M:
    a:
      b: !Sub ["\${X}-\${X}", { X: !FindInMap [M, a, b] }]
Resources:
  Cluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: !Sub ["\${Name}", { Name: !FindInMap [M, a, b] }]
`;
    const run = scanHostile([hostileTree({ 'sub.yaml': text })]);
    expectSurvived(run, { file: 'sub.yaml', line: 5 });
  });

  it('a mapping that doubles at each of 60 levels', () => {
    const levels = Array.from(
      { length: 60 },
      (_, i) => `      l${i}: { x: !FindInMap [M, a, l${i + 1}], y: !FindInMap [M, a, l${i + 1}] }`,
    );
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Mappings:
  M:
    a:
${levels.join('\n')}
      l60: end
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: !FindInMap [M, a, l0]
`;
    const run = scanHostile([hostileTree({ 'double.yaml': text })]);
    const errs = expectSurvived(run, { file: 'double.yaml' });
    expect(errs.map((f) => f.message).join('\n')).toContain('steps');
  });
});
