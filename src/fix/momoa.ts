import { parse } from '@humanwhocodes/momoa';
import { MAX_NESTING_DEPTH } from '../parse/common.js';
import type { JNode } from './json-writer.js';

/** momoa's tree with offsets, or undefined when the text is not JSON (the scan reports that). */
export function momoaParse(text: string): { body: JNode } | undefined {
  // momoa recurses per level: the scan refuses deeper texts, and so does fix
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') max = Math.max(max, ++depth);
    else if (c === '}' || c === ']') depth--;
  }
  if (max > MAX_NESTING_DEPTH) return undefined;
  try {
    return parse(text, { mode: 'json', ranges: true }) as unknown as { body: JNode };
  } catch {
    return undefined;
  }
}
