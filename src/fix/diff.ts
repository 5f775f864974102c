/**
 * A unified diff (`diff -u` layout, 3 lines of context) of two texts, written here rather than
 * taken from a package: the inputs are one file before and after a few inserted or replaced
 * lines, so a longest-common-subsequence over the lines between the common prefix and suffix is
 * small. When that middle is too large for the table (over 4 million cells), it is shown as
 * one hunk that removes and re-adds it: still a correct diff, only less minimal.
 */

const CONTEXT = 3;
const MAX_CELLS = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; line: string };

export function unifiedDiff(before: string, after: string, oldName: string, newName: string): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf])
    suf++;
  const ops: Op[] = [];
  for (let i = 0; i < pre; i++) ops.push({ kind: ' ', line: a[i] as string });
  ops.push(...middle(a.slice(pre, a.length - suf), b.slice(pre, b.length - suf)));
  for (let i = a.length - suf; i < a.length; i++) ops.push({ kind: ' ', line: a[i] as string });
  return `--- ${oldName}\n+++ ${newName}\n${hunks(ops)}`;
}

/** Lines with their terminators, so a missing final newline is visible. */
function splitLines(s: string): string[] {
  return s.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function middle(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_CELLS)
    return [
      ...a.map((line) => ({ kind: '-' as const, line })),
      ...b.map((line) => ({ kind: '+' as const, line })),
    ];
  // lcs[i][j]: length of the LCS of a[i..] and b[j..]
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i++] as string });
      j++;
    } else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!))
      ops.push({ kind: '-', line: a[i++] as string });
    else ops.push({ kind: '+', line: b[j++] as string });
  }
  return ops;
}

function hunks(ops: Op[]): string {
  let out = '';
  let k = 0;
  // line numbers before each op
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let o = 1;
  let w = 1;
  for (const op of ops) {
    oldAt.push(o);
    newAt.push(w);
    if (op.kind !== '+') o++;
    if (op.kind !== '-') w++;
  }
  while (k < ops.length) {
    while (k < ops.length && ops[k]?.kind === ' ') k++;
    if (k >= ops.length) break;
    const start = Math.max(0, k - CONTEXT);
    let end = k;
    // extend while the next change is within 2*CONTEXT unchanged lines
    for (;;) {
      while (end < ops.length && ops[end]?.kind !== ' ') end++;
      let next = end;
      while (next < ops.length && ops[next]?.kind === ' ') next++;
      if (next < ops.length && next - end <= 2 * CONTEXT) end = next;
      else {
        end = Math.min(ops.length, end + CONTEXT);
        break;
      }
    }
    const slice = ops.slice(start, end);
    const oldLen = slice.filter((x) => x.kind !== '+').length;
    const newLen = slice.filter((x) => x.kind !== '-').length;
    const oldStart = oldLen === 0 ? (oldAt[start] ?? 1) - 1 : (oldAt[start] ?? 1);
    const newStart = newLen === 0 ? (newAt[start] ?? 1) - 1 : (newAt[start] ?? 1);
    out += `@@ -${oldStart},${oldLen} +${newStart},${newLen} @@\n`;
    for (const x of slice) {
      out += x.kind + x.line;
      if (!x.line.endsWith('\n')) out += '\n\\ No newline at end of file\n';
    }
    k = end;
  }
  return out;
}
