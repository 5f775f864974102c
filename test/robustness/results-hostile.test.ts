/**
 * Results that cannot be faked or hidden (#17 items 9 and 10), through the compiled CLI in a child
 * with a time limit and a 1536 MB heap, beside a file with a known finding: a `__proto__` key does
 * not hide a Pod Security violation, and names carrying terminal control sequences are printed as
 * visible escapes in the text report.
 */
import { describe, expect, it } from 'vitest';
import { hostileTree, KNOWN, scanHostile } from '../helpers/hostile.js';

const PROTO_POD = `apiVersion: v1
kind: Pod
metadata:
  name: sneaky
  namespace: shop
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        __proto__:
          runAsNonRoot: true
          allowPrivilegeEscalation: false
        privileged: true
`;

describe('prototype keys through the CLI', () => {
  it('a privileged container stays privileged whatever sits under __proto__', () => {
    const dir = hostileTree({ 'pod.yaml': PROTO_POD });
    const run = scanHostile([dir], { args: ['--rules', 'K8S-109,K8S-113,ECS-003'] });
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
    const findings = run.report?.findings ?? [];
    expect(findings.some((f) => f.ruleId === KNOWN.rule && f.location.startLine === KNOWN.line)).toBe(true);
    // privileged: true is line 14; runAsNonRoot under __proto__ is not the container's setting
    expect(findings.filter((f) => f.ruleId === 'K8S-109').map((f) => f.location.startLine)).toEqual([14]);
    expect(findings.some((f) => f.ruleId === 'K8S-113' && f.location.file.endsWith('pod.yaml'))).toBe(true);
    expect(findings.filter((f) => f.ruleId === 'HAKO-001')).toEqual([]);
  });
});

describe('terminal control sequences in scanned names', () => {
  const evil = 'web\x1b[2J\x1b]52;c;aGVsbG8=\x07\u202eevil\r';
  const task = JSON.stringify({
    family: evil,
    containerDefinitions: [{ name: evil, image: 'public.ecr.aws/nginx/nginx:1.27', privileged: true }],
  });

  it('text output shows them as escapes; the known finding is still reported', () => {
    const dir = hostileTree({ 'evil-task.json': task });
    const run = scanHostile([dir], { args: ['--format', 'text'] });
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
    const raw = [...run.stdout].filter((ch) => {
      const c = ch.codePointAt(0) ?? 0;
      return (
        (c < 0x20 && ch !== '\n' && ch !== '\t') ||
        c === 0x7f ||
        (c >= 0x202a && c <= 0x202e) ||
        (c >= 0x2066 && c <= 0x2069)
      );
    });
    expect(raw).toEqual([]);
    expect(run.stdout).toContain('\\x1b');
    expect(run.stdout).toContain('\\u202e');
    expect(run.stdout).toContain(`${KNOWN.file}`);
  });
});
