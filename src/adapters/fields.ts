/**
 * Typed reads of located values from a positioned map. One reader serves ECS API JSON (camelCase)
 * and CloudFormation (PascalCase) so the same adapter code builds the model from both.
 */
import { defaulted, explicit, type Src, unresolved, type Val } from '../model/source.js';
import { entry, isMap, isScalar, isSeq, type MapNode, type Node } from '../parse/tree.js';

export type KeyCase = 'camel' | 'pascal';

export class Fields {
  constructor(
    readonly map: MapNode | undefined,
    /** Where defaults are located: the map itself, or the enclosing block when the map is absent. */
    readonly at: Src,
    readonly keyCase: KeyCase = 'camel',
  ) {}

  static of(node: Node | undefined, at: Src, keyCase: KeyCase = 'camel'): Fields {
    return new Fields(isMap(node) ? node : undefined, isMap(node) ? node.src : at, keyCase);
  }

  key(k: string): string {
    return this.keyCase === 'pascal' ? k.charAt(0).toUpperCase() + k.slice(1) : k;
  }

  node(k: string): Node | undefined {
    return entry(this.map, this.key(k))?.value;
  }

  keySrc(k: string): Src | undefined {
    return entry(this.map, this.key(k))?.keySrc;
  }

  has(k: string): boolean {
    return this.node(k) !== undefined;
  }

  sub(k: string): Fields {
    const n = this.node(k);
    return new Fields(isMap(n) ? n : undefined, isMap(n) ? n.src : (n?.src ?? this.at), this.keyCase);
  }

  str(k: string): Val<string> | undefined {
    return toStr(this.node(k));
  }

  strOr(k: string, def: string): Val<string> {
    return this.str(k) ?? defaulted(def, this.at);
  }

  bool(k: string): Val<boolean> | undefined {
    return toBool(this.node(k));
  }

  boolOr(k: string, def: boolean): Val<boolean> {
    return this.bool(k) ?? defaulted(def, this.at);
  }

  num(k: string): Val<number> | undefined {
    const n = this.node(k);
    if (n === undefined) return undefined;
    if (n.kind === 'unresolved') return unresolved(0, n.src);
    if (isScalar(n)) {
      const v = typeof n.value === 'number' ? n.value : Number(n.value);
      if (n.value !== null && n.value !== '' && Number.isFinite(v)) return explicit(v, n.src);
    }
    return undefined;
  }

  list(k: string): Node[] {
    const n = this.node(k);
    return isSeq(n) ? n.items : [];
  }

  /** Each item of a list as a Fields reader. */
  each(k: string): Fields[] {
    return this.list(k).map((n) => Fields.of(n, n.src, this.keyCase));
  }

  /** String items; a list written as one unresolved value becomes one unresolved item, so it never reads as empty. */
  strList(k: string): Val<string>[] {
    const n = this.node(k);
    if (n?.kind === 'unresolved') return [unresolved(n.expr, n.src)];
    return this.list(k).flatMap((item) => toStr(item) ?? []);
  }
}

export function toStr(n: Node | undefined): Val<string> | undefined {
  if (n === undefined) return undefined;
  if (n.kind === 'unresolved') return unresolved(n.expr, n.src);
  if (isScalar(n) && n.value !== null) return explicit(String(n.value), n.src);
  return undefined;
}

/** Booleans, and the strings "true"/"false" (CloudFormation and Terraform accept those). */
export function toBool(n: Node | undefined): Val<boolean> | undefined {
  if (n === undefined) return undefined;
  if (n.kind === 'unresolved') return unresolved(false, n.src);
  if (!isScalar(n)) return undefined;
  if (typeof n.value === 'boolean') return explicit(n.value, n.src);
  if (typeof n.value === 'string' && /^(true|false)$/i.test(n.value)) {
    return explicit(n.value.toLowerCase() === 'true', n.src);
  }
  return undefined;
}
