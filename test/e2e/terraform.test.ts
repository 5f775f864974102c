/** The bundled Terraform examples through the CLI: modules, file(), count, comments, tfvars. */
import { describe, expect, it } from 'vitest';
import { hako } from '../helpers/cli.js';

interface Out {
  findings: {
    ruleId: string;
    location: { file: string; startLine: number };
    resource: { address: string };
    suppressed: { kind: string } | null;
  }[];
  errors: unknown[];
  summary: { files: number; resources: number };
}

describe('examples/*/terraform', () => {
  it('insecure: findings at their lines, in modules and in the JSON file() reads; the commented ECS-013 is suppressed', () => {
    const r = hako(['scan', 'examples/insecure/terraform', '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.errors).toEqual([]);
    const seen = out.findings.map(
      (f) =>
        `${f.ruleId} ${f.location.file}:${f.location.startLine} ${f.resource.address}${f.suppressed ? ' suppressed' : ''}`,
    );
    const dir = 'examples/insecure/terraform';
    for (const want of [
      `ECS-002 ${dir}/main.tf:28 aws_ecs_task_definition.api`,
      `ECS-008 ${dir}/main.tf:40 aws_ecs_task_definition.api`,
      `ECS-013 ${dir}/main.tf:64 aws_ecs_service.api suppressed`,
      `ECS-017 ${dir}/main.tf:42 aws_ecs_task_definition.api`,
      `ECS-019 ${dir}/main.tf:48 aws_ecs_task_definition.api`,
      `ECS-022 ${dir}/main.tf:61 aws_ecs_service.api`,
      `ECS-023 ${dir}/main.tf:22 aws_ecs_cluster.main`,
      `ECS-003 ${dir}/modules/worker/containers.json:6 module.agent.aws_ecs_task_definition.daemon[0]`,
      `ECS-010 ${dir}/modules/worker/main.tf:12 module.agent.aws_ecs_task_definition.daemon[0]`,
      `ECS-020 ${dir}/modules/worker/main.tf:17 module.agent.aws_ecs_task_definition.daemon[0]`,
    ]) {
      expect(seen).toContain(want);
    }
  });

  it('hardened: tfvars, locals and references resolve; no rule fires', () => {
    const r = hako(['scan', 'examples/hardened/terraform', '--format', 'json']);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.findings).toEqual([]);
    expect(out.errors).toEqual([]);
    expect(out.summary).toMatchObject({ files: 3, resources: 5 });
    expect(r.code).toBe(0);
  });
});
