/** Lines test: every node the CloudFormation adapter builds points at the right range of its template. */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${...}` is CloudFormation Fn::Sub syntax here
import { describe, expect, it } from 'vitest';
import { validateResource } from '../../engines/resource-schema/index.js';
import type { Src } from '../../model/source.js';
import { emptyState } from '../../model/state.js';
import { scan } from '../../scan.js';
import { adaptText } from '../index.js';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Image: { Type: String, Default: 'nginx:1.27' }
Resources:
  TaskRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - { Effect: Allow, Principal: { Service: ecs-tasks.amazonaws.com }, Action: sts:AssumeRole }
      Policies:
        - PolicyName: app
          PolicyDocument:
            Statement:
              - { Effect: Allow, Action: s3:GetObject, Resource: '*' }
      ManagedPolicyArns: [!Ref Shared]
  Shared:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - { Effect: Allow, Action: sqs:SendMessage, Resource: '*' }
  # hako:ignore ECS-009 host networking for the metrics agent
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      NetworkMode: host
      TaskRoleArn: !GetAtt TaskRole.Arn
      RequiresCompatibilities: [EC2]
      ContainerDefinitions:
        - Name: app
          Image: !Ref Image
          # hako:ignore ECS-004 scratch space
          ReadonlyRootFilesystem: false
          LinuxParameters:
            Capabilities: { Add: [NET_ADMIN], Drop: [ALL] }
      Volumes:
        - Name: data
          EFSVolumeConfiguration: { FilesystemId: fs-1, TransitEncryption: ENABLED, AuthorizationConfig: { IAM: ENABLED } }
  Service:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref Cluster
      TaskDefinition: !Ref Task
      EnableExecuteCommand: true
      NetworkConfiguration:
        AwsvpcConfiguration:
          AssignPublicIp: ENABLED
          SecurityGroups: [sg-1]
  Cluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterSettings: [{ Name: containerInsights, Value: enabled }]
      Configuration:
        ExecuteCommandConfiguration: { Logging: NONE }
`;

const at = (s: Src | undefined) => (s ? [s.startLine, s.startColumn, s.endLine, s.endColumn] : undefined);

