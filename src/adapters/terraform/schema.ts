/**
 * Terraform resources as written, for the provider-schema check (HAKO-003; ECS-017 for
 * aws_ecs_task_definition): the evaluated body plus the block's layout, since the body alone
 * cannot tell `x = { … }` from `x { … }`. Only the `aws_*` types the schema file has are recorded;
 * `kubernetes_*` resources come from another provider whose schema hako does not carry, and a
 * resource read only from a plan has no layout to check.
 */
import type { BlockLayout } from '../../engines/resource-schema/index.js';
import { type TfLayoutAttribute, tfResourceSchema } from '../../engines/resource-schema/terraform.js';
import type { Src } from '../../model/source.js';
import type { State } from '../../model/state.js';
import type { TfResource } from '../../parse/hcl/module.js';
import type { Expr, HclBlock } from '../../parse/hcl/syntax.js';
import { tfResource } from './resource.js';

/** Which names a block writes as arguments and which as nested blocks, with their positions. */
export function layoutOf(block: HclBlock): BlockLayout {
  const blocks: BlockLayout['blocks'] = [];
  for (const b of block.blocks) {
    if (b.type !== 'dynamic') {
      blocks.push({ type: b.type, src: b.src, body: layoutOf(b) });
      continue;
    }
    const label = b.labels[0];
    if (label === undefined || label === '') continue;
    const content = b.blocks.find((c) => c.type === 'content');
    blocks.push({
      type: label,
      src: b.src,
      body: content ? layoutOf(content) : { src: b.src, attributes: [], blocks: [] },
      dynamic: true,
    });
  }
  const attributes = block.attributes.map((a) => {
    const out: TfLayoutAttribute = { name: a.name, src: a.nameSrc };
    const literal = literalCollection(a.expr);
    if (literal !== undefined) out.literal = literal;
    return out;
  });
  return { src: bodySrc(block), attributes, blocks };
}

/**
 * The block's body, from its `{` to its `}`: where Terraform reports a missing argument or block
 * (hcl's MissingItemRange). Found through the syntax tree an argument keeps; a block with no
 * argument anywhere inside keeps its whole range.
 */
function bodySrc(block: HclBlock): Src {
  const n = syntaxOf(block);
  const open = n?.children.find((c) => c?.type === 'block_start');
  if (
    n === undefined ||
    !open ||
    n.startPosition.row + 1 !== block.src.startLine ||
    n.startPosition.column + 1 !== block.src.startColumn
  ) {
    return block.src;
  }
  return { ...block.src, startLine: open.startPosition.row + 1, startColumn: open.startPosition.column + 1 };
}

/** The block's syntax node, reached from the first argument inside it (argument → body → block). */
function syntaxOf(block: HclBlock): Expr | undefined {
  const a = block.attributes[0];
  if (a) return a.expr.parent?.parent?.parent ?? undefined;
  for (const b of block.blocks) {
    const inner = syntaxOf(b);
    if (inner) return inner.parent?.parent ?? undefined;
  }
  return undefined;
}

/**
 * `tuple` or `object` when the expression is written as `[…]` or `{…}` (in parentheses or not).
 * Other expressions can evaluate to a collection where Terraform has a string: `jsonencode(…)`,
 * a policy document's `.json`, a local holding either.
 */
function literalCollection(expr: Expr): 'tuple' | 'object' | undefined {
  let n: Expr | null = expr;
  while (n?.type === 'expression' && n.namedChildCount === 1) n = n.namedChild(0);
  if (n?.type !== 'collection_value') return undefined;
  const kind = n.namedChild(0)?.type;
  return kind === 'tuple' || kind === 'object' ? kind : undefined;
}

/** Blocks already recorded per state: `count`/`for_each` instances and repeated module calls share one block. */
const recorded = new WeakMap<State, WeakSet<HclBlock>>();

/** Records the resource for the schema check (once per block written). */
export function recordSchemaCheck(r: TfResource, state: State): void {
  const block = r.hcl?.block;
  if (block === undefined || !r.type.startsWith('aws_') || tfResourceSchema(r.type) === undefined) return;
  let seen = recorded.get(state);
  if (seen === undefined) {
    seen = new WeakSet();
    recorded.set(state, seen);
  }
  if (seen.has(block)) return;
  seen.add(block);
  state.inputs.schemaChecks.push({
    format: 'terraform',
    type: r.type,
    node: r.body,
    layout: layoutOf(block),
    ...tfResource(r, r.type),
  });
}
