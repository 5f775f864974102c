/**
 * A fast path for the Terraform that configurations are mostly written in, giving exactly the
 * syntax tree tree-sitter-terraform gives (every node, anonymous tokens included, with the same
 * ranges and fields: see cst.ts), or nothing at all.
 *
 * Why a hand-written scanner (figures: bench/results/terraform.md, `npm run bench:terraform`,
 * the 1,000 .tf files of tf-1000, 1.38 MB, CPU time under load): tree-sitter's WASM parse alone
 * takes ~0.9 s and reading its tree through web-tree-sitter (one cursor pass, each node read once)
 * another ~0.65 s, i.e. more than the whole scan may take (the issue's target: 1.6 s); the parser
 * is already reused, the grammar loaded once and every tree deleted: this is its speed (~1.5 MB/s,
 * ~1.4 µs per node crossing the JS/WASM boundary). This scanner reads the same files in a few
 * tens of milliseconds.
 *
 * It never guesses: whatever it is not certain to read exactly as tree-sitter does, it gives up on
 * (returns undefined) and the caller parses the whole file with tree-sitter. It reads: top-level
 * attributes and blocks, blocks with quoted or bare labels and a body on the following lines (or
 * `{}`), attributes `name = expression` ending at a line break, and as expressions: numbers
 * (`12`, `1.5`), `true` / `false` / `null`, quoted strings without escapes (interpolations
 * `${ … }` of these expressions), variables with `.attr` and `[expr]` steps, function calls,
 * tuples and objects (`key = value`, separated by commas or line breaks). It gives up on:
 * comments, heredocs, escapes (`\`), `$${` / `%{` / `%%{` and strip markers, operators and
 * conditionals, `for` expressions, splats, `...`, legacy `.0` indexes, exponents, `:` in objects,
 * anything after an expression on the same line, single-line blocks with content, CR, BOM, tabs
 * before a line break, non-ASCII outside strings, control characters, and very deep nesting.
 * The differential test (fast.test.ts) compares both trees over every .tf file of the repository
 * and a generated corpus.
 */
import { adopt, type CstDoc, SyntaxNode } from './cst.js';

class GiveUp extends Error {}
const GIVE_UP = new GiveUp('give up');

/** Deeper than this, tree-sitter (and the caller's too-deep guard) reads the file. */
const MAX_FAST_DEPTH = 48;

enum C {
  TAB = 9,
  NL = 10,
  SPACE = 32,
  QUOTE = 34,
  DOLLAR = 36,
  PERCENT = 37,
  LPAREN = 40,
  RPAREN = 41,
  COMMA = 44,
  DOT = 46,
  D0 = 48,
  D9 = 57,
  EQ = 61,
  LBRACKET = 91,
  BACKSLASH = 92,
  RBRACKET = 93,
  LBRACE = 123,
  RBRACE = 125,
  TILDE = 126,
}

const isIdStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdPart = (c: number) => isIdStart(c) || (c >= 48 && c <= 57) || c === 45;