describe('CloudFormation adapter lines', () => {
  const state = emptyState();
  const out = adaptText('stack.yaml', 'yaml', TEMPLATE, state);
  const { ecs, iam } = state.aws;
  const td = ecs.taskDefinitions[0]!;
  const c = td.containers[0]!;
  const svc = ecs.services[0]!;
  const cluster = ecs.clusters[0]!;
  const role = iam.roles[0]!;

  it('recognises the template', () => {
    expect(out.kinds).toEqual(['cloudformation']);
    expect(out.errors).toEqual([]);
    expect(out.resources).toBe(5);
    expect([td, svc, cluster, role].map((r) => r.ref.address)).toEqual([
      'Task',
      'Service',
      'Cluster',
      'TaskRole',
    ]);
  });

  it.each([
    ['task (Properties)', () => td.src, [27, 7, 40, 1]],
    ['family default at Properties', () => td.family.src, [27, 7, 40, 1]],
    ['networkMode', () => td.networkMode.src, [27, 20, 27, 24]],
    ['taskRoleArn (after the tag)', () => td.taskRoleArn?.src, [28, 28, 28, 40]],
    ['requiresCompatibilities', () => td.requiresCompatibilities.src, [29, 32, 29, 37]],
    ['container', () => c.src, [31, 11, 37, 1]],
    ['image from a parameter default, at the reference', () => c.image.src, [32, 23, 32, 28]],
    ['readonlyRootFilesystem', () => c.readonlyRootFilesystem.src, [34, 35, 34, 40]],
    ['capabilities.add', () => c.linuxParameters?.capabilitiesAdd[0]?.src, [36, 35, 36, 44]],
    ['efs', () => td.volumes[0]?.efs?.src, [39, 35, 39, 124]],
    ['efs transitEncryption', () => td.volumes[0]?.efs?.transitEncryption.src, [39, 76, 39, 83]],
    ['efs iam', () => td.volumes[0]?.efs?.iam?.src, [39, 113, 39, 120]],
    ['service (Properties)', () => svc.src, [43, 7, 50, 1]],
    ['enableExecuteCommand', () => svc.enableExecuteCommand.src, [45, 29, 45, 33]],
    ['assignPublicIp', () => svc.awsvpc?.assignPublicIp.src, [48, 27, 48, 34]],
    ['securityGroups', () => svc.awsvpc?.securityGroupsSrc, [49, 27, 49, 33]],
    ['cluster containerInsights', () => cluster.containerInsights.src, [53, 59, 53, 66]],
    ['cluster exec logging', () => cluster.execLogging.src, [55, 49, 55, 53]],
    ['role (the resource)', () => role.src, [6, 5, 17, 1]],
    ['role trust policy', () => role.trustPolicy?.src, [9, 9, 11, 1]],
    ['role inline policy', () => role.inlinePolicies[0]?.src, [14, 13, 16, 1]],
    ['role managed policy reference', () => role.attachedPolicyArns[0]?.src, [16, 32, 16, 38]],
  ])('%s', (_name, get, range) => {
    expect(at(get())).toEqual(range);
  });

  it('joins references inside the template', () => {
    expect(td.taskRoleArn?.value).toBe('arn:aws:iam::cfn-stack.yaml:role/TaskRole');
    expect(role.standInArn).toBe(td.taskRoleArn?.value);
    expect(svc.taskDefinition?.value).toBe(td.arn?.value);
    expect(svc.cluster.value).toBe(cluster.arn?.value);
    expect(role.attachedPolicyArns.map((a) => a.arn)).toEqual(['arn:aws:iam::cfn-stack.yaml:policy/Shared']);
    expect(iam.managedPolicies.map((p) => p.arn)).toEqual(['arn:aws:iam::cfn-stack.yaml:policy/Shared']);
    expect(role.complete).toBe(true);
  });

  it('reads CloudFormation spellings', () => {
    expect(td.volumes[0]?.efs?.fileSystemId?.value).toBe('fs-1');
    expect(cluster.containerInsights.value).toBe('enabled');
    expect(cluster.execLogging.value).toBe('NONE');
    expect(c.image).toMatchObject({ value: 'nginx:1.27', origin: 'explicit' });
  });

  it('records every resource with a registry schema, as written, for HAKO-003 / ECS-017', () => {
    const checks = state.inputs.schemaChecks;
    expect(
      checks.map((c) => [
        c.format,
        c.type,
        c.ref.address,
        c.ref.name,
        at(c.src),
        c.src.resource,
        at(c.node.src),
      ]),
    ).toEqual([
      ['cloudformation', 'AWS::IAM::Role', 'TaskRole', 'TaskRole', [6, 5, 17, 1], 'TaskRole', [8, 7, 17, 1]],
      [
        'cloudformation',
        'AWS::IAM::ManagedPolicy',
        'Shared',
        'Shared',
        [18, 5, 23, 1],
        'Shared',
        [20, 7, 23, 1],
      ],
      ['cloudformation', 'AWS::ECS::TaskDefinition', 'Task', 'Task', [25, 5, 40, 1], 'Task', [27, 7, 40, 1]],
      [
        'cloudformation',
        'AWS::ECS::Service',
        'Service',
        'Service',
        [41, 5, 50, 1],
        'Service',
        [43, 7, 50, 1],
      ],
      [
        'cloudformation',
        'AWS::ECS::Cluster',
        'Cluster',
        'Cluster',
        [51, 5, 56, 1],
        'Cluster',
        [53, 7, 56, 1],
      ],
    ]);
    // as written: the image is still the reference, not the parameter's default
    expect(checks[2]?.node.entries.map((e) => e.key)).toContain('ContainerDefinitions');
    expect(JSON.stringify(checks[2]?.node)).toContain('"key":"Ref"');
    expect(checks[2]?.suppressions.map((x) => x.rules)).toEqual([['ECS-009'], ['ECS-004']]);
    // the template is valid CloudFormation
    expect(checks.flatMap((c) => validateResource(c))).toEqual([]);
  });

  it('a resource without Properties is recorded as an empty map at the resource', () => {
    const st = emptyState();
    adaptText('d.yaml', 'yaml', 'Resources:\n  Repo:\n    Type: AWS::ECR::Repository\n', st);
    const [c] = st.inputs.schemaChecks;
    expect([c?.type, c?.ref.name, at(c?.src), c?.node.entries]).toEqual([
      'AWS::ECR::Repository',
      'Repo',
      [3, 5, 4, 1],
      [],
    ]);
    expect(at(c?.node.src)).toEqual([3, 5, 4, 1]);
  });

  it('attaches hako:ignore comments above a resource or a property', () => {
    expect(td.suppressions.map((s) => [s.kind, s.rules, s.reason, s.src.startLine])).toEqual([
      ['comment', ['ECS-009'], 'host networking for the metrics agent', 23],
      ['comment', ['ECS-004'], 'scratch space', 33],
    ]);
    expect(svc.suppressions).toEqual([]);
  });
});

