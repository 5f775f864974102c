/** The webhook policy file: defaults, every key, and every problem named (never a silently weaker policy). */
import { describe, expect, it } from 'vitest';
import { defaultPolicy, PolicyError, parsePolicy } from './policy.js';

describe('parsePolicy', () => {
  it('is the product.md default policy when empty', () => {
    expect(parsePolicy('')).toEqual(defaultPolicy());
    expect(defaultPolicy()).toMatchObject({
      mode: 'enforce',
      pss: { level: 'baseline', version: 'latest' },
      deny: { severities: ['critical'] },
      warn: { severities: ['high'] },
      failurePolicy: 'Fail',
      exempt: { apiServer: true },
    });
  });

  it('reads every key', () => {
    const p = parsePolicy(
      [
        'mode: warn',
        'pss: { level: restricted, version: "1.30" }',
        'deny: { severities: [critical, high], rules: [k8s-005] }',
        'warn: { severities: [medium] }',
        'namespaces: { prod: { mode: enforce, pss: { level: baseline }, labels: { a: b } } }',
        'exempt: { namespaces: [x], users: [u], groups: [g], runtimeClasses: [kata], apiServer: false }',
        'failurePolicy: Ignore',
        'ignoreAnnotations: true',
        'scan: { rules: { ECS-012: off } }', // K8S-... IDs: see the schema's propertyNames pattern
      ].join('\n'),
    );
    expect(p.mode).toBe('warn');
    expect(p.pss).toEqual({ level: 'restricted', version: 'v1.30' });
    expect(p.deny).toEqual({ severities: ['critical', 'high'], rules: ['K8S-005'] });
    expect(p.namespaces.prod).toEqual({ mode: 'enforce', pss: { level: 'baseline' }, labels: { a: 'b' } });
    expect(p.exempt.runtimeClasses).toEqual(['kata']);
    expect(p.exempt.apiServer).toBe(false);
    expect(p.failurePolicy).toBe('Ignore');
    expect(p.ignoreAnnotations).toBe(true);
    expect(p.scan.rules).toEqual({ 'ECS-012': 'off' });
  });

  it('names every problem at once', () => {
    let err: unknown;
    try {
      parsePolicy(
        'mode: block\ndeny: { severities: [urgent] }\nexempt: { users: alice, apiServer: yes please }\npss: { version: "2" }\nextra: 1\nscan: { rulez: 1 }',
        'p.yaml',
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PolicyError);
    const m = (err as Error).message;
    for (const part of [
      'p.yaml',
      '/mode must be one of',
      'unknown severity "urgent"',
      '/exempt/users must be a list of strings',
      '/exempt/apiServer must be true or false',
      '/pss/version must be v1.N or latest',
      '/extra: unknown key',
      'invalid configuration',
    ])
      expect(m).toContain(part);
  });

  it('refuses YAML that is not a mapping', () => {
    expect(() => parsePolicy('- a')).toThrow(PolicyError);
    expect(() => parsePolicy('a: [')).toThrow(PolicyError);
  });
});
