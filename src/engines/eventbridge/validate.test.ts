// Validity cases E23, E28, E31, E34, E36-E38, E41 of /work/shared/domain/iam-and-eventbridge.md and
// the C3 list (every invalid form, plus valid forms that must stay accepted).
import { describe, expect, it } from 'vitest';
import { isValidPattern, validatePattern } from './validate.js';

const leaf = (filter: unknown): Record<string, unknown> => ({ detail: { f: [filter] } });

const invalid: [string, unknown, string][] = [
  ['E23 wildcard **', leaf({ wildcard: 'a**b' }), 'consecutive'],
  ['E23 wildcard bad escape', leaf({ wildcard: 'a\\b' }), 'escape'],
  ['E28 mixed anything-but list', leaf({ 'anything-but': [100, 'a'] }), 'all strings or all numbers'],
  ['E28 empty anything-but list', leaf({ 'anything-but': [] }), 'empty'],
  ['E28 anything-but null', leaf({ 'anything-but': null }), 'anything-but'],
  ['anything-but true', leaf({ 'anything-but': true }), 'anything-but'],
  ['E31 upper before lower', leaf({ numeric: ['<', 5, '>', 1] }), 'lower bound'],
  ['E31 bottom above top', leaf({ numeric: ['>', 5, '<', 1] }), 'empty'],
  ['E31 = with a range', leaf({ numeric: ['=', 5, '<', 9] }), '"="'],
  ['E31 != operator', leaf({ numeric: ['!=', 1] }), 'unknown numeric operator'],
  ['numeric bottom equals top', leaf({ numeric: ['>=', 1, '<=', 1] }), 'empty'],
  ['numeric three comparisons', leaf({ numeric: ['>', 1, '<', 5, '<', 6] }), 'at most two'],
  ['numeric string bound', leaf({ numeric: ['>', '5'] }), 'not a JSON number'],
  ['numeric odd length', leaf({ numeric: ['>'] }), 'operator followed by a number'],
  ['numeric not an array', leaf({ numeric: 5 }), 'non-empty array'],
  ['E34 cidr mask too big', leaf({ cidr: '10.0.0.0/33' }), 'larger than /32'],
  ['E34 cidr without mask', leaf({ cidr: '10.0.0.1' }), 'mask is required'],
  ['cidr bad address', leaf({ cidr: '10.0.0.256/8' }), 'not an IPv4 or IPv6'],
  ['cidr IPv6 mask too big', leaf({ cidr: '::/129' }), 'larger than /128'],
  ['E36 one-branch $or', { $or: [{ a: ['1'] }] }, 'at least two'],
  [
    'E36 operator keyword as $or field',
    { $or: [{ numeric: ['>', 1] }, { prefix: 'a' }] },
    'operator keyword',
  ],
  ['$or not an array', { $or: { a: ['1'] } }, 'array of sub-patterns'],
  ['$or entry not an object', { $or: [{ a: ['1'] }, 'b'] }, 'must be objects'],
  ['E38 leaf string', { source: 'aws.ecr' }, 'must be an array or an object'],
  ['E38 empty array', { source: [] }, 'must not be empty'],
  ['E38 empty pattern', {}, 'must not be empty'],
  ['E38 unknown operator', { source: [{ contains: 'ecr' }] }, 'unknown operator "contains"'],
  ['E38 two keys in an operator', { source: [{ prefix: 'a', suffix: 'b' }] }, 'exactly one key'],
  ['E38 nested array', { source: [['a']] }, 'nested'],
  ['empty operator object', { source: [{}] }, 'exactly one key'],
  ['leaf null', { source: null }, 'must be an array or an object'],
  ['leaf number', { detail: { n: 5 } }, 'must be an array or an object'],
  ['empty nested object', { detail: {} }, 'must not be empty'],
  ['prefix number', leaf({ prefix: 5 }), 'prefix takes a string'],
  ['prefix list', leaf({ prefix: ['a'] }), 'prefix takes a string'],
  ['suffix list', leaf({ suffix: ['a'] }), 'suffix takes a string'],
  ['prefix with wrong inner key', leaf({ prefix: { wildcard: 'a' } }), 'prefix takes a string'],
  ['equals-ignore-case list', leaf({ 'equals-ignore-case': ['a'] }), 'equals-ignore-case takes a string'],
  ['wildcard list', leaf({ wildcard: ['a*'] }), 'wildcard takes a string'],
  ['exists "true"', leaf({ exists: 'true' }), 'exists takes true or false'],
  ['anything-but empty prefix', leaf({ 'anything-but': { prefix: '' } }), 'prefix is empty'],
  ['anything-but empty suffix', leaf({ 'anything-but': { suffix: '' } }), 'suffix is empty'],
  ['anything-but nested anything-but', leaf({ 'anything-but': { 'anything-but': 'a' } }), 'exactly one of'],
  ['anything-but numeric', leaf({ 'anything-but': { numeric: ['>', 1] } }), 'exactly one of'],
  ['anything-but two keys', leaf({ 'anything-but': { prefix: 'a', suffix: 'b' } }), 'exactly one of'],
  ['anything-but prefix number', leaf({ 'anything-but': { prefix: 5 } }), 'string or a non-empty list'],
  ['anything-but wildcard **', leaf({ 'anything-but': { wildcard: 'a**' } }), 'consecutive'],
  ['pattern is an array', [{ source: ['a'] }], 'must be a JSON object'],
  ['pattern text not JSON', '{"source": [', 'not valid JSON'],
  ['pattern text leaf string', '{"source": "aws.ecr"}', 'must be an array or an object'],
];

