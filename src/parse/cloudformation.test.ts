/** CloudFormation intrinsics: every short-form tag, YAML long form and JSON, resolved or not. */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${...}` is CloudFormation Fn::Sub syntax here
import { describe, expect, it } from 'vitest';
import { cfnHooks, renderReferences } from '../adapters/cloudformation/references.js';
import { ignoreComments, longForm, SHORT_FORMS, Template, type TemplateHooks } from './cloudformation.js';
import { parseJson } from './json.js';
import { entry, isMap, type Node, toPlain } from './tree.js';
import { parseYaml } from './yaml.js';

const HEAD = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env: { Type: String, Default: prod }
  Port: { Type: Number, Default: 8080 }
  NoDefault: { Type: String }
  Subnets: { Type: CommaDelimitedList, Default: 'subnet-a, subnet-b' }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [!Ref Env, dev]
  Unknown: !Equals [!Ref NoDefault, x]
  ProdOrUnknown: !Or [!Condition IsProd, !Condition Unknown]
  DevAndUnknown: !And [!Condition IsDev, !Condition Unknown]
  NotDev: !Not [!Condition IsDev]
  Loop: !Not [!Condition Loop]
Mappings:
  Regions:
    prod: { Image: 'nginx:1.27' }
Resources:
  Role:
    Type: AWS::IAM::Role
  NamedRole:
    Type: AWS::IAM::Role
    Properties: { RoleName: orders-task }
  Cluster:
    Type: AWS::ECS::Cluster
    Properties: { ClusterName: main }
  Task:
    Type: AWS::ECS::TaskDefinition
  Policy:
    Type: AWS::IAM::ManagedPolicy
  Bucket:
    Type: AWS::S3::Bucket
  Probe:
    Type: AWS::SNS::Topic
    Properties:
      Value: `;

/**
 * The resolved `Value` property of the probe resource for a YAML expression, with references
 * rendered as the CloudFormation adapter does (`aws: false`: as the parser leaves them).
 */
function yamlValue(expr: string, aws = true): Node | undefined {
  const parsed = parseYaml('t.yaml', `${HEAD}${expr}\n`);
  expect(parsed.errors).toEqual([]);
  return probe(parsed.docs[0]!.node, 't.yaml', aws);
}

function probe(n: Node, file: string, aws = true): Node | undefined {
  const hooks: TemplateHooks = aws ? cfnHooks : {};
  const t = new Template(file, longForm(n) as Extract<Node, { kind: 'map' }>, hooks);
  const r = t.resources.find((x) => x.logicalId === 'Probe')!;
  const v = entry(entry(r.node, 'Properties')?.value, 'Value')?.value;
  return aws && v ? renderReferences(v) : v;
}

const shown = (n: Node | undefined): unknown =>
  n === undefined ? '<absent>' : n.kind === 'unresolved' ? { unresolved: n.expr } : toPlain(n);

const ROLE = 'arn:aws:iam::cfn-t.yaml:role/Role';

