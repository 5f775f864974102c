/**
 * CloudFormation registry-schema validation, through the real parser and adapter: each case is one
 * resource of a template, checked against the shipped schema of its type; the expected problems
 * are `line:column kind message` (plus `→ suggestion`).
 */
import { describe, expect, it } from 'vitest';
import { adaptText, type Syntax } from '../../adapters/index.js';
import type { Src } from '../../model/source.js';
import { emptyState } from '../../model/state.js';
import type { MapNode, Node } from '../../parse/tree.js';
import { type CfnResourceSchema, loadCfnSchemas, validateAgainst } from './cloudformation.js';
import { validateResource } from './index.js';
import type { SchemaProblem } from './types.js';

const show = (p: SchemaProblem) =>
  `${p.src.startLine}:${p.src.startColumn} ${p.kind} ${p.message}${p.suggestion ? ` → ${p.suggestion}` : ''}`;

/** Problems of every checked resource of a template. */
function problems(text: string, syntax: Syntax = 'yaml'): string[] {
  const state = emptyState();
  const out = adaptText(`template.${syntax}`, syntax, text, state);
  expect(out.errors).toEqual([]);
  return state.inputs.schemaChecks.flatMap((c) => validateResource(c).map(show));
}

/** A template holding one resource `R` of `type`; `props` is the Properties body, from line 7, column 7. */
function resource(type: string, props: string): string {
  const body = props
    .trim()
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');
  return `Parameters:\n  Env: { Type: String }\nResources:\n  R:\n    Type: ${type}\n    Properties:\n${body}\n`;
}

/** The two properties an AWS::EKS::Cluster requires (two lines: the case's own start on line 9). */
const CLUSTER = `RoleArn: arn:aws:iam::111122223333:role/eks
ResourcesVpcConfig: { SubnetIds: [subnet-1] }`;

interface Case {
  name: string;
  type: string;
  props: string;
  want: string[];
}

