/**
 * `aws ecr describe-images` output (`{"imageDetails":[{imageDigest, imageTags, imagePushedAt,
 * lastRecordedPullTime, imageStatus, lastArchivedAt, repositoryName, ...}]}`) as lifecycle images.
 * Several pages may be concatenated in one file (as `--no-paginate` loops print them) or given as
 * separate files. An image without `imageDigest` or `imagePushedAt`, or with a time that is not a
 * date, makes the whole list unusable: a simulation on part of a repository would be wrong (counts
 * shift), so each problem is reported with its file and line and nothing is simulated.
 *
 * Two readers share the checks: `imagesFromNode` for a positioned tree (the scan pipeline) and
 * `readDescribeImages` for `hako ecr lifecycle`, which parses with `JSON.parse` (a million images
 * fit) and only re-parses a page with positions to locate a problem.
 */
import type { EcrImage } from '../../model/aws/ecr.js';
import type { Src } from '../../model/source.js';
import type { NoteId } from '../../notes.js';
import { parseJson } from '../../parse/json.js';
import { at, items, type Node, toPlain } from '../../parse/tree.js';

export type { EcrImage };

export interface ImageProblem {
  file: string;
  line: number;
  note: NoteId;
  data: Record<string, string | number>;
}

/** A describe-images page: an object whose `imageDetails` is a list of objects with `imageDigest`. */
export function isDescribeImages(n: Node): boolean {
  if (n.kind !== 'map') return false;
  const list = at(n, 'imageDetails');
  return list?.kind === 'seq' && (list.items.length === 0 || at(list.items[0], 'imageDigest') !== undefined);
}

/** An ISO-8601 string (what AWS CLI v2 prints) or epoch seconds (CLI v1, SDK dumps) as epoch ms. */
export function timeOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v * 1000;
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

/** Checks one plain image object; `line()` locates it (called only when there is a problem). */
function checkImage(
  raw: unknown,
  index: number,
  file: string,
  line: () => number,
  fieldLine: (field: string) => number,
  problems: ImageProblem[],
): EcrImage | undefined {
  const bad = (note: NoteId, data: Record<string, string | number>, at = line()) =>
    problems.push({ file, line: at, note, data });
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    bad('ecrImageNotObject', { index });
    return undefined;
  }
  const o = raw as Record<string, unknown>;
  if (typeof o.imageDigest !== 'string' || o.imageDigest === '') {
    bad('ecrImageNoDigest', { index });
    return undefined;
  }
  const digest = o.imageDigest;
  let ok = true;
  const tags = o.imageTags ?? [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) {
    bad('ecrImageBadTags', { digest }, fieldLine('imageTags'));
    ok = false;
  }
  const pushedAt = timeOf(o.imagePushedAt);
  if (o.imagePushedAt === undefined || o.imagePushedAt === null) {
    bad('ecrImageNoPushTime', { digest });
    ok = false;
  } else if (pushedAt === undefined) {
    bad(
      'ecrImageBadTime',
      { field: 'imagePushedAt', digest, value: String(o.imagePushedAt) },
      fieldLine('imagePushedAt'),
    );
    ok = false;
  }
  const optionalTime = (field: string): number | undefined => {
    const v = o[field];
    if (v === undefined || v === null) return undefined;
    const t = timeOf(v);
    if (t === undefined) {
      bad('ecrImageBadTime', { field, digest, value: String(v) }, fieldLine(field));
      ok = false;
    }
    return t;
  };
  const pulledAt = optionalTime('lastRecordedPullTime');
  const archivedAt = optionalTime('lastArchivedAt');
  if (!ok || pushedAt === undefined) return undefined;
  // one object shape for every image (optional fields present, possibly undefined): a million of
  // them stay monomorphic for the simulator
  const img = {
    digest,
    tags: tags as string[],
    pushedAt,
    pulledAt,
    archivedAt,
    storageClass: o.imageStatus === 'ARCHIVED' ? 'archive' : 'standard',
    repository: typeof o.repositoryName === 'string' ? o.repositoryName : undefined,
    registryId: typeof o.registryId === 'string' ? o.registryId : undefined,
    file,
    line: 0,
  } as EcrImage;
  return img;
}

