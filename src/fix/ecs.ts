/**
 * Fixes for ECS task definition JSON (`register-task-definition` input, `describe-task-definition`
 * output). The one fix that cannot change what a container relies on:
 *
 * - `linuxParameters.capabilities.drop: ["ALL"]` (ECS-005 "drop lacks ALL"), merged into an
 *   existing drop list, `add` kept, for a container whose `user` is a non-zero numeric UID
 *   (`"10001"`, `"10001:10001"`) and that is not privileged. Docker (20.10.14+) and containerd give
 *   a non-zero UID no effective capabilities, so the container only loses what a setuid or
 *   file-capability program could have gained (the same residual as Kubernetes'
 *   allowPrivilegeEscalation: false). A user name hako cannot resolve, `0`/`root` or no user: the
 *   process may be root and start with the default set: suggestion.
 *
 * `readonlyRootFilesystem: true` (ECS-004), `privileged: false` (ECS-003) and a non-root `user`
 * (ECS-007) change what the application can do (write its own files, reach devices, own files as
 * root): they stay suggestions, with their rules' remediation.
 */

import { type Patch, Refused } from './edits.js';
import { type JNode, patchJson } from './json-writer.js';
import { put, whyId } from './k8s.js';
import { momoaParse } from './momoa.js';
import type { FilePlan, FixNote, Wanted } from './types.js';

export function planEcs(file: string, text: string, wanted: Wanted): FilePlan {
  const plan: FilePlan = { edits: [], applied: [], suggestions: [] };
  const ast = momoaParse(text);
  if (!ast) return plan;
  let js: unknown;
  try {
    js = JSON.parse(text);
  } catch {
    return plan;
  }
  // biome-ignore lint/suspicious/noExplicitAny: plain values read from JSON
  const root = js as any;
  const nested =
    root && typeof root === 'object' && root.taskDefinition && typeof root.taskDefinition === 'object';
  // biome-ignore lint/suspicious/noExplicitAny: plain values read from JSON
  const td: any = nested ? root.taskDefinition : root;
  if (!td || typeof td !== 'object' || !Array.isArray(td.containerDefinitions)) return plan;
  const family = String(td.family ?? '');
  if (!wanted.has(file, 'TaskDefinition', family, undefined, 'ECS-005/noDropAll')) return plan;
  if (String(td.runtimePlatform?.operatingSystemFamily ?? '').startsWith('WINDOWS')) return plan;
  const prefix = nested ? ['taskDefinition'] : [];
  const patch: Patch = {};
  const applied: FixNote[] = [];
  // biome-ignore lint/suspicious/noExplicitAny: plain values read from JSON
  td.containerDefinitions.forEach((c: any, i: number) => {
    if (!c || typeof c !== 'object') return;
    const container = JSON.stringify(String(c.name ?? i));
    const line = ast.body.type === 'Object' ? lineOfContainer(ast.body, nested, i) : 1;
    const note = (
      list: FixNote[],
      id: 'ecsDropAll' | 'ecsPrivileged' | 'ecsMayBeRoot' | 'ecsNoUser',
      data: Record<string, string>,
    ) => list.push({ file, line, resource: family, rule: 'ECS-005', text: { id, data } });
    const drop = c.linuxParameters?.capabilities?.drop;
    if (Array.isArray(drop) && drop.includes('ALL')) return;
    const user = typeof c.user === 'string' ? c.user : '';
    const uid = /^(\d+)(:.*)?$/.exec(user)?.[1];
    if (c.privileged === true) note(plan.suggestions, 'ecsPrivileged', { container });
    else if (user === '') note(plan.suggestions, 'ecsNoUser', { container });
    else if (uid === undefined || Number(uid) === 0)
      note(plan.suggestions, 'ecsMayBeRoot', { container, user });
    else {
      put(patch, [...prefix, 'containerDefinitions', i, 'linuxParameters', 'capabilities', 'drop'], {
        $append: ['ALL'],
      });
      note(applied, 'ecsDropAll', { container });
    }
  });
  if (applied.length === 0) return plan;
  try {
    plan.edits.push(...patchJson(text, ast.body, patch));
    plan.applied.push(...applied);
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    for (const a of applied)
      plan.suggestions.push({ ...a, text: { id: 'refused', data: { what: family, why: whyId(e) } } });
  }
  return plan;
}

function lineOfContainer(body: JNode, nested: boolean, i: number): number {
  let obj: JNode | undefined = body;
  if (nested) obj = obj.members?.find((m) => m.name.value === 'taskDefinition')?.value;
  const list = obj?.members?.filter((m) => m.name.value === 'containerDefinitions').at(-1)?.value;
  const el = list?.elements?.[i]?.value;
  return (el ?? body).loc.start.line;
}
