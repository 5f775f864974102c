/** Table-driven cases: each semantic point of aws-container-facts.md D1 with its expected expired set. */
import { describe, expect, it } from 'vitest';
import { parseJson } from '../../parse/json.js';
import {
  DAY_MS,
  evaluateLifecycle,
  type LifecycleImage,
  type LifecycleRule,
  patternMatcher,
  rulesOf,
} from './evaluate.js';
import { preparePolicy } from './policy.js';

const NOW = Date.parse('2026-11-28T00:00:00Z');

/** `name` doubles as digest; `age` in days before NOW; `pulled`/`archived` days ago. */
function img(
  name: string,
  age: number,
  tags: string[] = [],
  extra: { pulled?: number; archived?: number; archive?: boolean } = {},
): LifecycleImage {
  return {
    digest: name,
    tags,
    pushedAt: NOW - age * DAY_MS,
    ...(extra.pulled !== undefined ? { pulledAt: NOW - extra.pulled * DAY_MS } : {}),
    ...(extra.archived !== undefined ? { archivedAt: NOW - extra.archived * DAY_MS } : {}),
    storageClass: extra.archive ? 'archive' : 'standard',
  };
}

function rule(priority: number, selection: Record<string, unknown>, action: Record<string, unknown> = {}) {
  return { rulePriority: priority, selection, action: { type: 'expire', ...action } };
}

function run(rules: unknown[], images: LifecycleImage[]) {
  const out = evaluateLifecycle(rulesOf({ rules }), images, NOW);
  const acted: Record<string, string> = {};
  images.forEach((im, i) => {
    const r = out.actedBy[i] as number;
    if (r >= 0) {
      const ru = out.rules[r] as LifecycleRule;
      acted[im.digest] = `${ru.action}:${ru.priority}`;
    }
  });
  return acted;
}

const count = (n: number, extra: Record<string, unknown> = {}) => ({
  countType: 'imageCountMoreThan',
  countNumber: n,
  ...extra,
});
const days = (type: string, n: number) => ({ countType: type, countUnit: 'days', countNumber: n });