// [short form, long form (YAML flow), expected]
const TABLE: [string, string, unknown][] = [
  ['!Ref Env', '{ Ref: Env }', 'prod'],
  ['!Ref Port', '{ Ref: Port }', 8080],
  ['!Ref NoDefault', '{ Ref: NoDefault }', { unresolved: '!Ref NoDefault' }],
  ['!Ref Subnets', '{ Ref: Subnets }', ['subnet-a', 'subnet-b']],
  ['!Ref AWS::Region', '{ Ref: AWS::Region }', { unresolved: '!Ref AWS::Region' }],
  ['!Ref AWS::NoValue', '{ Ref: AWS::NoValue }', '<absent>'],
  ['!Ref Role', '{ Ref: Role }', ROLE],
  ['!Ref Cluster', '{ Ref: Cluster }', 'arn:aws:ecs:cfn:cfn-t.yaml:cluster/main'],
  ['!Ref Task', '{ Ref: Task }', 'arn:aws:ecs:cfn:cfn-t.yaml:task-definition/Task'],
  ['!Ref Policy', '{ Ref: Policy }', 'arn:aws:iam::cfn-t.yaml:policy/Policy'],
  ['!Ref Bucket', '{ Ref: Bucket }', { unresolved: '!Ref Bucket' }],
  ['!GetAtt Role.Arn', '{ "Fn::GetAtt": [Role, Arn] }', ROLE],
  ['!GetAtt [Role, Arn]', '{ "Fn::GetAtt": Role.Arn }', ROLE],
  ['!GetAtt NamedRole.Arn', '{ "Fn::GetAtt": [NamedRole, Arn] }', 'arn:aws:iam::cfn-t.yaml:role/orders-task'],
  ['!GetAtt Role.RoleId', '{ "Fn::GetAtt": [Role, RoleId] }', { unresolved: '!GetAtt Role.RoleId' }],
  ['!GetAtt Bucket.Arn', '{ "Fn::GetAtt": [Bucket, Arn] }', { unresolved: '!GetAtt Bucket.Arn' }],
  ['!Sub "${Env}-api:${Port}"', '{ "Fn::Sub": "${Env}-api:${Port}" }', 'prod-api:8080'],
  [
    '!Sub "arn:aws:iam::1:role/${NamedRole}"',
    '{ "Fn::Sub": "arn:aws:iam::1:role/${NamedRole}" }',
    'arn:aws:iam::1:role/orders-task',
  ],
  ['!Sub "role/${Role}"', '{ "Fn::Sub": "role/${Role}" }', { unresolved: '!Sub role/${Role}' }],
  [
    '!Sub "${NamedRole.Arn}"',
    '{ "Fn::Sub": "${NamedRole.Arn}" }',
    'arn:aws:iam::cfn-t.yaml:role/orders-task',
  ],
  ['!Sub "${!Literal}-${Env}"', '{ "Fn::Sub": "${!Literal}-${Env}" }', '${Literal}-prod'],
  ['!Sub ["${A}-${Env}", { A: x }]', '{ "Fn::Sub": ["${A}-${Env}", { A: x }] }', 'x-prod'],
  [
    '!Sub "${AWS::AccountId}"',
    '{ "Fn::Sub": "${AWS::AccountId}" }',
    { unresolved: '!Sub ${AWS::AccountId}' },
  ],
  ['!Join [":", [a, !Ref Env]]', '{ "Fn::Join": [":", [a, { Ref: Env }]] }', 'a:prod'],
  [
    '!Join [":", [a, !Ref AWS::Region]]',
    '{ "Fn::Join": [":", [a, { Ref: AWS::Region }]] }',
    { unresolved: '!Join [...]' },
  ],
  ['!Select [1, [a, b, c]]', '{ "Fn::Select": [1, [a, b, c]] }', 'b'],
  ['!Select [0, !Ref Subnets]', '{ "Fn::Select": [0, { Ref: Subnets }] }', 'subnet-a'],
  ['!Select [0, !GetAZs ""]', '{ "Fn::Select": [0, { "Fn::GetAZs": "" }] }', { unresolved: '!Select [...]' }],
  ['!Split [",", "a,b"]', '{ "Fn::Split": [",", "a,b"] }', ['a', 'b']],
  [
    '!FindInMap [Regions, !Ref Env, Image]',
    '{ "Fn::FindInMap": [Regions, { Ref: Env }, Image] }',
    'nginx:1.27',
  ],
  [
    '!FindInMap [Regions, dev, Image]',
    '{ "Fn::FindInMap": [Regions, dev, Image] }',
    { unresolved: '!FindInMap [...]' },
  ],
  ['!Base64 "hi ${Env}"', '{ "Fn::Base64": "hi ${Env}" }', 'aGkgJHtFbnZ9'],
  ['!Base64 { "Fn::Sub": "hi ${Env}" }', '{ "Fn::Base64": { "Fn::Sub": "hi ${Env}" } }', 'aGkgcHJvZA=='],
  ['!If [IsProd, a, b]', '{ "Fn::If": [IsProd, a, b] }', 'a'],
  ['!If [IsDev, a, b]', '{ "Fn::If": [IsDev, a, b] }', 'b'],
  ['!If [IsDev, a, !Ref AWS::NoValue]', '{ "Fn::If": [IsDev, a, { Ref: AWS::NoValue }] }', '<absent>'],
  ['!If [Unknown, a, b]', '{ "Fn::If": [Unknown, a, b] }', { unresolved: '!If [...]' }],
  ['!If [ProdOrUnknown, a, b]', '{ "Fn::If": [ProdOrUnknown, a, b] }', 'a'],
  ['!If [DevAndUnknown, a, b]', '{ "Fn::If": [DevAndUnknown, a, b] }', 'b'],
  ['!If [NotDev, [x], [y]]', '{ "Fn::If": [NotDev, [x], [y]] }', ['x']],
  ['!If [Loop, a, b]', '{ "Fn::If": [Loop, a, b] }', { unresolved: '!If [...]' }],
  ['!If [Missing, a, b]', '{ "Fn::If": [Missing, a, b] }', { unresolved: '!If [...]' }],
  ['!Equals [a, a]', '{ "Fn::Equals": [a, a] }', { unresolved: '!Equals [...]' }],
  [
    '!And [!Condition A, !Condition B]',
    '{ "Fn::And": [{ Condition: A }, { Condition: B }] }',
    { unresolved: '!And [...]' },
  ],
  [
    '!Or [!Condition A, !Condition B]',
    '{ "Fn::Or": [{ Condition: A }, { Condition: B }] }',
    { unresolved: '!Or [...]' },
  ],
  ['!Not [!Condition A]', '{ "Fn::Not": [{ Condition: A }] }', { unresolved: '!Not [...]' }],
  ['!Condition A', '{ Condition: A }', { unresolved: '!Condition A' }],
  ['!Cidr ["10.0.0.0/16", 2, 8]', '{ "Fn::Cidr": ["10.0.0.0/16", 2, 8] }', { unresolved: '!Cidr [...]' }],
  ['!GetAZs us-east-1', '{ "Fn::GetAZs": us-east-1 }', { unresolved: '!GetAZs us-east-1' }],
  ['!ImportValue shared-vpc', '{ "Fn::ImportValue": shared-vpc }', { unresolved: '!ImportValue shared-vpc' }],
  [
    '!Transform { Name: AWS::Include }',
    '{ "Fn::Transform": { Name: AWS::Include } }',
    { unresolved: '!Transform [...]' },
  ],
];

