/**
 * Did-you-mean for field names and enum values: a case-insensitive match first (the usual mistake:
 * `readOnlyRootFileSystem` for `readonlyRootFilesystem`, `TCP` for `tcp`), then the unique
 * closest candidate within a small edit distance (`awsvcp` for `awsvpc`).
 */

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) row.push(i === 0 ? j : 0);
    rows.push(row);
  }
  const cell = (i: number, j: number): number => rows[i]![j]!;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(cell(i - 1, j) + 1, cell(i, j - 1) + 1, cell(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, cell(i - 2, j - 2) + 1);
      rows[i]![j] = d;
    }
  }
  return cell(a.length, b.length);
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
    const d = editDistance(lower, c.toLowerCase());
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
