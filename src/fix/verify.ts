/**
 * The check every fixed text passes before it is written: it parses into as many documents as
 * before, with no more errors, and each document's value still holds every value of the original
 * (fixes only add keys and list items). A text that fails (a bug of hako's writers, e.g. an edit
 * that landed inside a block scalar) is never written.
 */
import { parseAllDocuments } from 'yaml';
import { parseText, type Syntax } from '../adapters/index.js';

export function keepsEverything(file: string, syntax: Syntax, before: string, after: string): boolean {
  const was = parseText(file, syntax, before);
  const now = parseText(file, syntax, after);
  if (now.errors.length > was.errors.length || now.docs.length !== was.docs.length) return false;
  const values = (text: string): unknown[] | undefined => {
    try {
      if (syntax === 'json') return [JSON.parse(text)];
      const docs = parseAllDocuments(text, { version: '1.1', merge: true, uniqueKeys: false });
      if (!Array.isArray(docs)) return [];
      return docs.map((d) => (d.errors.length > 0 ? undefined : d.toJS({ maxAliasCount: 1000 })));
    } catch {
      return undefined;
    }
  };
  const a = values(before);
  const b = values(after);
  if (a === undefined) return true; // the original does not parse as a whole: the parse check above decides
  if (b === undefined || a.length !== b.length) return false;
  return a.every((v, i) => contains(v, b[i]));
}

/** `big` has every key and list item of `small` with the same value (and may have more). */
export function contains(small: unknown, big: unknown): boolean {
  if (Array.isArray(small))
    return Array.isArray(big) && small.length <= big.length && small.every((v, i) => contains(v, big[i]));
  if (small !== null && typeof small === 'object') {
    if (big === null || typeof big !== 'object' || Array.isArray(big)) return false;
    const b = big as Record<string, unknown>;
    return Object.entries(small as Record<string, unknown>).every(([k, v]) => k in b && contains(v, b[k]));
  }
  if (small instanceof Date || big instanceof Date) return String(small) === String(big);
  return Object.is(small, big);
}
