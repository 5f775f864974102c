/**
 * The Terraform syntax tree as plain JavaScript objects: the same nodes tree-sitter-terraform
 * gives (type, named or not, exact range, children including the anonymous tokens, the `key` /
 * `val` fields of an object element), built once per file, either by the hand-written scanner
 * (`fast.ts`) or by one TreeCursor pass over tree-sitter's tree (`fromTreeSitter`), after which
 * the WASM tree is deleted.
 *
 * Why: reading tree-sitter's nodes through web-tree-sitter's getters crosses the JS/WASM boundary
 * (and allocates a wrapper) on every `type`, `text`, `namedChildren`, `startPosition` call; the
 * evaluator asks for each node many times. Positions are UTF-16 code units, as web-tree-sitter
 * gives them (a column is a JavaScript string index within the line).
 */
import type { TreeCursor, Node as TsNode } from 'web-tree-sitter';

/** One file's text, shared by all its nodes (`text` is sliced from it on demand). */
export interface CstDoc {
  readonly text: string;
  /** Exponent literals the grammar could not read, by start index → text as written (`1e3`). */
  exponents?: Map<number, string>;
}

export interface Point {
  row: number;
  column: number;
}

const NO_CHILDREN: readonly SyntaxNode[] = Object.freeze([]);

export class SyntaxNode {
  parent: SyntaxNode | null = null;
  children: readonly SyntaxNode[] = NO_CHILDREN;
  /** The field this node fills in its parent (`key` / `val` of an object element). */
  field: string | undefined = undefined;
  private named_: SyntaxNode[] | undefined = undefined;

  constructor(
    readonly doc: CstDoc,
    readonly type: string,
    readonly isNamed: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly startRow: number,
    readonly startColumn: number,
    readonly endRow: number,
    readonly endColumn: number,
  ) {}

  get text(): string {
    return this.doc.text.slice(this.startIndex, this.endIndex);
  }
  get startPosition(): Point {
    return { row: this.startRow, column: this.startColumn };
  }
  get endPosition(): Point {
    return { row: this.endRow, column: this.endColumn };
  }
  get namedChildren(): SyntaxNode[] {
    if (this.named_ === undefined) this.named_ = this.children.filter((c) => c.isNamed);
    return this.named_;
  }
  get namedChildCount(): number {
    return this.namedChildren.length;
  }
  namedChild(i: number): SyntaxNode | null {
    return this.namedChildren[i] ?? null;
  }
  childForFieldName(field: string): SyntaxNode | null {
    for (const c of this.children) if (c.field === field) return c;
    return null;
  }
}

/** Sets the children (and their parent). */
export function adopt(parent: SyntaxNode, children: SyntaxNode[]): SyntaxNode {
  if (children.length === 0) return parent;
  for (const c of children) c.parent = parent;
  parent.children = children;
  return parent;
}

/**
 * The whole tree-sitter tree in one cursor walk (each node's type, range and field read once).
 * Iterative: a hostile file nests far deeper than the call stack.
 */
export function fromTreeSitter(root: TsNode, doc: CstDoc): SyntaxNode {
  const cursor: TreeCursor = root.walk();
  try {
    const make = (): SyntaxNode => {
      const s = cursor.startPosition;
      const e = cursor.endPosition;
      const n = new SyntaxNode(
        doc,
        cursor.nodeType,
        cursor.nodeIsNamed,
        cursor.startIndex,
        cursor.endIndex,
        s.row,
        s.column,
        e.row,
        e.column,
      );
      const f = cursor.currentFieldName;
      if (f) n.field = f;
      return n;
    };
    const top = make();
    const stack: { node: SyntaxNode; kids: SyntaxNode[] }[] = [{ node: top, kids: [] }];
    if (!cursor.gotoFirstChild()) return top;
    for (;;) {
      const n = make();
      (stack[stack.length - 1] as { kids: SyntaxNode[] }).kids.push(n);
      if (cursor.gotoFirstChild()) {
        stack.push({ node: n, kids: [] });
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        const done = stack.pop() as { node: SyntaxNode; kids: SyntaxNode[] };
        adopt(done.node, done.kids);
        if (stack.length === 0 || !cursor.gotoParent()) {
          for (let i = stack.length - 1; i >= 0; i--) {
            const s = stack[i] as { node: SyntaxNode; kids: SyntaxNode[] };
            adopt(s.node, s.kids);
          }
          return top;
        }
      }
    }
  } finally {
    cursor.delete();
  }
}