describe('CloudFormation intrinsics', () => {
  it('the table covers every short-form tag', () => {
    const used = new Set(TABLE.flatMap(([short]) => short.match(/!\w+/g) ?? []));
    expect(Object.keys(SHORT_FORMS).filter((t) => !used.has(t))).toEqual([]);
  });

  it.each(TABLE)('YAML short form %s', (short, _long, expected) => {
    expect(shown(yamlValue(short))).toEqual(expected);
  });

  it.each(TABLE)('YAML long form of %s', (_short, long, expected) => {
    // (the `!GetAtt [Role, Arn]` row's long form is the `Role.Arn` string, which CloudFormation also takes)
    expect(shown(yamlValue(long))).toEqual(expected);
  });

  it.each(TABLE)('JSON long form of %s', (_short, long, expected) => {
    const yamlTree = parseYaml('t.yaml', `${HEAD}${long}\n`).docs[0]!.node;
    const json = JSON.stringify(toPlain(longForm(yamlTree)));
    const parsed = parseJson('t.json', json);
    expect(parsed.errors).toEqual([]);
    const want = expected;
    const swap = (v: unknown): unknown =>
      typeof v === 'string' ? v.replace('cfn-t.yaml', 'cfn-t.json') : Array.isArray(v) ? v.map(swap) : v;
    expect(shown(probe(parsed.docs[0]!.node, 't.json'))).toEqual(swap(want));
  });

  it('leaves a reference to a resource of the template generic: no ARN, the reference on the node', () => {
    const ref = (address: string, type: string, attribute: string, name = address) => ({
      format: 'cloudformation',
      scope: 't.yaml',
      address,
      type,
      attribute,
      name,
    });
    const cases: [string, ReturnType<typeof ref>][] = [
      ['!GetAtt Role.Arn', ref('Role', 'AWS::IAM::Role', 'Arn')],
      ['!GetAtt NamedRole.Arn', ref('NamedRole', 'AWS::IAM::Role', 'Arn', 'orders-task')],
      ['!Ref Cluster', ref('Cluster', 'AWS::ECS::Cluster', 'Ref', 'main')],
      ['!Ref Bucket', ref('Bucket', 'AWS::S3::Bucket', 'Ref')],
      ['!GetAtt Bucket.Arn', ref('Bucket', 'AWS::S3::Bucket', 'Arn')],
      ['!If [IsProd, !Ref Task, b]', ref('Task', 'AWS::ECS::TaskDefinition', 'Ref')],
      ['!Select [0, [!GetAtt Policy.PolicyArn]]', ref('Policy', 'AWS::IAM::ManagedPolicy', 'PolicyArn')],
    ];
    for (const [expr, want] of cases) {
      const v = yamlValue(expr, false);
      expect(v?.kind, expr).toBe('unresolved');
      expect(v?.kind === 'unresolved' ? v.ref : undefined, expr).toEqual(want);
      // located at the property that uses it
      expect(v?.src.startLine, expr).toBe(36);
    }
    // read as text, a reference is unknown without the adapter's hooks
    expect(shown(yamlValue('!Sub "${NamedRole.Arn}"', false))).toEqual({
      unresolved: '!Sub ${NamedRole.Arn}',
    });
    expect(shown(yamlValue('!Sub "x/${NamedRole}"', false))).toEqual({ unresolved: '!Sub x/${NamedRole}' });
    expect(shown(yamlValue('!Sub "x/${NamedRole}"'))).toEqual('x/orders-task');
  });

  it('locates a resolved value at the reference, tagged with its function', () => {
    const v = yamlValue('!Ref Env');
    expect(v).toMatchObject({ kind: 'scalar', value: 'prod', tag: '!Ref' });
    expect(v?.src.startLine).toBe(36);
    expect(v?.src.startColumn).toBe(19); // the `yaml` library ranges a tagged node from its value, after the tag
  });

  it('a resource name that refers to itself is unknown, not a loop', () => {
    const text = `Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties: { RoleName: !Sub '\${Role}-x' }\n  Probe:\n    Type: AWS::SNS::Topic\n    Properties:\n      Value: !Sub 'role/\${Role}'\n`;
    const parsed = parseYaml('t.yaml', text);
    expect(shown(probe(parsed.docs[0]!.node, 't.yaml'))).toEqual({ unresolved: '!Sub role/${Role}' });
  });

  it('leaves out a resource whose condition is false with the defaults', () => {
    const text = `${HEAD}x\n  DevOnly:\n    Type: AWS::SNS::Topic\n    Condition: IsDev\n  ProdOnly:\n    Type: AWS::SNS::Topic\n    Condition: IsProd\n  Maybe:\n    Type: AWS::SNS::Topic\n    Condition: Unknown\n`;
    const n = parseYaml('t.yaml', text).docs[0]!.node;
    const t = new Template('t.yaml', longForm(n) as Extract<Node, { kind: 'map' }>);
    const ids = t.resources.map((r) => r.logicalId);
    expect(ids).toContain('ProdOnly');
    expect(ids).toContain('Maybe');
    expect(ids).not.toContain('DevOnly');
  });

  it('keeps short forms nested in maps and lists', () => {
    const v = yamlValue('{ A: [!Ref Env, { B: !Sub "${Env}x" }], C: !Ref AWS::NoValue }');
    expect(isMap(v)).toBe(true);
    expect(toPlain(v)).toEqual({ A: ['prod', { B: 'prodx' }] });
  });
});

describe('hako:ignore comments', () => {
  it('reads rules and reason', () => {
    const c = ignoreComments(
      't.yaml',
      'a: 1\n  # hako:ignore ECS-003 legacy agent needs it\nb: 2 # hako:ignore ECS-001 trailing is not read\n# hako:ignore ECS-001,ecs-002: both\n#hako:ignore ECS-009\n',
    );
    expect([...c.entries()].map(([line, x]) => [line, x.rules, x.reason])).toEqual([
      [2, ['ECS-003'], 'legacy agent needs it'],
      [4, ['ECS-001', 'ECS-002'], 'both'],
      [5, ['ECS-009'], ''],
    ]);
    expect(c.get(2)?.src).toMatchObject({ startLine: 2, startColumn: 3 });
  });
});

describe('parsers know no AWS', () => {
  it('no parser module mints an ARN or a stand-in', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dirs = ['.', 'hcl'].map((d) => new URL(`${d}/`, import.meta.url));
    const offenders = dirs.flatMap((dir) =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .filter((f) => /arn:aws|standIn/.test(readFileSync(new URL(f, dir), 'utf8')))
        .map((f) => `${dir.pathname.split('/src/')[1]}${f}`),
    );
    expect(offenders).toEqual([]);
  });
});
