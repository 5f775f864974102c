/**
 * Property-based tests (fast-check) of the lifecycle simulator's invariants, plus agreement with a
 * deliberately naive reference model (per rule: filter, sort, decide; quadratic, obviously right).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  evaluateLifecycle,
  type LifecycleImage,
  type LifecycleRule,
  makeSelector,
} from './evaluate.js';

const NOW = Date.parse('2026-11-28T00:00:00Z');
const TAGS = ['v1', 'v2', 'prod-1', 'prod-2', 'dev', 'latest', 'rc-1'];

const imageArb = fc.record({
  tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
  age: fc.integer({ min: 0, max: 60 }),
  pulled: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
  archived: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
  archive: fc.boolean(),
});

const imagesArb = fc.array(imageArb, { maxLength: 40 }).map((list) =>
  list.map(
    (x, i): LifecycleImage => ({
      digest: `sha256:${String(i).padStart(4, '0')}`,
      tags: x.tags,
      pushedAt: NOW - x.age * DAY_MS,
      ...(x.pulled !== undefined ? { pulledAt: NOW - x.pulled * DAY_MS } : {}),
      ...(x.archive && x.archived !== undefined ? { archivedAt: NOW - x.archived * DAY_MS } : {}),
      storageClass: x.archive ? 'archive' : 'standard',
    }),
  ),
);

const ruleArb = fc.record({
  tagStatus: fc.constantFrom('tagged', 'untagged', 'any') as fc.Arbitrary<LifecycleRule['tagStatus']>,
  prefixes: fc.uniqueArray(fc.constantFrom('v', 'prod', 'dev', 'rc', 'l'), { maxLength: 2 }),
  patterns: fc.uniqueArray(fc.constantFrom('v*', '*-1', 'prod*', '*', 'latest', '*e*'), { maxLength: 2 }),
  usePatterns: fc.boolean(),
  storageClass: fc.constantFrom('standard', 'archive') as fc.Arbitrary<LifecycleRule['storageClass']>,
  countType: fc.constantFrom(
    'imageCountMoreThan',
    'sinceImagePushed',
    'sinceImagePulled',
    'sinceImageTransitioned',
  ) as fc.Arbitrary<LifecycleRule['countType']>,
  countNumber: fc.integer({ min: 1, max: 20 }),
  action: fc.constantFrom('expire', 'transition') as fc.Arbitrary<LifecycleRule['action']>,
});

type RuleShape = Omit<LifecycleRule, 'priority'> & { usePatterns: boolean };

function toRule(r: RuleShape, priority: number): LifecycleRule {
  const tagged = r.tagStatus === 'tagged';
  const list = tagged && (r.usePatterns ? r.patterns : r.prefixes).length === 0 ? ['v'] : undefined;
  return {
    priority,
    tagStatus: r.tagStatus,
    prefixes: tagged && !r.usePatterns ? (list ?? r.prefixes) : [],
    patterns: tagged && r.usePatterns ? (list ?? r.patterns) : [],
    storageClass: r.storageClass,
    countType: r.countType,
    countNumber: r.countNumber,
    action: r.action,
  };
}

/** Distinct priorities, shuffled order of writing. */
const rulesArb = fc
  .array(ruleArb, { minLength: 1, maxLength: 5 })
  .chain((shapes) =>
    fc
      .uniqueArray(fc.integer({ min: 1, max: 100 }), { minLength: shapes.length, maxLength: shapes.length })
      .map((ps) => shapes.map((s, i) => toRule(s, ps[i] as number))),
  );

/** The reference model: written from the guide's sentences, one rule at a time. */
function naive(rules: LifecycleRule[], images: LifecycleImage[], now: number): (number | undefined)[] {
  const byPriority = [...rules].sort((a, b) => a.priority - b.priority);
  const claimed = new Map<number, number>();
  const result: (number | undefined)[] = images.map(() => undefined);
  for (const rule of byPriority) {
    const sel = makeSelector(rule);
    const selected = images
      .map((im, i) => ({ im, i }))
      .filter(({ im }) => sel(im))
      .sort((a, b) => b.im.pushedAt - a.im.pushedAt || a.im.digest.localeCompare(b.im.digest));
    selected.forEach(({ im, i }, rank) => {
      if (!claimed.has(i)) claimed.set(i, rule.priority);
      if (claimed.get(i) !== rule.priority) return;
      const age = (t: number | undefined) => (t === undefined ? -1 : now - t);
      const due =
        rule.countType === 'imageCountMoreThan'
          ? rank >= rule.countNumber
          : rule.countType === 'sinceImagePushed'
            ? age(im.pushedAt) > rule.countNumber * DAY_MS
            : rule.countType === 'sinceImagePulled'
              ? age(im.pulledAt ?? im.pushedAt) > rule.countNumber * DAY_MS
              : age(im.archivedAt) > rule.countNumber * DAY_MS;
      if (due) result[i] = rule.priority;
    });
  }
  return result;
}

const priorities = (rules: LifecycleRule[], images: LifecycleImage[]) => {
  const out = evaluateLifecycle(rules, images, NOW);
  return images.map((_, i) => {
    const r = out.actedBy[i] as number;
    return r < 0 ? undefined : out.rules[r]?.priority;
  });
};

describe('lifecycle simulator invariants', () => {
  it('agrees with the naive reference model', () => {
    fc.assert(
      fc.property(rulesArb, imagesArb, (rules, images) => {
        expect(priorities(rules, images)).toEqual(naive(rules, images, NOW));
      }),
      { numRuns: 300 },
    );
  });

  it('acts on an image at most once, and only through a rule that selects it and no higher rule selects', () => {
    fc.assert(
      fc.property(rulesArb, imagesArb, (rules, images) => {
        const out = evaluateLifecycle(rules, images, NOW);
        images.forEach((im, i) => {
          const r = out.actedBy[i] as number;
          if (r < 0) return;
          const rule = out.rules[r] as LifecycleRule;
          expect(makeSelector(rule)(im)).toBe(true);
          for (const higher of out.rules.slice(0, r)) expect(makeSelector(higher)(im)).toBe(false);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('adding a higher-priority rule never changes the fate of an image it does not select', () => {
    fc.assert(
      fc.property(rulesArb, ruleArb, imagesArb, (rules, extra, images) => {
        const top = toRule(extra, 0); // priority 0: above every generated one
        const before = priorities(rules, images);
        const after = priorities([...rules, top], images);
        const sel = makeSelector(top);
        images.forEach((im, i) => {
          if (!sel(im)) expect(after[i]).toBe(before[i]);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('the newest countNumber images of a count rule’s selection are never expired by that rule', () => {
    fc.assert(
      fc.property(rulesArb, imagesArb, (rules, images) => {
        const out = evaluateLifecycle(rules, images, NOW);
        out.rules.forEach((rule, r) => {
          if (rule.countType !== 'imageCountMoreThan') return;
          const sel = makeSelector(rule);
          const newest = images
            .map((im, i) => ({ im, i }))
            .filter(({ im }) => sel(im))
            .sort((a, b) => b.im.pushedAt - a.im.pushedAt || a.im.digest.localeCompare(b.im.digest))
            .slice(0, rule.countNumber);
          for (const { i } of newest) expect(out.actedBy[i]).not.toBe(r);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order images are listed in', () => {
    fc.assert(
      fc.property(rulesArb, imagesArb, (rules, images) => {
        const forward = priorities(rules, images);
        const reversed = priorities(rules, [...images].reverse()).reverse();
        expect(reversed).toEqual(forward);
      }),
      { numRuns: 200 },
    );
  });
});