const CASES: Case[] = [
  // unknown properties
  {
    name: 'unknown top-level property',
    type: 'AWS::EKS::Cluster',
    props: `
${CLUSTER}
LoggingServiceConfiguration: { Enabled: true }`,
    want: ['9:7 unknown-key AWS::EKS::Cluster has no property "LoggingServiceConfiguration"'],
  },
  {
    name: 'unknown property inside a list item',
    type: 'AWS::EKS::Cluster',
    props: `
${CLUSTER}
EncryptionConfig: [{ Enable: true, Resources: [secrets] }]`,
    want: ['9:28 unknown-key AWS::EKS::Cluster EncryptionConfig[0] has no property "Enable"'],
  },
  {
    name: 'misspelt container property, with did-you-mean',
    type: 'AWS::ECS::TaskDefinition',
    props: `
ContainerDefinitions:
  - Name: app
    Image: nginx
    ReadOnlyRootFileSystem: true`,
    want: [
      '10:11 unknown-key AWS::ECS::TaskDefinition ContainerDefinitions[0] has no property "ReadOnlyRootFileSystem" → ReadonlyRootFilesystem',
    ],
  },
  {
    name: 'Kubernetes emptyDir in an ECS volume',
    type: 'AWS::ECS::TaskDefinition',
    props: `
ContainerDefinitions: [{ Name: app, Image: nginx }]
Volumes:
  - Name: scratch
    EmptyDir: {}`,
    want: ['10:11 unknown-key AWS::ECS::TaskDefinition Volumes[0] has no property "EmptyDir"'],
  },
  {
    name: 'nested definitions: a misspelt key three levels down',
    type: 'AWS::ECS::TaskDefinition',
    props: `
ContainerDefinitions:
  - Name: app
    Image: nginx
    LinuxParameters:
      Capabilites: { Drop: [ALL] }`,
    want: [
      '11:13 unknown-key AWS::ECS::TaskDefinition ContainerDefinitions[0].LinuxParameters has no property "Capabilites" → Capabilities',
    ],
  },
  {
    name: 'free-form maps (patternProperties) take any key',
    type: 'AWS::ECS::TaskDefinition',
    props: `
ContainerDefinitions:
  - Name: app
    Image: nginx
    DockerLabels: { com.example.team: payments, anything-goes: "1" }
    LogConfiguration: { LogDriver: awslogs, Options: { awslogs-group: /ecs/app, mode: non-blocking } }`,
    want: [],
  },
  {
    name: 'a document property (object or string) is not looked into',
    type: 'AWS::IAM::Role',
    props: `
AssumeRolePolicyDocument:
  Version: '2012-10-17'
  Statement: [{ Effect: Allow, Principal: { Service: ecs-tasks.amazonaws.com }, Action: sts:AssumeRole }]
  Whatever: true`,
    want: [],
  },
  // read-only properties
  {
    name: 'read-only attribute written as a property',
    type: 'AWS::EKS::Cluster',
    props: `
${CLUSTER}
Arn: arn:aws:eks:us-east-1:111122223333:cluster/x`,
    want: [
      '9:7 unknown-key AWS::EKS::Cluster Arn is read-only: CloudFormation returns it (Fn::GetAtt), a template cannot set it',
    ],
  },
  {
    name: 'nested read-only attribute',
    type: 'AWS::EKS::Cluster',
    props: `
${CLUSTER}
CertificateAuthority: { Data: abc }`,
    want: [
      '9:31 unknown-key AWS::EKS::Cluster CertificateAuthority.Data is read-only: CloudFormation returns it (Fn::GetAtt), a template cannot set it',
    ],
  },
  // missing required properties
  {
    name: 'missing required properties, at the Properties map',
    type: 'AWS::EKS::Nodegroup',
    props: `
ClusterName: prod
ScalingConfig: { MinSize: 1, MaxSize: 2 }`,
    want: [
      '7:7 missing-required AWS::EKS::Nodegroup is missing required property "NodeRole"',
      '7:7 missing-required AWS::EKS::Nodegroup is missing required property "Subnets"',
    ],
  },
  {
    name: 'missing required property of a list item',
    type: 'AWS::ECS::TaskDefinition',
    props: `
ContainerDefinitions:
  - Name: app`,
    want: [
      '8:11 missing-required AWS::ECS::TaskDefinition ContainerDefinitions[0] is missing required property "Image"',
    ],
  },
  {
    name: 'a required property given by an intrinsic is present',
    type: 'AWS::EKS::Nodegroup',
    props: `
ClusterName: !Ref Env
NodeRole: !GetAtt NodeRole.Arn
Subnets: !Split [',', !ImportValue subnets]`,
    want: [],
  },
  {
    name: 'anyOf of required properties: none given',
    type: 'AWS::IAM::Policy',
    props: `
PolicyName: app
PolicyDocument: { Statement: [] }`,
    want: ['7:7 missing-required AWS::IAM::Policy needs one of "Users", "Groups" or "Roles"'],
  },
  {
    name: 'anyOf of required properties: one given',
    type: 'AWS::IAM::Policy',
    props: `
PolicyName: app
PolicyDocument: { Statement: [] }
Roles: [!Ref Role]`,
    want: [],
  },
  {
    name: 'requiredOr (cfn-lint) as anyOf: an Events rule needs a pattern or a schedule',
    type: 'AWS::Events::Rule',
    props: `
State: ENABLED`,
    want: ['7:7 missing-required AWS::Events::Rule needs one of "EventPattern" or "ScheduleExpression"'],
  },
  // enums
  {
    name: 'invalid enum value with did-you-mean',
    type: 'AWS::EKS::Nodegroup',
    props: `
ClusterName: prod
NodeRole: arn:aws:iam::111122223333:role/node
Subnets: [subnet-1]
CapacityType: SPOTT`,
    want: [
      '10:21 invalid-enum AWS::EKS::Nodegroup CapacityType "SPOTT" is not a valid value; valid values: CAPACITY_BLOCK, ON_DEMAND, OnDemand, SPOT → SPOT',
    ],
  },
  {
    name: 'invalid enum in a nested list item (ECR replication filter type)',
    type: 'AWS::ECR::ReplicationConfiguration',
    props: `
ReplicationConfiguration:
  Rules:
    - Destinations: [{ Region: eu-west-1, RegistryId: '111122223333' }]
      RepositoryFilters: [{ Filter: prod, FilterType: prefix-list }]`,
    want: [
      '10:61 invalid-enum AWS::ECR::ReplicationConfiguration ReplicationConfiguration.Rules[0].RepositoryFilters[0].FilterType "prefix-list" is not a valid value; valid values: PREFIX_MATCH',
    ],
  },
  {
    name: 'GuardDuty feature that does not exist',
    type: 'AWS::GuardDuty::Detector',
    props: `
Enable: true
Features: [{ Name: EKS_AUDIT_LOG, Status: ENABLED }]`,
    want: [
      '8:26 invalid-enum AWS::GuardDuty::Detector Features[0].Name "EKS_AUDIT_LOG" is not a valid value; valid values: AI_ANALYST, AI_PROTECTION, EBS_MALWARE_PROTECTION, EKS_AUDIT_LOGS, EKS_RUNTIME_MONITORING, LAMBDA_NETWORK_LOGS, RDS_LOGIN_EVENTS, RUNTIME_MONITORING, S3_DATA_EVENTS → EKS_AUDIT_LOGS',
    ],
  },
  {
    name: 'value documented by the service API only (access entry type)',
    type: 'AWS::EKS::AccessEntry',
    props: `
ClusterName: prod
PrincipalArn: arn:aws:iam::111122223333:role/admin
Type: ADMIN`,
    want: [
      '9:13 invalid-enum AWS::EKS::AccessEntry Type "ADMIN" is not a valid value; valid values (per the service API documentation): STANDARD, FARGATE_LINUX, EC2_LINUX, EC2_WINDOWS, EC2, HYBRID_LINUX, HYPERPOD_LINUX',
    ],
  },
  {
    name: 'integer enum: a number or a numeric string',
    type: 'AWS::Logs::LogGroup',
    props: `
RetentionInDays: "30"`,
    want: [],
  },
  {
    name: 'integer enum: a value not in it',
    type: 'AWS::Logs::LogGroup',
    props: `
RetentionInDays: 45`,
    want: [
      '7:24 invalid-enum AWS::Logs::LogGroup RetentionInDays "45" is not a valid value; valid values: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
    ],
  },
  {
    name: 'enum of list items',
    type: 'AWS::ECS::TaskDefinition',
    props: `
RequiresCompatibilities: [FARGATE, LAMBDA]
ContainerDefinitions: [{ Name: app, Image: nginx }]`,
    want: [
      '7:42 invalid-enum AWS::ECS::TaskDefinition RequiresCompatibilities[1] "LAMBDA" is not a valid value; valid values: EC2, EXTERNAL, FARGATE, MANAGED_INSTANCES',
    ],
  },
  // types
  {
    name: 'CloudFormation converts scalars: numbers for strings, strings for numbers and booleans',
    type: 'AWS::ECS::TaskDefinition',
    props: `
Cpu: 256
Memory: 512
ContainerDefinitions:
  - Name: app
    Image: nginx
    Memory: "512"
    Essential: "true"
    Privileged: no
    Environment: [{ Name: PORT, Value: 8080 }]`,
    want: [],
  },
  {
    name: 'a string that is no integer, a fraction and a word for a boolean',
    type: 'AWS::ECS::TaskDefinition',
    props: `
ContainerDefinitions:
  - Name: app
    Image: nginx
    Memory: 512MB
    Cpu: 0.5
    Essential: maybe`,
    want: [
      '10:19 wrong-type AWS::ECS::TaskDefinition ContainerDefinitions[0].Memory must be an integer, not the string "512MB"',
      '11:16 wrong-type AWS::ECS::TaskDefinition ContainerDefinitions[0].Cpu must be an integer, not the number 0.5',
      '12:22 wrong-type AWS::ECS::TaskDefinition ContainerDefinitions[0].Essential must be a boolean, not the string "maybe"',
    ],
  },
  {
    name: 'an object where a string belongs',
    type: 'AWS::ECS::TaskDefinition',
    props: `
Family: { Name: web }
ContainerDefinitions: [{ Name: app, Image: nginx }]`,
    want: ['7:15 wrong-type AWS::ECS::TaskDefinition Family must be a string, not an object'],
  },
  {
    name: 'a scalar where a list belongs, a list where an object belongs',
    type: 'AWS::EKS::Nodegroup',
    props: `
ClusterName: prod
NodeRole: arn:aws:iam::111122223333:role/node
Subnets: subnet-1
ScalingConfig: [1, 2]`,
    want: [
      '9:16 wrong-type AWS::EKS::Nodegroup Subnets must be a list, not the string "subnet-1"',
      '10:22 wrong-type AWS::EKS::Nodegroup ScalingConfig must be an object, not a list',
    ],
  },
  {
    name: 'a boolean where an integer belongs',
    type: 'AWS::EKS::Nodegroup',
    props: `
ClusterName: prod
NodeRole: arn:aws:iam::111122223333:role/node
Subnets: [subnet-1]
ScalingConfig: { MinSize: 1, MaxSize: 2, DesiredSize: true }`,
    want: [
      '10:61 wrong-type AWS::EKS::Nodegroup ScalingConfig.DesiredSize must be an integer, not the boolean true',
    ],
  },
  {
    name: 'a property typed object or string takes either',
    type: 'AWS::KMS::Key',
    props: `
KeyPolicy: '{"Version": "2012-10-17", "Statement": []}'
EnableKeyRotation: true`,
    want: [],
  },
  {
    name: 'a property typed object or string rejects a list',
    type: 'AWS::KMS::Key',
    props: `
KeyPolicy: [a]`,
    want: ['7:18 wrong-type AWS::KMS::Key KeyPolicy must be an object or a string, not a list'],
  },
  {
    name: 'null is never reported',
    type: 'AWS::ECS::TaskDefinition',
    props: `
Family:
ContainerDefinitions: [{ Name: app, Image: nginx, Memory: null }]`,
    want: [],
  },
  // list sizes
  {
    name: 'more items than maxItems',
    type: 'AWS::EKS::Cluster',
    props: `
${CLUSTER}
EncryptionConfig:
  - Resources: [secrets]
  - Resources: [secrets]`,
    want: ['10:9 invalid-value AWS::EKS::Cluster EncryptionConfig has 2 items; at most 1 allowed'],
  },
  {
    name: 'fewer items than minItems',
    type: 'AWS::ECR::ReplicationConfiguration',
    props: `
ReplicationConfiguration:
  Rules: [{ Destinations: [] }]`,
    want: [
      '8:33 invalid-value AWS::ECR::ReplicationConfiguration ReplicationConfiguration.Rules[0].Destinations has 0 items; at least 1 required',
    ],
  },
  {
    name: 'a list holding an intrinsic is not counted',
    type: 'AWS::EKS::Cluster',
    props: `
${CLUSTER}
EncryptionConfig:
  - Resources: [secrets]
  - !If [IsProd, { Resources: [secrets] }, !Ref AWS::NoValue]`,
    want: [],
  },
  // intrinsic functions
  {
    name: 'intrinsics are never reported nor looked into',
    type: 'AWS::EKS::Nodegroup',
    props: `
ClusterName: !Ref Env
NodeRole: !GetAtt [Role, Arn]
Subnets: !Split [',', !Ref Env]
AmiType: !Ref Env
CapacityType: !Sub '\${Env}'
ScalingConfig: !FindInMap [Sizes, !Ref Env, Scaling]
Labels: { Fn::Transform: { Name: AWS::Include, Parameters: { Location: s3://b/labels.yaml } } }`,
    want: [],
  },
  {
    name: 'Fn::If: both values are checked, AWS::NoValue passes',
    type: 'AWS::EKS::Cluster',
    props: `
${CLUSTER}
AccessConfig:
  AuthenticationMode: !If [IsProd, API, CONFIG_MAPP]
Logging: !If [IsProd, { ClusterLogging: { Enabled: true } }, !Ref AWS::NoValue]`,
    want: [
      '10:47 invalid-enum AWS::EKS::Cluster AccessConfig.AuthenticationMode "CONFIG_MAPP" is not a valid value; valid values: CONFIG_MAP, API_AND_CONFIG_MAP, API → CONFIG_MAP',
      '11:49 unknown-key AWS::EKS::Cluster Logging.ClusterLogging has no property "Enabled"',
    ],
  },
];

