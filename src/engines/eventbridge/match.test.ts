// Matching cases E1-E40 of /work/shared/domain/iam-and-eventbridge.md ("Test cases worth having /
// EventBridge") plus one match and one no-match per operator (facts C1-C2).
import { describe, expect, it } from 'vitest';
import { explainMismatch, matchDetailed, matches } from './match.js';

const d = (detail: unknown): Record<string, unknown> => ({ source: 'aws.ecr', detail });
const on = (field: string, filter: unknown[]): Record<string, unknown> => ({ detail: { [field]: filter } });

type Row = [string, unknown, unknown, boolean];

const facts: Row[] = [
  ['E1 exact source', { source: ['aws.ecr'] }, { source: 'aws.ecr' }, true],
  ['E1 case differs', { source: ['aws.ecr'] }, { source: 'AWS.ECR' }, false],
  ['E2 key case', { Source: ['aws.ecr'] }, { source: 'aws.ecr' }, false],
  [
    'E3 AND across fields',
    { source: ['aws.ecr'], 'detail-type': ['ECR Image Scan'] },
    { source: 'aws.ecr', 'detail-type': 'ECR Image Action' },
    false,
  ],
  ['E4 field required', { detail: { severity: ['HIGH'] } }, { detail: {} }, false],
  ['E5 any array element', { resources: ['arn:r/a'] }, { resources: ['x', 'arn:r/a'] }, true],
  ['E5 empty event array', { resources: ['arn:r/a'] }, { resources: [] }, false],
  [
    'E6 ":" is not "/"',
    { resources: ['arn:aws:ecr:us-east-1:1:repository:prod'] },
    { resources: ['arn:aws:ecr:us-east-1:1:repository/prod'] },
    false,
  ],
  [
    'E7 same-element rule',
    { detail: { r: { a: ['1'], b: ['2'] } } },
    d({
      r: [
        { a: '1', b: 'x' },
        { a: 'x', b: '2' },
      ],
    }),
    false,
  ],
  [
    'E7 one element has both',
    { detail: { r: { a: ['1'], b: ['2'] } } },
    d({ r: [{ a: 'x' }, { a: '1', b: '2' }] }),
    true,
  ],
  [
    'E8 Inspector2 severity and resource type',
    {
      source: ['aws.inspector2'],
      detail: { severity: ['HIGH'], resources: { type: ['AWS_ECR_CONTAINER_IMAGE'] } },
    },
    {
      source: 'aws.inspector2',
      detail: { severity: 'HIGH', resources: [{ type: 'AWS_ECR_CONTAINER_IMAGE' }] },
    },
    true,
  ],
  ['E9 string never matches number', on('n', ['300']), d({ n: 300 }), false],
  ['E9 string never matches boolean', on('b', ['true']), d({ b: true }), false],
  ['boolean literal', on('b', [true]), d({ b: true }), true],
  ['number literal', on('n', [300]), d({ n: 300 }), true],
  ['E11 null matches null', on('v', [null]), d({ v: null }), true],
  ['E11 null vs ""', on('v', [null]), d({ v: '' }), false],
  ['E11 null vs missing', on('v', [null]), d({}), false],
  ['E12 "" matches ""', on('v', ['']), d({ v: '' }), true],
  ['E12 "" vs null', on('v', ['']), d({ v: null }), false],
  ['E13 exists:true string', on('v', [{ exists: true }]), d({ v: 'x' }), true],
  ['E13 exists:true null', on('v', [{ exists: true }]), d({ v: null }), true],
  ['E13 exists:true ""', on('v', [{ exists: true }]), d({ v: '' }), true],
  ['E13 exists:true []', on('v', [{ exists: true }]), d({ v: [] }), false],
  ['E13 exists:true object', on('v', [{ exists: true }]), d({ v: { w: 1 } }), false],
  ['E13 exists:true missing', on('v', [{ exists: true }]), d({}), false],
  ['E14 exists:false missing', on('v', [{ exists: false }]), d({}), true],
  ['E14 exists:false null', on('v', [{ exists: false }]), d({ v: null }), false],
  ['E14 exists:false []', on('v', [{ exists: false }]), d({ v: [] }), true],
  ['E14 exists:false object', on('v', [{ exists: false }]), d({ v: { w: 1 } }), true],
  ['E14 exists:false no detail', on('v', [{ exists: false }]), { source: 'aws.ecr' }, true],
  [
    'E15 exists:false, another element has it',
    { d: { x: [{ exists: false }] } },
    { d: [{ x: 1 }, { y: 2 }] },
    false,
  ],
  ['E16 prefix', on('region', [{ prefix: 'us-' }]), d({ region: 'us-east-1' }), true],
  ['E16 prefix is case-sensitive', on('region', [{ prefix: 'US-' }]), d({ region: 'us-east-1' }), false],
  [
    'E16 prefix ignoring case',
    on('region', [{ prefix: { 'equals-ignore-case': 'US-' } }]),
    d({ region: 'us-east-1' }),
    true,
  ],
  ['E17 prefix never matches a number', on('n', [{ prefix: '30' }]), d({ n: 300 }), false],
  [
    'E18 suffix ignoring case',
    on('f', [{ suffix: { 'equals-ignore-case': '.PNG' } }]),
    d({ f: 'a.png' }),
    true,
  ],
  [
    'E19 equals-ignore-case',
    { 'detail-type': [{ 'equals-ignore-case': 'ecr image scan' }] },
    { 'detail-type': 'ECR Image Scan' },
    true,
  ],
  ['E20 wildcard spans "/"', on('repo', [{ wildcard: 'prod/*/api' }]), d({ repo: 'prod/team/x/api' }), true],
  [
    'E20 wildcard is case-sensitive',
    on('repo', [{ wildcard: 'prod/*/api' }]),
    d({ repo: 'Prod/x/api' }),
    false,
  ],
  ['E21 escaped star is literal', on('w', [{ wildcard: 'a\\*b' }]), d({ w: 'a*b' }), true],
  ['E21 escaped star is not a wildcard', on('w', [{ wildcard: 'a\\*b' }]), d({ w: 'axxb' }), false],
  ['E22 "?" is literal', on('w', [{ wildcard: 'a?c' }]), d({ w: 'abc' }), false],
  ['E22 "?" matches itself', on('w', [{ wildcard: 'a?c' }]), d({ w: 'a?c' }), true],
  [
    'E24 anything-but other value',
    on('state', [{ 'anything-but': 'stopped' }]),
    d({ state: 'running' }),
    true,
  ],
  ['E24 anything-but excluded', on('state', [{ 'anything-but': 'stopped' }]), d({ state: 'stopped' }), false],
  ['E24 anything-but missing', on('state', [{ 'anything-but': 'stopped' }]), d({}), false],
  ['E24 anything-but null', on('state', [{ 'anything-but': 'stopped' }]), d({ state: null }), true],
  ['E25 anything-but or absent', on('tier', [{ 'anything-but': ['gold'] }, { exists: false }]), d({}), true],
  [
    'E25 anything-but or absent, excluded',
    on('tier', [{ 'anything-but': ['gold'] }, { exists: false }]),
    d({ tier: 'gold' }),
    false,
  ],
  [
    'E26 anything-but prefix',
    on('s', [{ 'anything-but': { prefix: 'init' } }]),
    d({ s: 'initializing' }),
    false,
  ],
  ['E26 anything-but suffix', on('s', [{ 'anything-but': { suffix: '1234' } }]), d({ s: 'i-1234' }), false],
  [
    'E26 anything-but equals-ignore-case',
    on('s', [{ 'anything-but': { 'equals-ignore-case': 'Stopped' } }]),
    d({ s: 'STOPPED' }),
    false,
  ],
  ['E27 anything-but, one element differs', on('t', [{ 'anything-but': 'a' }]), d({ t: ['a', 'b'] }), true],
  ['E27 anything-but, all excluded', on('t', [{ 'anything-but': 'a' }]), d({ t: ['a', 'a'] }), false],
  ['E29 numeric range top', on('n', [{ numeric: ['>', 0, '<=', 5] }]), d({ n: 5 }), true],
  ['E29 numeric range bottom excluded', on('n', [{ numeric: ['>', 0, '<=', 5] }]), d({ n: 0 }), false],
  ['E29 numeric on a string', on('n', [{ numeric: ['>', 0, '<=', 5] }]), d({ n: '5' }), false],
  ['E30 numeric = with exponent', on('n', [{ numeric: ['=', 3.018e2] }]), d({ n: 301.8 }), true],
  ['E32 numeric, any element', on('n', [{ numeric: ['>', 5] }]), d({ n: [1, 10] }), true],
  ['E32 numeric, no element', on('n', [{ numeric: ['>', 5] }]), d({ n: [1, 2] }), false],
  ['E33 cidr inside', on('ip', [{ cidr: '10.0.0.0/24' }]), d({ ip: '10.0.0.255' }), true],
  ['E33 cidr outside', on('ip', [{ cidr: '10.0.0.0/24' }]), d({ ip: '10.0.1.0' }), false],
  ['E33 cidr non-IP', on('ip', [{ cidr: '10.0.0.0/24' }]), d({ ip: 'host' }), false],
  ['E33 cidr other family', on('ip', [{ cidr: '10.0.0.0/24' }]), d({ ip: '::1' }), false],
  ['E34 cidr IPv6', on('ip', [{ cidr: '2001:db8::/32' }]), d({ ip: '2001:db8:1::5' }), true],
  [
    'E35 $or first branch',
    { source: ['aws.ecr'], $or: [{ 'detail-type': ['A'] }, { detail: { sev: ['HIGH'] } }] },
    { source: 'aws.ecr', 'detail-type': 'A' },
    true,
  ],
  [
    'E35 $or no branch',
    { source: ['aws.ecr'], $or: [{ 'detail-type': ['A'] }, { detail: { sev: ['HIGH'] } }] },
    { source: 'aws.ecr', 'detail-type': 'B', detail: { sev: 'LOW' } },
    false,
  ],
  ['E40 mixed list, prefix arm', on('s', ['a', { prefix: 'b' }]), d({ s: 'bcd' }), true],
  ['E40 mixed list, exact arm', on('s', ['a', { prefix: 'b' }]), d({ s: 'a' }), true],
];