describe('CloudFormation: hako:ignore comments in a scan', () => {
  const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Service:
    Type: AWS::ECS::Service
    Properties:
      NetworkConfiguration:
        AwsvpcConfiguration:
          # hako:ignore ECS-013 public subnet without NAT
          AssignPublicIp: ENABLED
          SecurityGroups: [sg-1]
  # hako:ignore ECS-013
  Other:
    Type: AWS::ECS::Service
    Properties:
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: ENABLED, SecurityGroups: [sg-1] } }
`;
  it('marks the finding suppressed; a comment without reason is not applied and is reported', async () => {
    const r = await scan({ inputs: [{ path: 't.yaml', content: text }], rules: ['ECS-013', 'HAKO-002'] });
    const got = r.findings.map((f) => [f.ruleId, f.location.startLine, f.suppressed?.kind ?? null]);
    expect(got.sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([
      ['ECS-013', 9, 'comment'],
      ['HAKO-002', 11, null],
      ['ECS-013', 15, null],
    ]);
  });
});

describe('CloudFormation: joins stay inside their template', () => {
  const stack = (actions: string) => `Resources:
  TaskRole:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: app
          PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Action: [${actions}], Resource: '*' }] }
  TaskDefinition:
    Type: AWS::ECS::TaskDefinition
    Properties:
      TaskRoleArn: !GetAtt TaskRole.Arn
      ContainerDefinitions: [{ Name: app, Image: 'nginx:1.27' }]
  Service:
    Type: AWS::ECS::Service
    Properties: { TaskDefinition: !Ref TaskDefinition, EnableExecuteCommand: true }
`;
  it('two templates with the same logical IDs each join their own role', async () => {
    const exec =
      'ssmmessages:CreateControlChannel, ssmmessages:CreateDataChannel, ssmmessages:OpenControlChannel, ssmmessages:OpenDataChannel';
    const r = await scan({
      inputs: [
        { path: 'a/stack.yaml', content: stack(exec) },
        { path: 'b/stack.yaml', content: stack('s3:GetObject') },
      ],
      rules: ['ECS-015'],
    });
    expect(r.findings.map((f) => [f.location.file, f.location.startLine])).toEqual([['b/stack.yaml', 11]]);
  });
});

describe('CloudFormation: policies attached from other resources', () => {
  it('AWS::IAM::Policy (Roles), AWS::IAM::RolePolicy (RoleName) and a JSON-string document', () => {
    const state = emptyState();
    adaptText(
      't.yaml',
      'yaml',
      `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties: { RoleName: app }
  P1:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: one
      Roles: [!Ref Role]
      PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: '*' }] }
  P2:
    Type: AWS::IAM::RolePolicy
    Properties:
      PolicyName: two
      RoleName: app
      PolicyDocument: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}'
  P3:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: three
      Roles: [!Ref Role]
      PolicyDocument: { Statement: [{ Effect: Allow, Action: kms:Decrypt, Resource: !GetAtt Key.Arn }] }
  Key:
    Type: AWS::KMS::Key
`,
      state,
    );
    const role = state.aws.iam.roles[0]!;
    expect(role.inlinePolicies.map((p) => [p.id, JSON.stringify(p.document)])).toEqual([
      [
        'inline:one',
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
      ],
      [
        'inline:two',
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}',
      ],
      ['inline:three', '{"Statement":[]}'],
    ]);
    // the statement on an unresolved key ARN is left out, so the role can no longer prove a deny
    expect(role.complete).toBe(false);
  });
});

describe('CloudFormation: unreadable templates', () => {
  it('reports a YAML error with its line (HAKO-001)', async () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties: { Family: [a }\n`;
    const r = await scan({ inputs: [{ path: 'bad.yaml', content: text }], rules: ['HAKO-001'] });
    expect(r.findings.length).toBeGreaterThan(0);
    expect(new Set(r.findings.map((f) => `${f.ruleId}:${f.location.startLine}`))).toEqual(
      new Set(['HAKO-001:5']),
    );
  });

  it('reports a resource without Type (HAKO-001)', async () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Task:\n    Properties: {}\n`;
    const r = await scan({ inputs: [{ path: 'bad.yaml', content: text }], rules: ['HAKO-001'] });
    expect(r.findings.map((f) => [f.ruleId, f.location.startLine, f.message])).toEqual([
      ['HAKO-001', 3, expect.stringContaining('resource Task has no Type')],
    ]);
  });

  it('reports Resources that is not a map of logical IDs (HAKO-001)', async () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'\nResources: !Ref Everything\n`;
    const r = await scan({ inputs: [{ path: 'bad.yaml', content: text }], rules: ['HAKO-001'] });
    expect(r.findings.map((f) => [f.location.startLine, f.message])).toEqual([
      [2, expect.stringContaining('`Resources` is not a map of logical IDs')],
    ]);
  });

  it('reads a JSON template', () => {
    const state = emptyState();
    const json = JSON.stringify({
      Resources: {
        Task: {
          Type: 'AWS::ECS::TaskDefinition',
          Properties: { ContainerDefinitions: [{ Name: 'a', Image: { 'Fn::Sub': 'x:${AWS::Region}' } }] },
        },
      },
    });
    const out = adaptText('t.json', 'json', json, state);
    expect(out.kinds).toEqual(['cloudformation']);
    expect(state.aws.ecs.taskDefinitions[0]?.containers[0]?.image).toMatchObject({
      origin: 'unresolved',
      value: '!Sub x:${AWS::Region}',
    });
  });
});