describe('validateCloudFormation (registry schemas through the adapter)', () => {
  it.each(CASES)('$name', ({ type, props, want }) => {
    expect(problems(resource(type, props))).toEqual(want);
  });

  it('a resource without Properties is checked as an empty map located at the resource', () => {
    const text = 'Resources:\n  Detector:\n    Type: AWS::GuardDuty::Detector\n';
    expect(problems(text)).toEqual([
      '3:5 missing-required AWS::GuardDuty::Detector is missing required property "Enable"',
    ]);
  });

  it('Properties that are an Fn::If: both values are checked as the whole', () => {
    const text = `Resources:
  Log:
    Type: AWS::Logs::LogGroup
    Properties: !If
      - IsProd
      - { RetentionInDays: 30 }
      - { RetentionDays: 30 }
`;
    expect(problems(text)).toEqual([
      '7:11 unknown-key AWS::Logs::LogGroup has no property "RetentionDays" → RetentionInDays',
    ]);
  });

  it('JSON templates: positions and intrinsics in long form', () => {
    const text = `{
  "Resources": {
    "Ng": {
      "Type": "AWS::EKS::Nodegroup",
      "Properties": {
        "ClusterName": { "Ref": "Cluster" },
        "NodeRole": { "Fn::GetAtt": ["Role", "Arn"] },
        "Subnets": ["subnet-1"],
        "AmiType": "AL2_X86_64",
        "Taints": [{ "Key": "gpu", "Effect": "NoSchedule" }]
      }
    }
  }
}`;
    expect(problems(text, 'json')).toEqual([
      '9:20 invalid-enum AWS::EKS::Nodegroup AmiType "AL2_X86_64" is not a valid value; valid values: AL2023_ARM_64_NVIDIA, AL2023_ARM_64_STANDARD, AL2023_x86_64_NEURON, AL2023_x86_64_NVIDIA, AL2023_x86_64_STANDARD, AL2_ARM_64, AL2_x86_64, AL2_x86_64_GPU, BOTTLEROCKET_ARM_64, BOTTLEROCKET_ARM_64_FIPS, BOTTLEROCKET_ARM_64_NVIDIA, BOTTLEROCKET_ARM_64_NVIDIA_FIPS, BOTTLEROCKET_x86_64, BOTTLEROCKET_x86_64_FIPS, BOTTLEROCKET_x86_64_NVIDIA, BOTTLEROCKET_x86_64_NVIDIA_FIPS, CUSTOM, WINDOWS_CORE_2019_x86_64, WINDOWS_CORE_2022_x86_64, WINDOWS_CORE_2025_x86_64, WINDOWS_FULL_2019_x86_64, WINDOWS_FULL_2022_x86_64, WINDOWS_FULL_2025_x86_64 → AL2_x86_64',
      '10:46 invalid-enum AWS::EKS::Nodegroup Taints[0].Effect "NoSchedule" is not a valid value; valid values: NO_EXECUTE, NO_SCHEDULE, PREFER_NO_SCHEDULE → NO_SCHEDULE',
    ]);
  });

  it('types without a schema (custom resources) are not recorded', () => {
    const state = emptyState();
    const text = 'Resources:\n  X:\n    Type: Custom::Thing\n    Properties: { Anything: 1 }\n';
    adaptText('t.yaml', 'yaml', text, state);
    expect(state.inputs.schemaChecks).toEqual([]);
  });

  it('the data covers exactly the adapted types', () => {
    expect(Object.keys(loadCfnSchemas().types).sort()).toEqual(
      [
        'AWS::ECR::RegistryPolicy',
        'AWS::ECR::RegistryScanningConfiguration',
        'AWS::ECR::ReplicationConfiguration',
        'AWS::ECR::Repository',
        'AWS::ECS::Cluster',
        'AWS::ECS::Service',
        'AWS::ECS::TaskDefinition',
        'AWS::EKS::AccessEntry',
        'AWS::EKS::Cluster',
        'AWS::EKS::Nodegroup',
        'AWS::EKS::PodIdentityAssociation',
        'AWS::Events::Rule',
        'AWS::GuardDuty::Detector',
        'AWS::IAM::ManagedPolicy',
        'AWS::IAM::Policy',
        'AWS::IAM::Role',
        'AWS::IAM::RolePolicy',
        'AWS::KMS::Key',
        'AWS::Logs::LogGroup',
      ].sort(),
    );
    expect(loadCfnSchemas().version).toBe('cfn-lint 1.58.0');
  });
});

