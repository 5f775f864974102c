/**
 * CloudFormation `Transform` through the CLI: AWS::LanguageExtensions loops are expanded and
 * checked, a macro's template is checked as written without schema findings on what the macro
 * consumes (and says so in summary.skipped), SAM resources are named as not checked.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${...}` is CloudFormation syntax here
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/result.js';
import { hako, tempTree } from '../helpers/cli.js';

function scanOne(name: string, text: string): ScanResult {
  const dir = tempTree({ [name]: text });
  const r = hako(['scan', dir, '--format', 'json']);
  expect([0, 1], r.stderr).toContain(r.code);
  return JSON.parse(r.stdout) as ScanResult;
}

const CLUSTER_WITH = (extra: string) => `  Cluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterSettings: [{ Name: containerInsights, Value: enabled }]
${extra}`;

describe('Transform: AWS::LanguageExtensions', () => {
  it('Fn::ForEach creates one resource per item, checked under its logical ID at the loop lines', () => {
    const out = scanOne(
      'loop.yaml',
      `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::LanguageExtensions
Resources:
  Fn::ForEach::Tasks:
    - App
    - [Api, Web]
    - "Task\${App}":
        Type: AWS::ECS::TaskDefinition
        Properties:
          Family: !Sub "\${App}-task"
          ContainerDefinitions:
            - Name: !Ref App
              Image: nginx:1.27
              Privileged: true
`,
    );
    expect(out.findings.filter((f) => f.ruleId === 'HAKO-001')).toEqual([]);
    const privileged = out.findings.filter((f) => f.ruleId === 'ECS-003');
    expect(privileged.map((f) => [f.resource.address, f.resource.name, f.location.startLine])).toEqual([
      ['TaskApi', 'Api-task', 14],
      ['TaskWeb', 'Web-task', 14],
    ]);
  });
});

const props = '      MacroSetting: from-the-macro\n';

describe('Transform: a macro', () => {
  it('without the macro, an unknown property is HAKO-003 (the control)', () => {
    const out = scanOne('plain.yaml', `Resources:\n${CLUSTER_WITH(props)}`);
    expect(out.findings.filter((f) => f.ruleId === 'HAKO-003').map((f) => f.location.startLine)).toEqual([6]);
  });

  it('a template-level macro: no schema check, one skipped entry at the Transform line, rules still run', () => {
    const out = scanOne('macro.yaml', `Transform: [MyMacro]\nResources:\n${CLUSTER_WITH(props)}`);
    expect(out.findings.filter((f) => f.ruleId === 'HAKO-003')).toEqual([]);
    expect(out.findings.filter((f) => f.ruleId === 'HAKO-001')).toEqual([]);
    expect(out.summary.skipped).toContainEqual({
      file: expect.stringMatching(/macro\.yaml$/),
      line: 1,
      reason: 'macro MyMacro not expanded: resources checked as written',
    });
    expect(out.summary.resources).toBe(1);
  });

  it('Fn::Transform in one resource: that resource only', () => {
    const out = scanOne(
      'fn.yaml',
      `Resources:
${CLUSTER_WITH(props)}  Other:
    Type: AWS::ECS::Cluster
    Properties:
      Fn::Transform: { Name: Tagger }
      Bogus: 1
`,
    );
    expect(out.findings.filter((f) => f.ruleId === 'HAKO-003').map((f) => f.resource.address)).toEqual([
      'Cluster',
    ]);
    expect(out.summary.skipped).toContainEqual({
      file: expect.stringMatching(/fn\.yaml$/),
      line: 10,
      reason: 'macro Tagger (Fn::Transform) not expanded: resource Other checked as written',
    });
  });
});

describe('Transform: AWS::Serverless-2016-10-31', () => {
  it('SAM resources are named as not checked; plain resources still are', () => {
    const out = scanOne(
      'sam.yaml',
      `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: { Runtime: python3.12, Handler: app.handler, CodeUri: src/ }
${CLUSTER_WITH(props)}`,
    );
    expect(out.findings.filter((f) => f.ruleId === 'HAKO-003').map((f) => f.resource.address)).toEqual([
      'Cluster',
    ]);
    expect(out.summary.skipped).toContainEqual({
      file: expect.stringMatching(/sam\.yaml$/),
      line: 1,
      reason: '1 AWS::Serverless (SAM) resource not expanded and not checked: Fn',
    });
  });
});
