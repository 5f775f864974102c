/**
 * Source locations: where a parsed node, a model value or a finding comes from. A neutral module
 * (no imports) that parsers, engines and the model all depend on; `model/source.ts` re-exports it.
 */

/** A range in one file. Lines and columns are 1-based; `file` is a relative posix path. */
export interface Src {
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  /**
   * Path of the node inside its document: a JSON pointer (JSON/YAML), the attribute path under
   * the block (HCL; none for the block itself). Never a line: fingerprints are built from it.
   */
  pointer?: string;
  /** Resource label, e.g. `Deployment/prod/web` or `aws_ecs_task_definition.app`. */
  resource?: string;
}
