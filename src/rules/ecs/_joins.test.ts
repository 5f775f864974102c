import { describe, expect, it } from 'vitest';
import { json } from '../../../test/helpers/run-rule.js';
import { adaptText } from '../../adapters/index.js';
import { emptyState, type State } from '../../model/state.js';
import { execServices, parseTaskDefinitionRef, serviceCluster, serviceTaskDefinition } from './_joins.js';

const ACCT = '111122223333';
const tdArn = (fam: string, rev: number, region = 'eu-west-1') =>
  `arn:aws:ecs:${region}:${ACCT}:task-definition/${fam}:${rev}`;
const clusterArn = (name: string, region = 'eu-west-1') => `arn:aws:ecs:${region}:${ACCT}:cluster/${name}`;

function stateOf(...docs: unknown[]): State {
  const state = emptyState();
  docs.forEach((d, i) => {
    adaptText(`f${i}.json`, 'json', json(d), state);
  });
  return state;
}

const service = (over: Record<string, unknown>) => ({
  serviceName: 'web',
  enableExecuteCommand: true,
  ...over,
});
const describedTd = (fam: string, rev: number, region?: string) => ({
  taskDefinition: {
    taskDefinitionArn: tdArn(fam, rev, region),
    family: fam,
    revision: rev,
    containerDefinitions: [],
  },
});
const registerTd = (fam: string) => ({ family: fam, containerDefinitions: [] });

describe('parseTaskDefinitionRef', () => {
  it.each([
    ['web', { family: 'web' }],
    ['web:12', { family: 'web', revision: 12 }],
    [tdArn('web', 3), { family: 'web', revision: 3, arn: tdArn('web', 3) }],
    ['my-app_v2', { family: 'my-app_v2' }],
  ])('%s', (ref, want) => expect(parseTaskDefinitionRef(ref)).toEqual(want));
});

describe('serviceCluster', () => {
  it('defaults to the cluster named "default"', () => {
    const s = stateOf(service({}), { clusterName: 'default' }, { clusterName: 'ops' });
    expect(serviceCluster(s, s.aws.ecs.services[0]!)?.name.value).toBe('default');
  });
  it('matches a name against a create-cluster input', () => {
    const s = stateOf(service({ cluster: 'ops' }), { clusterName: 'default' }, { clusterName: 'ops' });
    expect(serviceCluster(s, s.aws.ecs.services[0]!)?.name.value).toBe('ops');
  });
  it('matches an ARN by name when the cluster file has no ARN', () => {
    const s = stateOf(service({ clusterArn: clusterArn('ops') }), { clusterName: 'ops' });
    expect(serviceCluster(s, s.aws.ecs.services[0]!)?.name.value).toBe('ops');
  });
  it('compares whole ARNs when both sides have one (same name in another Region is another cluster)', () => {
    const s = stateOf(service({ clusterArn: clusterArn('ops', 'us-east-1') }), {
      clusters: [{ clusterArn: clusterArn('ops', 'eu-west-1'), clusterName: 'ops' }],
    });
    expect(serviceCluster(s, s.aws.ecs.services[0]!)).toBeUndefined();
  });
  it('is undefined when the cluster is not scanned', () => {
    const s = stateOf(service({ cluster: 'elsewhere' }), { clusterName: 'ops' });
    expect(serviceCluster(s, s.aws.ecs.services[0]!)).toBeUndefined();
  });
});

describe('serviceTaskDefinition', () => {
  const pick = (s: State) => {
    const td = serviceTaskDefinition(s, s.aws.ecs.services[0]!);
    return td === undefined ? undefined : (td.revision?.value ?? 'input');
  };
  it('picks the named revision among describe outputs', () => {
    expect(
      pick(stateOf(service({ taskDefinition: 'web:7' }), describedTd('web', 6), describedTd('web', 7))),
    ).toBe(7);
  });
  it('falls back to a register input of the family when that revision is not scanned', () => {
    expect(
      pick(stateOf(service({ taskDefinition: 'web:8' }), describedTd('web', 7), registerTd('web'))),
    ).toBe('input');
  });
  it('finds nothing when only another revision is scanned', () => {
    expect(pick(stateOf(service({ taskDefinition: 'web:8' }), describedTd('web', 7)))).toBeUndefined();
  });
  it('family alone: a register input first, else the highest revision', () => {
    expect(pick(stateOf(service({ taskDefinition: 'web' }), describedTd('web', 9), registerTd('web')))).toBe(
      'input',
    );
    expect(
      pick(stateOf(service({ taskDefinition: 'web' }), describedTd('web', 9), describedTd('web', 11))),
    ).toBe(11);
  });
  it('an ARN reference never matches a task definition whose ARN differs (another Region)', () => {
    const s = stateOf(
      service({ taskDefinition: tdArn('web', 4, 'us-east-1') }),
      describedTd('web', 4, 'eu-west-1'),
    );
    expect(pick(s)).toBeUndefined();
    expect(pick(stateOf(service({ taskDefinition: tdArn('web', 4) }), describedTd('web', 4)))).toBe(4);
  });
  it('ignores other families', () => {
    expect(pick(stateOf(service({ taskDefinition: 'web' }), registerTd('worker')))).toBeUndefined();
  });
});

describe('execServices', () => {
  it('yields only services with enableExecuteCommand true, joined', () => {
    const s = stateOf(
      service({ serviceName: 'a', cluster: 'ops', taskDefinition: 'web' }),
      service({ serviceName: 'b', enableExecuteCommand: false }),
      { clusterName: 'ops' },
      registerTd('web'),
    );
    const got = [...execServices(s)].map((e) => [
      e.svc.name.value,
      e.cluster?.name.value,
      e.td?.family.value,
    ]);
    expect(got).toEqual([['a', 'ops', 'web']]);
  });
});