const valid: [string, unknown][] = [
  ['plain values of every JSON type', { detail: { a: ['x', 1, true, null] } }],
  ['prefix ignoring case', leaf({ prefix: { 'equals-ignore-case': 'EC2' } })],
  ['empty prefix', leaf({ prefix: '' })],
  ['anything-but single number', leaf({ 'anything-but': 5 })],
  ['anything-but prefix list', leaf({ 'anything-but': { prefix: ['a', 'b'] } })],
  ['anything-but equals-ignore-case list', leaf({ 'anything-but': { 'equals-ignore-case': ['a', 'B'] } })],
  ['anything-but wildcard', leaf({ 'anything-but': { wildcard: 'a*' } })],
  ['numeric single =', leaf({ numeric: ['=', 3.018e2] })],
  ['numeric range', leaf({ numeric: ['>', 0, '<=', 5] })],
  ['cidr /32 (Event Ruler quirk not copied)', leaf({ cidr: '10.0.0.1/32' })],
  ['cidr IPv6 /128', leaf({ cidr: '2001:db8::1/128' })],
  ['wildcard escapes', leaf({ wildcard: 'a\\*b\\\\c*' })],
  ['exists false', leaf({ exists: false })],
  ['two-branch $or', { source: ['aws.ecr'], $or: [{ 'detail-type': ['A'] }, { detail: { s: ['B'] } }] }],
  ['mixed list', { detail: { s: ['a', { prefix: 'b' }] } }],
  ['operator name as a plain field outside $or', { detail: { prefix: ['x'] } }],
  ['pattern as JSON text', '{"source":["aws.ecr"],"detail":{"n":[3.0e2]}}'],
];

const orOf = (n: number, tag: string): Record<string, unknown>[] =>
  Array.from({ length: n }, (_, i) => ({ [`${tag}${i}`]: ['x'] }));

describe('validatePattern: invalid patterns', () => {
  it.each(invalid)('%s', (_name, pattern, fragment) => {
    const issues = validatePattern(pattern).filter((i) => i.kind === 'invalid');
    expect(issues.map((i) => i.message).join(' | ')).toContain(fragment);
    expect(isValidPattern(pattern)).toBe(false);
  });
});

describe('validatePattern: valid patterns', () => {
  it.each(valid)('%s', (_name, pattern) => {
    expect(validatePattern(pattern)).toEqual([]);
  });
});

describe('validatePattern: paths, limits and warnings', () => {
  it('reports the path of the bad operator', () => {
    expect(validatePattern({ detail: { f: ['ok', { contains: 'x' }] } })[0]?.path).toBe(
      'detail.f[1].contains',
    );
  });

  it.each([
    ['E37 10x10x11 combinations', 10, 10, 11, false],
    ['10x10x10 combinations', 10, 10, 10, true],
  ])('%s', (_name, a, b, c, ok) => {
    const pattern = { x: { $or: orOf(a, 'a') }, y: { $or: orOf(b, 'b') }, z: { $or: orOf(c, 'c') } };
    expect(isValidPattern(pattern)).toBe(ok);
  });

  it('counts nested $or by expansion', () => {
    const pattern = { $or: [{ $or: orOf(2, 'p') }, { q: ['1'] }] };
    expect(validatePattern(pattern)).toEqual([]);
  });

  it.each([
    ['E41 2049 characters: over the default quota', 2049, 'limit'],
    ['2048 characters: fine', 2048, undefined],
    ['4097 characters: over the API maximum', 4097, 'invalid'],
  ])('%s', (_name, size, kind) => {
    const base = '{"source":["aws.ecr"],"detail":{"s":[""]}}';
    const text = base.replace('[""]', `["${'a'.repeat(size - base.length)}"]`);
    expect(text.length).toBe(size);
    expect(validatePattern(text).find((i) => i.path === '(root)')?.kind).toBe(kind);
  });

  it('warns about duplicate keys in pattern text (E39: the last one wins)', () => {
    const text = '{"detail":{"location":[{"prefix":"us-"}],"location":[{"anything-but":"us-east"}]}}';
    expect(validatePattern(text)).toEqual([
      { path: 'detail.location', message: expect.stringContaining('last occurrence'), kind: 'warning' },
    ]);
  });

  it('warns about numbers beyond the documented +-5.0e9', () => {
    const issues = validatePattern(leaf({ numeric: ['>', 6e9] }));
    expect(issues.map((i) => i.kind)).toEqual(['warning']);
  });
});