/** Images of a positioned describe-images page (the scan pipeline). */
export function imagesFromNode(n: Node, file: string): { images: EcrImage[]; problems: ImageProblem[] } {
  const problems: ImageProblem[] = [];
  const images: EcrImage[] = [];
  const list = at(n, 'imageDetails');
  if (list?.kind !== 'seq') {
    problems.push({ file, line: (list ?? n).src.startLine, note: 'ecrImagesShape', data: {} });
    return { images, problems };
  }
  items(list).forEach((item, index) => {
    const src: Src = item.src;
    const img = checkImage(
      toPlain(item),
      index,
      file,
      () => src.startLine,
      (field) => at(item, field)?.src.startLine ?? src.startLine,
      problems,
    );
    if (img) {
      img.line = src.startLine;
      images.push(img);
    }
  });
  return { images, problems };
}

/** Top-level JSON values of a text (concatenated pages), with their offsets; strings respected. */
export function splitJsonValues(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      if (depth === 0 && start < 0) start = i;
    } else if (c === 123 || c === 91) {
      if (depth === 0 && start < 0) start = i;
      depth++;
    } else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0 && start >= 0) {
        out.push({ start, end: i + 1 });
        start = -1;
      }
    } else if (depth === 0 && c > 32 && start < 0) {
      // a bare scalar at the top level: one value up to the next whitespace
      let j = i;
      while (j < text.length && text.charCodeAt(j) > 32) j++;
      out.push({ start: i, end: j });
      i = j - 1;
    }
  }
  if (start >= 0) out.push({ start, end: text.length });
  return out;
}

function lineAt(text: string, offset: number, from = 0, fromLine = 1): number {
  let line = fromLine;
  for (let i = from; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * `describe-images` output as given to `hako ecr lifecycle`: one or more pages per file. Fails (with
 * every problem located) rather than return part of a repository.
 */
export function readDescribeImages(
  file: string,
  text: string,
): { images: EcrImage[]; problems: ImageProblem[]; pages: number } {
  const problems: ImageProblem[] = [];
  const images: EcrImage[] = [];
  const values = splitJsonValues(text);
  if (values.length === 0) {
    problems.push({ file, line: 1, note: 'ecrImagesShape', data: {} });
    return { images, problems, pages: 0 };
  }
  let lineOffset = 0;
  let lineNo = 1;
  for (const { start, end } of values) {
    lineNo = lineAt(text, start, lineOffset, lineNo);
    lineOffset = start;
    const pageLine = lineNo;
    const pageText = text.slice(start, end);
    let page: unknown;
    try {
      page = JSON.parse(pageText);
    } catch {
      // the positioned parser words the syntax error with its line and column
      const parsed = parseJson(file, pageText);
      const e = parsed.errors[0];
      problems.push({
        file,
        line: (e?.line ?? 1) + pageLine - 1,
        note: 'jsonError',
        data: { detail: e?.message.replace(/^JSON: /, '') ?? 'not JSON' },
      });
      continue;
    }
    const list = (page as { imageDetails?: unknown } | null)?.imageDetails;
    if (page === null || typeof page !== 'object' || !Array.isArray(list)) {
      problems.push({ file, line: pageLine, note: 'ecrImagesShape', data: {} });
      continue;
    }
    // positions only when a problem needs one (the page is parsed again, once)
    let located: Node | undefined;
    const node = () => {
      located ??= parseJson(file, pageText).docs[0]?.node;
      return located;
    };
    const lineOf = (n: Node | undefined) => (n ? n.src.startLine + pageLine - 1 : pageLine);
    list.forEach((raw, index) => {
      const img = checkImage(
        raw,
        index,
        file,
        () => lineOf(at(node(), 'imageDetails', index)),
        (field) => lineOf(at(node(), 'imageDetails', index, field) ?? at(node(), 'imageDetails', index)),
        problems,
      );
      if (img) {
        img.line = pageLine;
        images.push(img);
      }
    });
  }
  return { images, problems, pages: values.length };
}
