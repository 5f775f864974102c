/** AWS::LanguageExtensions: Fn::ForEach expansion, Fn::Length, Fn::ToJsonString, FindInMap DefaultValue. */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${...}` is CloudFormation syntax here
import { describe, expect, it } from 'vitest';
import { expandForEach, longForm, Template } from './cloudformation.js';
import { entry, isMap, type MapNode, toPlain } from './tree.js';
import { parseYaml } from './yaml.js';

function root(text: string): MapNode {
  const r = parseYaml('t.yaml', text);
  expect(r.errors).toEqual([]);
  const n = longForm(r.docs[0]!.node);
  if (!isMap(n)) throw new Error('not a map');
  return n;
}

describe('Fn::ForEach', () => {
  it('copies the fragment per item: ${} and &{} in logical IDs and strings, Ref of the identifier', () => {
    const x = expandForEach(
      't.yaml',
      root(`Transform: AWS::LanguageExtensions
Resources:
  Fn::ForEach::Topics:
    - Name
    - [Orders, "pay-ments.v2"]
    - "Topic&{Name}":
        Type: AWS::SNS::Topic
        Properties:
          TopicName: !Ref Name
          DisplayName: !Sub "\${Name}-topic"
`),
    );
    expect(x.problems).toEqual([]);
    const res = entry(x.root, 'Resources')?.value;
    expect(toPlain(res)).toEqual({
      TopicOrders: {
        Type: 'AWS::SNS::Topic',
        Properties: { TopicName: 'Orders', DisplayName: { 'Fn::Sub': 'Orders-topic' } },
      },
      Topicpaymentsv2: {
        Type: 'AWS::SNS::Topic',
        Properties: { TopicName: 'pay-ments.v2', DisplayName: { 'Fn::Sub': 'pay-ments.v2-topic' } },
      },
    });
    // copies keep the fragment's lines
    expect(isMap(res) && res.entries[1]!.keySrc.startLine).toBe(6);
  });

  it('takes a list parameter default, nests, and skips a collection known only at deployment', () => {
    const x = expandForEach(
      't.yaml',
      root(`Parameters:
  Envs: { Type: CommaDelimitedList, Default: "dev, prod" }
  Unknown: { Type: CommaDelimitedList }
Resources:
  Fn::ForEach::Envs:
    - Env
    - !Ref Envs
    - Fn::ForEach::Apps:
        - App
        - [Api, Web]
        - "\${App}\${Env}":
            Type: AWS::SNS::Topic
  Fn::ForEach::Later:
    - X
    - !Ref Unknown
    - "T\${X}": { Type: AWS::SNS::Topic }
`),
    );
    const res = entry(x.root, 'Resources')?.value;
    expect(isMap(res) && res.entries.map((e) => e.key)).toEqual(['Apidev', 'Webdev', 'Apiprod', 'Webprod']);
    expect(x.skipped).toEqual([
      {
        line: 13,
        reason: expect.stringContaining(
          'Fn::ForEach::Later loops over a collection known only at deployment',
        ),
        note: 'forEachUnknown',
        data: { key: 'Fn::ForEach::Later' },
      },
    ]);
  });

  it('a malformed loop is a problem at its line', () => {
    const x = expandForEach('t.yaml', root(`Resources:\n  Fn::ForEach::Bad: [X, [a]]\n`));
    expect(x.problems.map((p) => p.line)).toEqual([2]);
  });

  it('bounds what loops create', () => {
    const items = Array.from({ length: 1000 }, (_, i) => `i${i}`).join(', ');
    const x = expandForEach(
      't.yaml',
      root(`Resources:
  Fn::ForEach::A:
    - A
    - [${items}]
    - Fn::ForEach::B:
        - B
        - [${items}]
        - "R\${A}\${B}": { Type: AWS::SNS::Topic }
`),
    );
    expect(x.problems).toHaveLength(1);
    expect(x.problems[0]!.message).toContain('expand to more than');
  });
});

describe('other language extensions', () => {
  it('Fn::Length, Fn::ToJsonString, Fn::FindInMap with DefaultValue', () => {
    const t = new Template(
      't.yaml',
      root(`Parameters:
  Subnets: { Type: CommaDelimitedList, Default: "a,b,c" }
Mappings:
  M: { k: { v: known } }
Resources:
  R:
    Type: AWS::ECS::Cluster
    Properties:
      Count: { "Fn::Length": !Ref Subnets }
      Json: { "Fn::ToJsonString": { a: [1, !Ref Subnets] } }
      Found: !FindInMap [M, k, v, { DefaultValue: d }]
      Missing: !FindInMap [M, k, nope, { DefaultValue: d }]
      Unknown: { "Fn::ToJsonString": { a: !Ref AWS::AccountId } }
`),
    );
    const props = entry(t.resources[0]!.node, 'Properties')?.value;
    expect(toPlain(props)).toEqual({
      Count: 3,
      Json: '{"a":[1,["a","b","c"]]}',
      Found: 'known',
      Missing: 'd',
      Unknown: undefined,
    });
  });
});
