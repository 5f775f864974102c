import { describe, expect, it } from 'vitest';
import { parseJson } from '../../parse/json.js';
import { type LifecycleProblemCode, validateLifecyclePolicy } from './validate.js';

type Sel = Record<string, unknown>;
const rule = (rulePriority: unknown, selection: Sel, action: unknown = { type: 'expire' }) => ({
  rulePriority,
  selection,
  action,
});
const untagged = { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 };
const tagged = {
  tagStatus: 'tagged',
  tagPrefixList: ['v'],
  countType: 'imageCountMoreThan',
  countNumber: 10,
};

const cases: { name: string; policy: unknown; codes: LifecycleProblemCode[] }[] = [
  { name: 'valid two rules', policy: { rules: [rule(1, untagged), rule(2, tagged)] }, codes: [] },
  {
    name: 'priorities need not be consecutive',
    policy: { rules: [rule(10, untagged), rule(20, tagged)] },
    codes: [],
  },
  { name: 'no rules', policy: { rules: [] }, codes: ['noRules'] },
  { name: 'not an object', policy: [], codes: ['notAnObject'] },
  {
    name: 'duplicate priority',
    policy: { rules: [rule(1, untagged), rule(1, tagged)] },
    codes: ['duplicatePriority'],
  },
  { name: 'priority 0', policy: { rules: [rule(0, untagged)] }, codes: ['priorityInvalid'] },
  {
    name: 'priority missing',
    policy: { rules: [{ selection: untagged, action: { type: 'expire' } }] },
    codes: ['priorityMissing'],
  },
  {
    name: 'any not last',
    policy: {
      rules: [
        rule(1, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 50 }),
        rule(2, untagged),
      ],
    },
    codes: ['anyNotLast'],
  },
  {
    name: 'any last is fine',
    policy: {
      rules: [
        rule(1, untagged),
        rule(9, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 50 }),
      ],
    },
    codes: [],
  },
  {
    name: 'tagged without a list',
    policy: { rules: [rule(1, { ...tagged, tagPrefixList: undefined })] },
    codes: ['taggedWithoutList'],
  },
  {
    name: 'untagged with a list',
    policy: { rules: [rule(1, { ...untagged, tagPrefixList: ['v'] })] },
    codes: ['untaggedWithList'],
  },
  {
    name: 'both lists',
    policy: { rules: [rule(1, { ...tagged, tagPatternList: ['v*'] })] },
    codes: ['bothLists'],
  },
  {
    name: 'five wildcards',
    policy: { rules: [rule(1, { ...tagged, tagPrefixList: undefined, tagPatternList: ['*a*b*c*d*'] })] },
    codes: ['tooManyWildcards'],
  },
  {
    name: 'four wildcards',
    policy: { rules: [rule(1, { ...tagged, tagPrefixList: undefined, tagPatternList: ['*a*b*c*d'] })] },
    codes: [],
  },
  {
    name: 'countUnit with imageCountMoreThan',
    policy: { rules: [rule(1, { ...tagged, countUnit: 'days' })] },
    codes: ['countUnitWithImageCount'],
  },
  {
    name: 'sinceImagePushed without countUnit',
    policy: { rules: [rule(1, { ...untagged, countUnit: undefined })] },
    codes: ['countUnitMissing'],
  },
  {
    name: 'countUnit hours',
    policy: { rules: [rule(1, { ...untagged, countUnit: 'hours' })] },
    codes: ['countUnitInvalid'],
  },
  {
    name: 'countNumber 0',
    policy: { rules: [rule(1, { ...untagged, countNumber: 0 })] },
    codes: ['countNumberInvalid'],
  },
  {
    name: 'countNumber as a string',
    policy: { rules: [rule(1, { ...untagged, countNumber: '7' })] },
    codes: ['countNumberInvalid'],
  },
  {
    name: 'two untagged rules',
    policy: { rules: [rule(1, untagged), rule(2, untagged)] },
    codes: ['multipleUntagged'],
  },
  {
    name: 'unknown countType',
    policy: { rules: [rule(1, { ...tagged, countType: 'imageCountLessThan' })] },
    codes: ['countTypeInvalid'],
  },
  {
    name: 'unknown tagStatus',
    policy: { rules: [rule(1, { ...untagged, tagStatus: 'all' })] },
    codes: ['tagStatusInvalid'],
  },
  {
    name: 'unknown action',
    policy: { rules: [rule(1, untagged, { type: 'delete' })] },
    codes: ['actionInvalid'],
  },
  {
    name: 'transition to archive',
    policy: { rules: [rule(1, untagged, { type: 'transition', targetStorageClass: 'archive' })] },
    codes: [],
  },
  {
    name: 'transition without a target',
    policy: { rules: [rule(1, untagged, { type: 'transition' })] },
    codes: ['transitionTarget'],
  },
  {
    name: 'several prefixes (AND, mistake #46)',
    policy: { rules: [rule(1, { ...tagged, tagPrefixList: ['v', 'release'] })] },
    codes: ['prefixesAnded'],
  },
];

describe('validateLifecyclePolicy', () => {
  for (const c of cases) {
    it(c.name, () => {
      const node = parseJson('p.json', JSON.stringify(c.policy, null, 2)).docs[0]!.node;
      expect(validateLifecyclePolicy(node).map((p) => p.code)).toEqual(c.codes);
    });
  }
  it('locates the duplicate priority at its value', () => {
    const text = JSON.stringify({ rules: [rule(1, untagged), rule(1, tagged)] }, null, 2);
    const node = parseJson('p.json', text).docs[0]!.node;
    const [p] = validateLifecyclePolicy(node);
    expect(text.split('\n')[p!.src.startLine - 1]).toContain('"rulePriority": 1');
    expect(p!.src.startLine).toBeGreaterThan(10);
  });
  it('reports a policy text over 30,720 characters', () => {
    const node = parseJson('p.json', JSON.stringify({ rules: [rule(1, untagged)] })).docs[0]!.node;
    expect(validateLifecyclePolicy(node, 'x'.repeat(30721)).map((p) => p.code)).toEqual(['tooLong']);
  });
});