const operators: Row[] = [
  ['unmentioned fields are ignored', { source: ['aws.ecr'] }, { source: 'aws.ecr', other: 1 }, true],
  ['suffix', on('f', [{ suffix: '.png' }]), d({ f: 'a.png' }), true],
  ['suffix is case-sensitive', on('f', [{ suffix: '.png' }]), d({ f: 'a.PNG' }), false],
  ['suffix never matches a number', on('f', [{ suffix: '5' }]), d({ f: 15 }), false],
  ['equals-ignore-case no match', on('s', [{ 'equals-ignore-case': 'alice' }]), d({ s: 'bob' }), false],
  ['equals-ignore-case non-ASCII', on('s', [{ 'equals-ignore-case': 'ÄBC' }]), d({ s: 'äbc' }), true],
  ['equals-ignore-case never matches a number', on('s', [{ 'equals-ignore-case': '5' }]), d({ s: 5 }), false],
  ['wildcard without * is exact', on('w', [{ wildcard: 'abc' }]), d({ w: 'abcd' }), false],
  ['wildcard * matches empty', on('w', [{ wildcard: 'ab*' }]), d({ w: 'ab' }), true],
  ['wildcard escaped backslash', on('w', [{ wildcard: 'a\\\\b' }]), d({ w: 'a\\b' }), true],
  ['wildcard never matches a number', on('w', [{ wildcard: '1*' }]), d({ w: 12 }), false],
  ['anything-but string vs number', on('s', [{ 'anything-but': '5' }]), d({ s: 5 }), true],
  ['anything-but number excluded', on('s', [{ 'anything-but': 5 }]), d({ s: 5 }), false],
  ['anything-but number list', on('s', [{ 'anything-but': [1, 2] }]), d({ s: 3 }), true],
  ['anything-but list excluded', on('s', [{ 'anything-but': ['a', 'b'] }]), d({ s: 'b' }), false],
  ['anything-but prefix list', on('s', [{ 'anything-but': { prefix: ['x', 'y'] } }]), d({ s: 'yes' }), false],
  ['anything-but prefix other', on('s', [{ 'anything-but': { prefix: 'init' } }]), d({ s: 'running' }), true],
  ['anything-but suffix vs number', on('s', [{ 'anything-but': { suffix: '4' } }]), d({ s: 1234 }), true],
  [
    'anything-but wildcard excluded',
    on('s', [{ 'anything-but': { wildcard: 'i-*' } }]),
    d({ s: 'i-1' }),
    false,
  ],
  ['anything-but wildcard other', on('s', [{ 'anything-but': { wildcard: 'i-*' } }]), d({ s: 'x-1' }), true],
  ['anything-but on an object', on('s', [{ 'anything-but': 'a' }]), d({ s: { a: 1 } }), false],
  ['numeric single <', on('n', [{ numeric: ['<', 10] }]), d({ n: 9.5 }), true],
  ['numeric single < fails', on('n', [{ numeric: ['<', 10] }]), d({ n: 10 }), false],
  ['numeric >= bound', on('n', [{ numeric: ['>=', 1, '<', 2] }]), d({ n: 1 }), true],
  ['numeric < upper excluded', on('n', [{ numeric: ['>=', 1, '<', 2] }]), d({ n: 2 }), false],
  ['numeric negative', on('n', [{ numeric: ['<=', -1] }]), d({ n: -3 }), true],
  ['cidr /32 single host', on('ip', [{ cidr: '10.0.0.7/32' }]), d({ ip: '10.0.0.7' }), true],
  ['cidr /0 v4 vs v6', on('ip', [{ cidr: '0.0.0.0/0' }]), d({ ip: '::1' }), false],
  ['cidr IPv6 outside', on('ip', [{ cidr: '2001:db8::/32' }]), d({ ip: '2001:db9::1' }), false],
  ['cidr IPv4-mapped tail', on('ip', [{ cidr: '::ffff:0:0/96' }]), d({ ip: '::ffff:10.1.2.3' }), true],
  ['cidr number value', on('ip', [{ cidr: '10.0.0.0/8' }]), d({ ip: 10 }), false],
  ['leaf filter on an object', on('v', ['x']), d({ v: { x: 1 } }), false],
  ['nested pattern on a scalar', { detail: { v: { w: ['1'] } } }, d({ v: 'x' }), false],
  ['array of scalars, exact', on('tags', ['latest']), d({ tags: ['1.0', 'latest'] }), true],
  ['nested arrays flatten', on('n', [2]), d({ n: [[1], [2]] }), true],
  [
    '$or nested in a nested object',
    { detail: { $or: [{ a: ['1'] }, { b: ['2'] }], c: ['3'] } },
    d({ b: '2', c: '3' }),
    true,
  ],
  [
    '$or with an operator branch',
    { $or: [{ a: [{ prefix: 'x' }] }, { b: [{ exists: true }] }] },
    { b: null },
    true,
  ],
  ['nested $or', { $or: [{ a: ['1'] }, { $or: [{ b: ['2'] }, { c: ['3'] }] }] }, { c: '3' }, true],
  ['$or all branches fail', { $or: [{ a: ['1'] }, { b: ['2'] }] }, { a: '2', b: '1' }, false],
];

