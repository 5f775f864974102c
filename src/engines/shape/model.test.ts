import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AwsService, loadShapes, parseShapeModel, references } from './model.js';

const SERVICES: AwsService[] = ['ecs', 'ecr', 'eks'];

const ROOTS: Record<AwsService, string[]> = {
  ecs: [
    'RegisterTaskDefinitionRequest',
    'TaskDefinition',
    'CreateServiceRequest',
    'Service',
    'CreateClusterRequest',
    'Cluster',
  ],
  ecr: [
    'CreateRepositoryRequest',
    'PutLifecyclePolicyRequest',
    'PutReplicationConfigurationRequest',
    'PutRegistryScanningConfigurationRequest',
    'PutImageScanningConfigurationRequest',
    'PutImageTagMutabilityRequest',
    'SetRepositoryPolicyRequest',
    'PutRegistryPolicyRequest',
    'RegistryScanningConfiguration',
  ],
  eks: [
    'CreateClusterRequest',
    'CreateNodegroupRequest',
    'CreateAccessEntryRequest',
    'AssociateAccessPolicyRequest',
    'CreatePodIdentityAssociationRequest',
  ],
};

describe.each(SERVICES)('aws-shapes/%s.json', (service) => {
  const model = loadShapes(service);

  it('records its botocore source and extraction date', () => {
    expect(model.source).toMatch(
      new RegExp(`^botocore \\d+\\.\\d+\\.\\d+ data/${service}/\\d{4}-\\d{2}-\\d{2}/service-2\\.json$`),
    );
    expect(model.extracted).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('has the expected roots', () => {
    expect(model.roots).toEqual(ROOTS[service]);
  });

  it('resolves every shape reachable from every root, and holds nothing unreachable', () => {
    const seen = new Set<string>();
    const stack = [...model.roots];
    while (stack.length > 0) {
      const name = stack.pop()!;
      if (seen.has(name)) continue;
      const shape = model.shapes.get(name);
      expect(shape, `${name} is referenced but missing`).toBeDefined();
      seen.add(name);
      if (shape) stack.push(...references(shape));
    }
    expect([...model.shapes.keys()].filter((n) => !seen.has(n))).toEqual([]);
  });

  it('is loaded once', () => {
    expect(loadShapes(service)).toBe(model);
  });
});

describe('model content', () => {
  const ecs = loadShapes('ecs');

  it('has the real Volume members (no emptyDir)', () => {
    const volume = ecs.shapes.get('Volume');
    expect(volume?.type === 'structure' && [...volume.members.keys()]).toEqual([
      'name',
      'host',
      'dockerVolumeConfiguration',
      'efsVolumeConfiguration',
      's3filesVolumeConfiguration',
      'fsxWindowsFileServerVolumeConfiguration',
      'configuredAtLaunch',
    ]);
  });

  it('carries the documented capability names and the service-only requirements', () => {
    const caps = ecs.shapes.get('KernelCapabilities');
    const add = caps?.type === 'structure' ? caps.members.get('add')?.values : undefined;
    expect(add).toContain('SYS_ADMIN');
    expect(add).toContain('ALL');
    expect(add).not.toContain('CAP_SYS_ADMIN');
    const container = ecs.shapes.get('ContainerDefinition');
    expect(container?.type === 'structure' && container.serviceRequired).toEqual(['name', 'image']);
  });

  it('keeps the file small', () => {
    const size = readFileSync(new URL('../../data/aws-shapes/ecs.json', import.meta.url)).length;
    expect(size).toBeLessThan(60_000);
  });
});

describe('parseShapeModel rejects malformed files', () => {
  const header = { source: 'botocore 0 data/x/y/service-2.json', extracted: '2026-01-01' };
  it.each([
    [
      'a dangling member',
      { header, roots: ['A'], shapes: { A: { type: 'structure', members: { b: 'B' } } } },
      /A refers to missing shape B/,
    ],
    [
      'a dangling list member',
      { header, roots: ['L'], shapes: { L: { type: 'list', member: 'X' } } },
      /L refers to missing shape X/,
    ],
    ['a missing root', { header, roots: ['Z'], shapes: {} }, /root Z is not a shape/],
    ['an unknown type', { header, roots: [], shapes: { A: { type: 'union' } } }, /unknown type union/],
    [
      'a required non-member',
      { header, roots: [], shapes: { A: { type: 'structure', required: ['x'] } } },
      /requires unknown member x/,
    ],
    ['no header', { roots: [], shapes: {} }, /header must be an object/],
  ])('%s', (_title, raw, error) => {
    expect(() => parseShapeModel('test', raw)).toThrow(error);
  });
});
