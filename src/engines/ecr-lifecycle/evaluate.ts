/**
 * ECR lifecycle policy simulator with AWS's semantics (aws-container-facts.md D1):
 * - all rules are evaluated together, then applied in priority order (lowest number first);
 * - an image is acted on (expired or transitioned) by at most one rule;
 * - an image that a higher-priority rule selects (tag status, tag lists, storage class) is never
 *   acted on by a lower-priority rule, yet the lower rule still counts it for `imageCountMoreThan`;
 * - `tagPrefixList` / `tagPatternList`: every entry must match one of the image's tags (AND);
 *   a pattern's `*` stands for zero or more characters and the pattern matches the whole tag;
 * - `imageCountMoreThan` keeps the newest `countNumber` selected images (push time, youngest first)
 *   and acts on the rest; `sinceImagePushed|Pulled|Transitioned` act on images whose push / last
 *   pull / archive time is more than `countNumber` days before `now`.
 * Inferences where the guide is silent, documented in docs and the README: an image never pulled
 * is aged by its push time for `sinceImagePulled`; an image without an archive time is never
 * selected by `sinceImageTransitioned`; a rule without `storageClass` selects `standard` images;
 * `any` selects every image of its storage class (tag lists, if any, are ignored).
 *
 * Cost: one sort of the images by push time (n log n), then one pass per rule over that order.
 * The policy must have passed `validateLifecyclePolicy` first: `rulesOf` assumes a valid shape.
 */

export type StorageClass = 'standard' | 'archive';
export type TagStatus = 'tagged' | 'untagged' | 'any';
export type CountType =
  | 'imageCountMoreThan'
  | 'sinceImagePushed'
  | 'sinceImagePulled'
  | 'sinceImageTransitioned';
export type LifecycleAction = 'expire' | 'transition';

export interface LifecycleImage {
  digest: string;
  tags: readonly string[];
  /** Epoch milliseconds. */
  pushedAt: number;
  /** `lastRecordedPullTime`, epoch ms. */
  pulledAt?: number;
  /** `lastArchivedAt`, epoch ms. */
  archivedAt?: number;
  /** `imageStatus` ARCHIVED → archive, anything else → standard. */
  storageClass: StorageClass;
}

export interface LifecycleRule {
  priority: number;
  tagStatus: TagStatus;
  prefixes: readonly string[];
  patterns: readonly string[];
  storageClass: StorageClass;
  countType: CountType;
  countNumber: number;
  action: LifecycleAction;
}

export const DAY_MS = 86_400_000;

/** Rules of a validated policy (plain JSON), in the order written. */
export function rulesOf(policy: unknown): LifecycleRule[] {
  const rules = (policy as { rules?: unknown[] } | undefined)?.rules ?? [];
  return rules.map((raw) => {
    const r = raw as {
      rulePriority: number;
      selection: Record<string, unknown>;
      action?: { type?: string };
    };
    const s = r.selection;
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
    return {
      priority: Number(r.rulePriority),
      tagStatus: s.tagStatus as TagStatus,
      prefixes: list(s.tagPrefixList),
      patterns: list(s.tagPatternList),
      storageClass: s.storageClass === 'archive' ? 'archive' : 'standard',
      countType: s.countType as CountType,
      countNumber: Number(s.countNumber),
      action: r.action?.type === 'transition' ? 'transition' : 'expire',
    };
  });
}

/** A tag pattern as an anchored matcher: `*` is zero or more characters, the rest literal. */
export function patternMatcher(pattern: string): (tag: string) => boolean {
  if (!pattern.includes('*')) return (tag) => tag === pattern;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    's',
  );
  return (tag) => re.test(tag);
}

/** Whether the rule's tag selection (tag status, tag lists) takes an image with these tags. */
function tagSelector(rule: LifecycleRule): (tags: readonly string[]) => boolean {
  if (rule.tagStatus === 'any') return () => true;
  if (rule.tagStatus === 'untagged') return (tags) => tags.length === 0;
  const matchers = [
    ...rule.prefixes.map((p) => (tag: string) => tag.startsWith(p)),
    ...rule.patterns.map(patternMatcher),
  ];
  return (tags) => {
    if (tags.length === 0) return false;
    for (const m of matchers) if (!tags.some(m)) return false;
    return true;
  };
}

/** Whether the rule's selection (storage class, tag status, tag lists) takes the image. */
export function makeSelector(rule: LifecycleRule): (img: LifecycleImage) => boolean {
  const tags = tagSelector(rule);
  return (img) => img.storageClass === rule.storageClass && tags(img.tags);
}

export interface LifecycleOutcome {
  /** Per image (input order): index into `rules` of the rule that acts on it, or -1. */
  actedBy: Int32Array;
  rules: LifecycleRule[];
}

/** Images newest first (push time; equal times by digest, so the result does not depend on input order). */
export function newestFirst(images: readonly LifecycleImage[]): number[] {
  const n = images.length;
  const pushed = new Float64Array(n);
  for (let i = 0; i < n; i++) pushed[i] = (images[i] as LifecycleImage).pushedAt;
  // pushed, not `new Array(n)`: V8 makes a large preallocated array a slow dictionary
  const order: number[] = [];
  for (let i = 0; i < n; i++) order.push(i);
  return order.sort((a, b) => {
    const d = (pushed[b] as number) - (pushed[a] as number);
    if (d !== 0) return d;
    const x = (images[a] as LifecycleImage).digest;
    const y = (images[b] as LifecycleImage).digest;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

export function evaluateLifecycle(
  rules: readonly LifecycleRule[],
  images: readonly LifecycleImage[],
  now: number,
): LifecycleOutcome {
  const sorted = [...rules].sort((a, b) => a.priority - b.priority);
  const n = images.length;
  const order = newestFirst(images);
  // the hot loop reads flat arrays in rank order, not the image objects (whose shapes vary)
  const pushed = new Float64Array(n);
  const pulled = new Float64Array(n);
  const archived = new Float64Array(n);
  const archive = new Uint8Array(n);
  const tags: (readonly string[])[] = [];
  for (let k = 0; k < n; k++) {
    const img = images[order[k] as number] as LifecycleImage;
    pushed[k] = img.pushedAt;
    pulled[k] = img.pulledAt ?? img.pushedAt;
    archived[k] = img.archivedAt ?? Number.NaN;
    archive[k] = img.storageClass === 'archive' ? 1 : 0;
    tags.push(img.tags);
  }
  const owner = new Int32Array(n).fill(-1);
  const acted = new Int32Array(n).fill(-1);
  sorted.forEach((rule, r) => {
    const selects = tagSelector(rule);
    const wantArchive = rule.storageClass === 'archive' ? 1 : 0;
    const limit = rule.countNumber * DAY_MS;
    let count = 0;
    for (let k = 0; k < n; k++) {
      if (archive[k] !== wantArchive || !selects(tags[k] as readonly string[])) continue;
      const position = count++;
      if (owner[k] === -1) owner[k] = r;
      if (owner[k] !== r) continue;
      let due: boolean;
      switch (rule.countType) {
        case 'imageCountMoreThan':
          due = position >= rule.countNumber;
          break;
        case 'sinceImagePushed':
          due = now - (pushed[k] as number) > limit;
          break;
        case 'sinceImagePulled':
          due = now - (pulled[k] as number) > limit;
          break;
        case 'sinceImageTransitioned':
          // NaN (never archived) compares false: not selected by age
          due = now - (archived[k] as number) > limit;
          break;
      }
      if (due) acted[order[k] as number] = r;
    }
  });
  return { actedBy: acted, rules: sorted };
}