describe('matches: facts-file cases', () => {
  it.each(facts)('%s', (_name, pattern, event, expected) => {
    expect(matches(pattern, event)).toBe(expected);
  });
});

describe('matches: operators and structure', () => {
  it.each(operators)('%s', (_name, pattern, event, expected) => {
    expect(matches(pattern, event)).toBe(expected);
  });
});

describe('JSON text keeps number literals (E10) and duplicate keys (E39)', () => {
  it.each([
    ['E10 300 vs 300.0', '{"detail":{"n":[300]}}', '{"detail":{"n":300.0}}', false, true],
    ['300 vs 3.0e2', '{"detail":{"n":[300]}}', '{"detail":{"n":3.0e2}}', false, true],
    ['same text', '{"detail":{"n":[3.0e2]}}', '{"detail":{"n":3.0e2}}', true, false],
    ['plain 300', '{"detail":{"n":[300]}}', '{"detail":{"n":300}}', true, false],
    [
      'numeric operator compares values',
      '{"detail":{"n":[{"numeric":["=",300]}]}}',
      '{"detail":{"n":3.0e2}}',
      true,
      false,
    ],
    [
      'E39 last duplicate key wins',
      '{"detail":{"location":[{"prefix":"us-"}],"location":[{"anything-but":"us-east"}]}}',
      '{"detail":{"location":"eu-west-1"}}',
      true,
      false,
    ],
  ])('%s', (_name, pattern, event, match, ambiguous) => {
    const r = matchDetailed(pattern, event);
    expect(r.match).toBe(match);
    expect(r.ambiguities.length > 0).toBe(ambiguous);
  });
});

describe('explainMismatch', () => {
  it.each([
    [{ source: ['aws.ecr'] }, { source: 'aws.ecr' }, []],
    [
      { source: ['aws.ecr'], 'detail-type': ['X'] },
      { source: 'aws.ecr', 'detail-type': 'Y' },
      ['detail-type'],
    ],
    [{ detail: { a: ['1'], b: ['2'] } }, { detail: { a: '0' } }, ['detail.a', 'detail.b']],
    [{ detail: { r: { a: ['1'], b: ['2'] } } }, d({ r: [{ a: '1' }, { b: '2' }] }), ['detail.r.b']],
    [{ $or: [{ a: ['1'] }, { b: ['2'] }] }, { a: '2' }, ['$or']],
  ])('%j vs %j', (pattern, event, paths) => {
    const out = explainMismatch(pattern, event);
    expect(out.map((m) => m.split(':')[0])).toEqual(paths);
  });

  it('names the event value', () => {
    const out = explainMismatch(
      { 'detail-type': ['Inspector2 Finding - Severity Change'] },
      { 'detail-type': 'Inspector2 Finding' },
    );
    expect(out[0]).toContain('"Inspector2 Finding"');
  });
});