const cases: {
  name: string;
  rules: unknown[];
  images: LifecycleImage[];
  expected: Record<string, string>;
}[] = [
  {
    name: 'imageCountMoreThan keeps the newest countNumber (by push time) and expires the rest',
    rules: [rule(1, { tagStatus: 'any', ...count(2) })],
    images: [img('a', 5), img('b', 1), img('c', 3), img('d', 10)],
    expected: { a: 'expire:1', d: 'expire:1' },
  },
  {
    name: 'untagged selects only images without tags',
    rules: [rule(1, { tagStatus: 'untagged', ...count(1) })],
    images: [img('a', 1), img('b', 2), img('c', 3, ['v1'])],
    expected: { b: 'expire:1' },
  },
  {
    name: 'tagged with tagPrefixList: every prefix must match one of the tags (AND)',
    rules: [rule(1, { tagStatus: 'tagged', tagPrefixList: ['prod', 'v'], ...days('sinceImagePushed', 1) })],
    images: [img('both', 5, ['prod-1', 'v1']), img('prodOnly', 5, ['prod-2']), img('vOnly', 5, ['v2'])],
    expected: { both: 'expire:1' },
  },
  {
    name: 'tagPatternList: * is zero or more characters, the whole tag must match, every pattern must match',
    rules: [
      rule(1, { tagStatus: 'tagged', tagPatternList: ['prod*', '*-rc*'], ...days('sinceImagePushed', 1) }),
    ],
    images: [
      img('a', 5, ['prod', 'x-rc1']),
      img('b', 5, ['prod-rc1']),
      img('c', 5, ['preprod', 'x-rc1']),
      img('d', 5, ['prod']),
    ],
    expected: { a: 'expire:1', b: 'expire:1' },
  },
  {
    name: 'sinceImagePushed expires images pushed more than countNumber days ago (not exactly that many)',
    rules: [rule(1, { tagStatus: 'any', ...days('sinceImagePushed', 7) })],
    images: [img('old', 8), img('edge', 7), img('new', 1)],
    expected: { old: 'expire:1' },
  },
  {
    name: 'sinceImagePulled ages by the last pull; an image never pulled by its push time',
    rules: [rule(1, { tagStatus: 'any', ...days('sinceImagePulled', 30) })],
    images: [
      img('pulledRecently', 100, [], { pulled: 2 }),
      img('pulledLongAgo', 100, [], { pulled: 40 }),
      img('never', 31),
    ],
    expected: { pulledLongAgo: 'expire:1', never: 'expire:1' },
  },
  {
    name: 'a higher-priority rule claims what it selects even when it expires nothing; the lower rule still counts it',
    rules: [
      rule(1, { tagStatus: 'tagged', tagPrefixList: ['prod'], ...count(10) }),
      rule(2, { tagStatus: 'any', ...count(2) }),
    ],
    // newest first: p1 p2 x1 x2: rule 2 counts p1 p2 (kept: first two), so x1 x2 are beyond 2
    images: [img('p1', 1, ['prod-1']), img('p2', 2, ['prod-2']), img('x1', 3, ['dev']), img('x2', 4)],
    expected: { x1: 'expire:2', x2: 'expire:2' },
  },
  {
    name: 'an image is expired by one rule only: the first rule that selects it',
    rules: [
      rule(1, { tagStatus: 'tagged', tagPrefixList: ['v'], ...count(1) }),
      rule(2, { tagStatus: 'any', ...days('sinceImagePushed', 1) }),
    ],
    images: [img('v2', 2, ['v2']), img('v1', 3, ['v1']), img('u', 4)],
    expected: { v1: 'expire:1', u: 'expire:2' },
  },
  {
    name: 'rules apply in priority order, not in the order written',
    rules: [
      rule(5, { tagStatus: 'any', ...count(1) }),
      rule(2, { tagStatus: 'tagged', tagPrefixList: ['keep'], ...count(100) }),
    ],
    images: [img('k1', 3, ['keep-1']), img('k2', 4, ['keep-2']), img('n', 1)],
    expected: {},
  },
  {
    name: 'transition archives standard images; storageClass archive + sinceImageTransitioned expires archived ones',
    rules: [
      rule(1, { tagStatus: 'any', storageClass: 'archive', ...days('sinceImageTransitioned', 90) }),
      rule(
        2,
        { tagStatus: 'any', ...days('sinceImagePulled', 60) },
        { type: 'transition', targetStorageClass: 'archive' },
      ),
    ],
    images: [
      img('archivedOld', 400, [], { archive: true, archived: 120 }),
      img('archivedNew', 400, [], { archive: true, archived: 10 }),
      img('stale', 100, [], { pulled: 90 }),
      img('fresh', 100, [], { pulled: 1 }),
    ],
    expected: { archivedOld: 'expire:1', stale: 'transition:2' },
  },
  {
    name: 'a rule without storageClass never selects archived images',
    rules: [rule(1, { tagStatus: 'any', ...days('sinceImagePushed', 1) })],
    images: [img('archived', 50, [], { archive: true, archived: 40 }), img('standard', 50)],
    expected: { standard: 'expire:1' },
  },
  {
    name: 'the count covers all images the rule selects together, not one count per prefix',
    rules: [rule(1, { tagStatus: 'tagged', tagPatternList: ['*'], ...count(2) })],
    images: [img('a', 1, ['api-1']), img('b', 2, ['web-1']), img('c', 3, ['api-0']), img('d', 4, ['web-0'])],
    expected: { c: 'expire:1', d: 'expire:1' },
  },
  {
    name: 'equal push times are ranked by digest, whatever the input order',
    rules: [rule(1, { tagStatus: 'any', ...count(1) })],
    images: [img('b', 1), img('a', 1)],
    expected: { b: 'expire:1' },
  },
];

describe('evaluateLifecycle', () => {
  for (const c of cases)
    it(c.name, () => {
      expect(run(c.rules, c.images)).toEqual(c.expected);
    });

  it('patterns treat regular-expression characters literally', () => {
    expect(patternMatcher('v1.0*')('v1.0-rc')).toBe(true);
    expect(patternMatcher('v1.0*')('v1x0-rc')).toBe(false);
    expect(patternMatcher('a*b*c')('abc')).toBe(true);
    expect(patternMatcher('latest')('latest-1')).toBe(false);
  });
});

describe('preparePolicy', () => {
  const prep = (text: string) => preparePolicy(parseJson('p.json', text).docs[0]!.node, text);

  it('simulates nothing when the policy fails validation, and names the rule priority of each problem', () => {
    const text = JSON.stringify(
      {
        rules: [rule(1, { tagStatus: 'any', ...count(3) }), rule(2, { tagStatus: 'tagged', ...count(0) })],
      },
      null,
      2,
    );
    const p = prep(text);
    expect(p.rules).toBeUndefined();
    expect(p.problems.map((x) => [x.code, x.priority, x.src.startLine])).toEqual([
      ['anyNotLast', 1, 6],
      ['taggedWithoutList', 2, 17],
      ['countNumberInvalid', 2, 19],
    ]);
  });

  it('a prefix-list advice alone (ECR-006 medium) does not stop the simulation', () => {
    const p = prep(
      JSON.stringify({ rules: [rule(1, { tagStatus: 'tagged', tagPrefixList: ['a', 'b'], ...count(3) })] }),
    );
    expect(p.problems).toEqual([]);
    expect(p.rules?.[0]?.prefixes).toEqual(['a', 'b']);
  });

  it('locates each rule by its priority', () => {
    const p = prep(
      '{"rules": [\n  {"rulePriority": 3, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}}\n]}',
    );
    expect(p.ruleSrc.get(3)?.startLine).toBe(2);
  });
});
