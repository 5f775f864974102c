/** Value readers shared by the Terraform and CloudFormation EKS adapters. */
import { defaulted, explicit, type Src, unresolved, type Val } from '../../model/source.js';
import { isSeq } from '../../parse/tree.js';
import type { Fields } from '../fields.js';

/** A list of strings as one value: the default when absent, unresolved when any item is. */
export function strListVal(f: Fields, k: string, def: string[], at: Src): Val<string[]> {
  const n = f.node(k);
  if (n === undefined) return defaulted(def, at);
  if (!isSeq(n)) return unresolved(def, n.src);
  const items = f.strList(k);
  if (items.some((i) => i.origin === 'unresolved')) return unresolved(def, n.src);
  return explicit(
    items.map((i) => i.value),
    n.src,
  );
}