/** Parses `text`; undefined when it leaves the subset (the caller then uses tree-sitter). */
export function parseHclFast(text: string, doc: CstDoc): SyntaxNode | undefined {
  try {
    return new Scanner(text, doc).file();
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
}

class Scanner {
  private pos = 0;
  private row = 0;
  /** Index of the current line's first character. */
  private lineStart = 0;
  private depth = 0;

  constructor(
    private readonly s: string,
    private readonly doc: CstDoc,
  ) {}

  private node(type: string, named: boolean, start: number, startRow: number, startCol: number): SyntaxNode {
    return new SyntaxNode(
      this.doc,
      type,
      named,
      start,
      this.pos,
      startRow,
      startCol,
      this.row,
      this.pos - this.lineStart,
    );
  }

  /** A token of `len` characters at the position (on one line). */
  private token(type: string, named: boolean, len: number): SyntaxNode {
    const start = this.pos;
    const col = start - this.lineStart;
    this.pos += len;
    return this.node(type, named, start, this.row, col);
  }

  /** `named` wrapping one anonymous token (`block_start` → `{`). */
  private wrapped(type: string, ch: string): SyntaxNode {
    const t = this.token(ch, false, 1);
    const n = new SyntaxNode(
      this.doc,
      type,
      true,
      t.startIndex,
      t.endIndex,
      t.startRow,
      t.startColumn,
      t.endRow,
      t.endColumn,
    );
    return adopt(n, [t]);
  }

  private code(at = this.pos): number {
    return at < this.s.length ? this.s.charCodeAt(at) : -1;
  }

  /** Spaces (no line breaks); gives up on characters it does not expect between tokens. */
  private spaces(): void {
    for (;;) {
      const c = this.code();
      if (c === C.SPACE || c === C.TAB) this.pos++;
      else return;
    }
  }

  /** Spaces and line breaks (blank lines). */
  private blank(): void {
    for (;;) {
      const c = this.code();
      if (c === C.SPACE || c === C.TAB) this.pos++;
      else if (c === C.NL) this.newline();
      else return;
    }
  }

  private newline(): void {
    this.pos++;
    this.row++;
    this.lineStart = this.pos;
  }

  /** After a statement: blanks to the end of the line, then the line break (or the end). */
  private endOfLine(): void {
    this.spaces();
    const c = this.code();
    if (c === C.NL) this.newline();
    else if (c !== -1) throw GIVE_UP;
  }

  private enter(): void {
    if (++this.depth > MAX_FAST_DEPTH) throw GIVE_UP;
  }

  file(): SyntaxNode {
    const s = this.s;
    // characters the subset never holds anywhere (escapes, CR, BOM, controls); comments and
    // heredocs outside strings are characters no rule below accepts
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 32 ? c !== C.NL && c !== C.TAB : c === C.BACKSLASH || c === 127 || c === 0xfeff) throw GIVE_UP;
    }
    this.blank();
    const items = this.items(true);
    if (items.length === 0 || this.pos !== s.length) throw GIVE_UP;
    const body = this.wrap('body', items);
    const root = new SyntaxNode(
      this.doc,
      'config_file',
      true,
      0,
      s.length,
      0,
      0,
      this.row,
      this.pos - this.lineStart,
    );
    return adopt(root, [body]);
  }

  /** Attributes and blocks, one per line, up to a `}` (inside a block) or the end (top level). */
  private items(top: boolean): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (;;) {
      this.blank();
      const c = this.code();
      if (c === -1) {
        if (top) return out;
        throw GIVE_UP;
      }
      if (c === C.RBRACE) {
        if (top) throw GIVE_UP;
        return out;
      }
      out.push(this.item());
    }
  }

  private item(): SyntaxNode {
    const start = this.pos;
    const row = this.row;
    const col = start - this.lineStart;
    const id = this.identifier();
    if (id.text === 'true' || id.text === 'false' || id.text === 'null' || id.text === 'for') throw GIVE_UP;
    this.spaces();
    if (this.code() === C.EQ && this.code(this.pos + 1) !== C.EQ) {
      const eq = this.token('=', false, 1);
      this.spaces();
      if (this.code() === C.NL) throw GIVE_UP;
      const expr = this.expression();
      const attr = adopt(this.node('attribute', true, start, row, col), [id, eq, expr]);
      this.endOfLine();
      return attr;
    }
    // a block: labels, then `{`
    const kids: SyntaxNode[] = [id];
    for (;;) {
      const c = this.code();
      if (c === C.QUOTE) kids.push(this.quoted(true));
      else if (isIdStart(c)) kids.push(this.identifier());
      else break;
      this.spaces();
    }
    if (this.code() !== C.LBRACE) throw GIVE_UP;
    kids.push(this.wrapped('block_start', '{'));
    if (this.code() === C.RBRACE) {
      kids.push(this.wrapped('block_end', '}'));
    } else {
      this.spaces();
      if (this.code() !== C.NL) throw GIVE_UP;
      this.enter();
      const inner = this.items(false);
      this.depth--;
      if (inner.length > 0) {
        kids.push(this.wrap('body', inner));
      }
      kids.push(this.wrapped('block_end', '}'));
    }
    const block = adopt(this.node('block', true, start, row, col), kids);
    this.endOfLine();
    return block;
  }

  private identifier(): SyntaxNode {
    const start = this.pos;
    if (!isIdStart(this.code())) throw GIVE_UP;
    let i = start + 1;
    while (isIdPart(this.code(i))) i++;
    if (this.code(i) > 127) throw GIVE_UP;
    return this.token('identifier', true, i - start);
  }

  /** `expression`: a primary expression and its traversal steps. */
  private expression(): SyntaxNode {
    this.enter();
    const start = this.pos;
    const row = this.row;
    const col = start - this.lineStart;
    const c = this.code();
    const kids: SyntaxNode[] = [];
    let steps = false;
    if (c === C.QUOTE) {
      const q = this.quoted(false);
      kids.push(q);
    } else if (c >= C.D0 && c <= C.D9) {
      kids.push(this.wrap('literal_value', [this.number()]));
    } else if (c === C.LBRACKET) {
      kids.push(this.wrap('collection_value', [this.tuple()]));
    } else if (c === C.LBRACE) {
      kids.push(this.wrap('collection_value', [this.object()]));
    } else if (isIdStart(c)) {
      const id = this.identifier();
      const name = id.text;
      if (name === 'true' || name === 'false') {
        const lit = this.over('bool_lit', true, id);
        const tok = this.over(name, false, id);
        kids.push(this.wrap('literal_value', [adopt(lit, [tok])]));
      } else if (name === 'null') {
        const lit = this.over('null_lit', true, id);
        kids.push(this.wrap('literal_value', [lit]));
      } else if (name === 'for') {
        throw GIVE_UP;
      } else if (this.code() === C.LPAREN) {
        kids.push(this.call(id));
        steps = true;
      } else {
        kids.push(this.wrap('variable_expr', [id]));
        steps = true;
      }
    } else throw GIVE_UP;
    if (steps) {
      for (;;) {
        const d = this.code();
        if (d === C.DOT) {
          const n = this.code(this.pos + 1);
          if (!isIdStart(n)) throw GIVE_UP; // `.0`, `.*`
          const sStart = this.pos;
          const sCol = sStart - this.lineStart;
          const dot = this.token('.', false, 1);
          const name = this.identifier();
          kids.push(adopt(this.node('get_attr', true, sStart, this.row, sCol), [dot, name]));
        } else if (d === C.LBRACKET) {
          const sStart = this.pos;
          const sRow = this.row;
          const sCol = sStart - this.lineStart;
          const open = this.token('[', false, 1);
          if (this.code() === 42) throw GIVE_UP; // [*]
          this.spaces();
          const inner = this.expression();
          this.spaces();
          if (this.code() !== C.RBRACKET) throw GIVE_UP;
          const close = this.token(']', false, 1);
          const ni = adopt(this.node('new_index', true, sStart, sRow, sCol), [open, inner, close]);
          kids.push(adopt(this.node('index', true, sStart, sRow, sCol), [ni]));
        } else break;
      }
    } else {
      const d = this.code();
      if (d === C.DOT || d === C.LBRACKET) throw GIVE_UP;
    }
    // an operator or a conditional follows: not in the subset
    this.checkFollow();
    this.depth--;
    return adopt(this.node('expression', true, start, row, col), kids);
  }

  /** What may come after an expression (spaces allowed): a line break, `,`, `)`, `]`, `}`, the end. */
  private checkFollow(): void {
    let i = this.pos;
    while (this.code(i) === C.SPACE || this.code(i) === C.TAB) i++;
    const c = this.code(i);
    if (c === C.EQ) {
      // `key = value` in an object (`==` and `=>` are not in the subset)
      const n = this.code(i + 1);
      if (n === C.EQ || n === 62) throw GIVE_UP;
      return;
    }
    if (c !== C.NL && c !== -1 && c !== C.COMMA && c !== C.RPAREN && c !== C.RBRACKET && c !== C.RBRACE)
      throw GIVE_UP;
    // `}` right after an expression ends an interpolation or an object; a `)` a call
  }

  /** A node over exactly the text of `n` (a literal and its token over the identifier read). */
  private over(type: string, named: boolean, n: SyntaxNode): SyntaxNode {
    return new SyntaxNode(
      this.doc,
      type,
      named,
      n.startIndex,
      n.endIndex,
      n.startRow,
      n.startColumn,
      n.endRow,
      n.endColumn,
    );
  }

  /** A named node spanning exactly its children. */
  private wrap(type: string, kids: SyntaxNode[]): SyntaxNode {
    const f = kids[0] as SyntaxNode;
    const l = kids[kids.length - 1] as SyntaxNode;
    return adopt(
      new SyntaxNode(
        this.doc,
        type,
        true,
        f.startIndex,
        l.endIndex,
        f.startRow,
        f.startColumn,
        l.endRow,
        l.endColumn,
      ),
      kids,
    );
  }

  private number(): SyntaxNode {
    const start = this.pos;
    let i = start;
    while (this.code(i) >= C.D0 && this.code(i) <= C.D9) i++;
    if (this.code(i) === C.DOT) {
      const n = this.code(i + 1);
      if (!(n >= C.D0 && n <= C.D9)) throw GIVE_UP;
      i++;
      while (this.code(i) >= C.D0 && this.code(i) <= C.D9) i++;
    }
    const after = this.code(i);
    if (isIdPart(after) || after === C.DOT || after > 127) throw GIVE_UP; // 1e3, 1x, 1.2.3
    return this.token('numeric_lit', true, i - start);
  }

  /**
   * A quoted string: `string_lit` (no interpolation; a block label is one directly) wrapped in
   * `literal_value`, or `quoted_template` wrapped in `template_expr`.
   */
  private quoted(label: boolean): SyntaxNode {
    const start = this.pos;
    const row = this.row;
    const col = start - this.lineStart;
    const kids: SyntaxNode[] = [this.token('quoted_template_start', true, 1)];
    let interpolated = false;
    for (;;) {
      const litStart = this.pos;
      let i = litStart;
      for (;;) {
        const c = this.code(i);
        if (c === -1 || c === C.NL) throw GIVE_UP;
        if (c === C.QUOTE) break;
        if (c === C.DOLLAR || c === C.PERCENT) {
          const n = this.code(i + 1);
          if (n === C.LBRACE) {
            if (c === C.PERCENT) throw GIVE_UP; // %{ directive
            break;
          }
          if (n === c) throw GIVE_UP; // $$ / %% escapes
        }
        i++;
      }
      if (i > litStart) kids.push(this.token('template_literal', true, i - litStart));
      if (this.code() === C.QUOTE) break;
      // ${ interpolation }
      if (label) throw GIVE_UP;
      interpolated = true;
      const iStart = this.pos;
      const iCol = iStart - this.lineStart;
      const open = this.token('template_interpolation_start', true, 2);
      if (this.code() === C.TILDE) throw GIVE_UP;
      this.spaces();
      const inner = this.expression();
      this.spaces();
      if (this.code() !== C.RBRACE || this.code(this.pos - 1) === C.TILDE) throw GIVE_UP;
      const close = this.token('template_interpolation_end', true, 1);
      kids.push(
        adopt(this.node('template_interpolation', true, iStart, this.row, iCol), [open, inner, close]),
      );
    }
    kids.push(this.token('quoted_template_end', true, 1));
    if (label) return adopt(this.node('string_lit', true, start, row, col), kids);
    if (interpolated)
      return this.wrap('template_expr', [adopt(this.node('quoted_template', true, start, row, col), kids)]);
    return this.wrap('literal_value', [adopt(this.node('string_lit', true, start, row, col), kids)]);
  }

  private call(id: SyntaxNode): SyntaxNode {
    const open = this.token('(', false, 1);
    const kids: SyntaxNode[] = [id, open];
    this.blank();
    if (this.code() !== C.RPAREN) {
      const args: SyntaxNode[] = [];
      for (;;) {
        args.push(this.expression());
        this.blank();
        const c = this.code();
        if (c === C.COMMA) {
          args.push(this.token(',', false, 1));
          this.blank();
          if (this.code() === C.RPAREN) throw GIVE_UP; // trailing comma
          continue;
        }
        if (c === C.RPAREN) break;
        throw GIVE_UP;
      }
      kids.push(this.wrap('function_arguments', args));
    }
    kids.push(this.token(')', false, 1));
    return this.wrap('function_call', kids);
  }

  private tuple(): SyntaxNode {
    const kids: SyntaxNode[] = [this.wrapped('tuple_start', '[')];
    this.blank();
    const first = this.code();
    if (isIdStart(first) && /^for\b/.test(this.s.slice(this.pos, this.pos + 4))) throw GIVE_UP;
    while (this.code() !== C.RBRACKET) {
      kids.push(this.expression());
      this.blank();
      const c = this.code();
      if (c === C.COMMA) {
        kids.push(this.token(',', false, 1));
        this.blank();
      } else if (c !== C.RBRACKET) throw GIVE_UP;
    }
    kids.push(this.wrapped('tuple_end', ']'));
    return this.wrap('tuple', kids);
  }

  private object(): SyntaxNode {
    const kids: SyntaxNode[] = [this.wrapped('object_start', '{')];
    this.blank();
    if (isIdStart(this.code()) && /^for\b/.test(this.s.slice(this.pos, this.pos + 4))) throw GIVE_UP;
    while (this.code() !== C.RBRACE) {
      const elStart = this.pos;
      const elRow = this.row;
      const elCol = elStart - this.lineStart;
      const c = this.code();
      if (!(c === C.QUOTE || isIdStart(c))) throw GIVE_UP; // `(key)` and other keys
      const key = this.expression();
      if (key.namedChildren.length !== 1) throw GIVE_UP; // `a.b = …`
      key.field = 'key';
      this.spaces();
      if (this.code() !== C.EQ || this.code(this.pos + 1) === C.EQ) throw GIVE_UP;
      const eq = this.token('=', false, 1);
      this.spaces();
      if (this.code() === C.NL) throw GIVE_UP;
      const val = this.expression();
      val.field = 'val';
      kids.push(adopt(this.node('object_elem', true, elStart, elRow, elCol), [key, eq, val]));
      this.spaces();
      const d = this.code();
      if (d === C.COMMA) {
        kids.push(this.token(',', false, 1));
        this.blank();
      } else if (d === C.NL) {
        this.blank();
      } else if (d !== C.RBRACE) throw GIVE_UP;
    }
    kids.push(this.wrapped('object_end', '}'));
    return this.wrap('object', kids);
  }
}
