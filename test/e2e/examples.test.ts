/** The bundled examples are the demo: the insecure set trips every ECS rule, the hardened set nothing. */
import { describe, expect, it } from 'vitest';
import { hako } from '../helpers/cli.js';

interface Out {
  findings: { ruleId: string; location: { file: string }; suppressed: unknown }[];
  errors: unknown[];
  summary: { files: number; resources: number };
}

const ECS_RULES = Array.from({ length: 23 }, (_, i) => `ECS-${String(i + 1).padStart(3, '0')}`);

describe('examples/', () => {
  it('insecure/ trips every ECS rule, and nothing is unreadable', () => {
    const r = hako(['scan', 'examples/insecure', '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.errors).toEqual([]);
    const fired = new Set(out.findings.map((f) => f.ruleId));
    expect(ECS_RULES.filter((id) => !fired.has(id))).toEqual([]);
    expect(fired.has('HAKO-001')).toBe(false);
  });

  it('insecure/ also shows the Kubernetes rules, incl. the per-check Pod Security rules', () => {
    const out = JSON.parse(hako(['scan', 'examples/insecure/k8s', '--format', 'json']).stdout) as Out;
    const fired = new Set(out.findings.map((f) => f.ruleId));
    const k8s = Array.from({ length: 10 }, (_, i) => `K8S-${String(i + 1).padStart(3, '0')}`);
    for (const id of [...k8s, 'K8S-105', 'K8S-109', 'K8S-113']) {
      expect(fired.has(id), id).toBe(true);
    }
  });

  it('insecure/cloudformation: the template joins its own role; a commented ECS-013 is suppressed', () => {
    const out = JSON.parse(
      hako(['scan', 'examples/insecure/cloudformation', '--format', 'json']).stdout,
    ) as Out;
    expect(out.errors).toEqual([]);
    const active = new Set(out.findings.filter((f) => !f.suppressed).map((f) => f.ruleId));
    for (const id of ['ECS-002', 'ECS-003', 'ECS-005', 'ECS-009', 'ECS-016', 'ECS-022', 'ECS-023'])
      expect(active.has(id), id).toBe(true);
    expect(out.findings.filter((f) => f.suppressed).map((f) => f.ruleId)).toEqual(['ECS-013']);
  });

  it('hardened/ trips no rule at all', () => {
    const r = hako(['scan', 'examples/hardened', '--format', 'json']);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.findings.map((f) => `${f.ruleId} ${f.location.file}`)).toEqual([]);
    expect(out.errors).toEqual([]);
    expect(r.code).toBe(0);
    expect(out.summary.resources).toBeGreaterThan(5);
  });

  it('the demo command exits 0 and prints findings as text', () => {
    const r = hako(['scan', 'examples/', '--soft-fail']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('examples/insecure/ecs/agent-ec2.task-definition.json');
    expect(r.stdout).toMatch(/CRITICAL\s+ECS-003/);
  });
});
