/**
 * How a resource name appears in a message. A known name is quoted once (`"billing-api"`, with JSON
 * escaping, so a name that itself contains quotes stays readable); a name hako could not resolve is
 * shown as the expression written in the file (`var.name`, `"app-${random_string.suffix.result}"`,
 * `!Ref ClusterName`), never wrapped in a second pair of quotes. Message templates therefore write
 * `{cluster}`, not `"{cluster}"`.
 */
import type { Val } from '../../model/source.js';

export function showName(v: Val<string> | string | undefined): string {
  if (v === undefined) return '(unnamed)';
  if (typeof v === 'string') return JSON.stringify(v);
  if (v.origin !== 'unresolved') return JSON.stringify(v.value);
  const expr = v.value.trim();
  return expr === '' ? '(unresolved)' : expr;
}

/**
 * As `showName`, for names the model defaults to '' when none is written (containers, Kubernetes
 * objects, volumes): an empty name is shown as `(unnamed)`, not as `""`.
 */
export function showWrittenName(v: Val<string> | string): string {
  const blank = typeof v === 'string' ? v === '' : v.origin !== 'unresolved' && v.value === '';
  return blank ? '(unnamed)' : showName(v);
}
