/**
 * Did-you-mean for field names and enum values: a case-insensitive match first (the usual mistake:
 * `readOnlyRootFileSystem` for `readonlyRootFilesystem`, `TCP` for `tcp`), then the unique
 * closest candidate within a small edit distance (`awsvcp` for `awsvpc`).
 */

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions), the one edit
 * distance of hako. With `max`, the work is bounded: a length difference above `max` answers at
 * once, only the diagonal band of width `2 * max + 1` is computed, and the computation stops as
 * soon as a whole row exceeds `max`; any distance above `max` is returned as `max + 1`.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a.length < b.length) [a, b] = [b, a];
  const la = a.length;
  const lb = b.length;
  const over = Number.isFinite(max) ? max + 1 : Number.POSITIVE_INFINITY;
  if (la - lb > max) return over;
  if (lb === 0) return la;
  const band = Number.isFinite(max) ? Math.max(0, Math.floor(max)) : la;
  const FAR = la + lb + 1;
  let prev2 = new Array<number>(lb + 1).fill(FAR);
  let prev = new Array<number>(lb + 1).fill(FAR);
  let cur = new Array<number>(lb + 1).fill(FAR);
  for (let j = 0; j <= Math.min(lb, band); j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    const lo = Math.max(1, i - band);
    const hi = Math.min(lb, i + band);
    cur[lo - 1] = lo === 1 ? i : FAR;
    let rowMin = cur[lo - 1]!;
    for (let j = lo; j <= hi; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (hi < lb) cur[hi + 1] = FAR;
    if (rowMin > max) return over;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  const d = prev[lb]!;
  return d > max ? over : d;
}

/** Edits allowed for a word of this length: none up to 3 characters, then one per 4, at most 3. */
function budget(length: number): number {
  return length <= 3 ? 0 : Math.min(3, Math.floor(length / 4));
}

/**
 * Linux capability names are often written with the `CAP_` prefix of capabilities(7); the ECS API
 * takes them without it.
 */
const STRIPPABLE_PREFIXES = ['CAP_'];

/** The candidate the input most likely meant, or undefined when none is close or two are equally close. */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  const same = candidates.filter((c) => c.toLowerCase() === lower);
  if (same.length === 1) return same[0];
  for (const p of STRIPPABLE_PREFIXES) {
    if (lower.startsWith(p.toLowerCase())) {
      const rest = lower.slice(p.length);
      const hit = candidates.filter((c) => c.toLowerCase() === rest);
      if (hit.length === 1) return hit[0];
    }
  }
  const max = budget(input.length);
  if (max === 0) return undefined;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  let tie = false;
  for (const c of candidates) {
    // A candidate whose length is more than the budget away can never be within it: skipped
    // without work, so a 2 MB key costs one pass over the candidates, not a 2 MB × n table.
    if (Math.abs(c.length - input.length) > max) continue;
    const d = editDistance(lower, c.toLowerCase(), max);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance) {
      tie = true;
    }
  }
  return bestDistance <= max && !tie ? best : undefined;
}