// Hand-written schemas for the keywords the shipped data barely uses (oneOf, allOf, unresolved nodes).
const SRC: Src = { file: 't', startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 };
const at = (line: number): Src => ({ ...SRC, startLine: line });
const scalar = (value: string | number | boolean, line: number): Node => ({
  kind: 'scalar',
  value,
  src: at(line),
});
const map = (line: number, entries: [string, Node][]): MapNode => ({
  kind: 'map',
  src: at(line),
  entries: entries.map(([key, value]) => ({ key, keySrc: value.src, value })),
});

const ONE_OF: CfnResourceSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { Name: { type: 'string' }, Target: { $ref: '#/definitions/Target' } },
  definitions: {
    Target: {
      type: 'object',
      additionalProperties: false,
      oneOf: [
        { properties: { Arn: { type: 'string' } }, required: ['Arn'] },
        { properties: { Port: { type: 'integer' }, Host: { type: 'string' } }, required: ['Host'] },
      ],
    },
  },
};

describe('validateAgainst (oneOf / anyOf / allOf, unresolved nodes)', () => {
  const run = (schema: CfnResourceSchema, node: Node) =>
    validateAgainst('Test::Thing', schema, node).map((p) => `${p.src.startLine} ${p.kind} ${p.message}`);

  it.each([
    ['a key known in one branch', [['Arn', scalar('arn:x', 3)]], []],
    [
      'keys of the other branch',
      [
        ['Host', scalar('h', 3)],
        ['Port', scalar('80', 4)],
      ],
      [],
    ],
    [
      'a key no branch knows',
      [
        ['Arn', scalar('arn:x', 3)],
        ['Hots', scalar('h', 4)],
      ],
      ['4 unknown-key Test::Thing Target has no property "Hots"'],
    ],
    [
      'branches that fail for different reasons: nothing is reported',
      [
        ['Host', scalar('h', 3)],
        ['Port', scalar('eighty', 4)],
      ],
      [],
    ],
    [
      'no branch satisfied: only required properties missing',
      [],
      ['2 missing-required Test::Thing Target needs one of "Arn" or "Host"'],
    ],
  ] as [string, [string, Node][], string[]][])('oneOf: %s', (_name, entries, want) => {
    const node = map(1, [['Target', map(2, entries)]]);
    expect(run(ONE_OF, node)).toEqual(want);
  });

  it('allOf parts are merged: properties of every part are known, required of every part apply', () => {
    const schema: CfnResourceSchema = {
      additionalProperties: false,
      allOf: [
        { properties: { A: { type: 'string' } }, required: ['A'] },
        { properties: { B: { type: 'boolean' } } },
      ],
    };
    expect(run(schema, map(1, [['B', scalar('nope', 2)]]))).toEqual([
      '2 wrong-type Test::Thing B must be a boolean, not the string "nope"',
      '1 missing-required Test::Thing is missing required property "A"',
    ]);
  });

  it('unresolved values and values resolved from an intrinsic (tagged) are not reported', () => {
    const schema: CfnResourceSchema = {
      additionalProperties: false,
      properties: { Mode: { type: 'string', enum: ['A', 'B'] }, Count: { type: 'integer' } },
    };
    const node = map(1, [
      ['Mode', { kind: 'unresolved', expr: '!Ref Mode', src: at(2) }],
      ['Count', { kind: 'scalar', value: 'x', src: at(3), tag: '!Ref' }],
    ]);
    expect(run(schema, node)).toEqual([]);
  });
});
