import { describe, expect, it } from 'vitest';
import { json } from '../../../test/helpers/run-rule.js';
import { adaptText } from '../../adapters/index.js';
import type { OidcProvider, PodIdentityAssociation } from '../../model/aws/eks.js';
import { explicit } from '../../model/source.js';
import { emptyState, type State } from '../../model/state.js';
import { irsaAdmits, oidcIndex, workloadRoles } from './workload-roles.js';

const ACCT = '111122223333';
const HOST = 'oidc.eks.eu-west-1.amazonaws.com/id/ABC';
const OTHER = 'oidc.eks.eu-west-1.amazonaws.com/id/DEF';
const provider = (h = HOST) => `arn:aws:iam::${ACCT}:oidc-provider/${h}`;
const roleArn = (n: string) => `arn:aws:iam::${ACCT}:role/${n}`;
const src = { file: 'x', startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };

const irsaRole = (name: string, sub: string | undefined, host = HOST) => ({
  Role: {
    RoleName: name,
    Arn: roleArn(name),
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: provider(host) },
          Action: 'sts:AssumeRoleWithWebIdentity',
          ...(sub === undefined
            ? {}
            : {
                Condition: { StringEquals: { [`${host}:sub`]: sub, [`${host}:aud`]: 'sts.amazonaws.com' } },
              }),
        },
      ],
    },
  },
});
const podRole = (name: string, actions: string[]) => ({
  Role: {
    RoleName: name,
    Arn: roleArn(name),
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: actions }],
    },
  },
});
const sa = (ns: string, name: string, role?: string) =>
  `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n${
    role ? `  annotations:\n    eks.amazonaws.com/role-arn: ${role}\n` : ''
  }`;

function stateOf(yaml: string[], roles: unknown[]): State {
  const state = emptyState();
  yaml.forEach((y, i) => {
    adaptText(`sa${i}.yaml`, 'yaml', y, state);
  });
  roles.forEach((r, i) => {
    adaptText(`role${i}.json`, 'json', json(r), state);
  });
  return state;
}

function association(ns: string, name: string, arn: string): PodIdentityAssociation {
  return {
    ref: {
      kind: 'EKSPodIdentityAssociation',
      name: `${ns}-${name}`,
      namespace: null,
      address: `${ns}-${name}`,
    },
    src,
    suppressions: [],
    clusterName: explicit('prod', src),
    namespace: explicit(ns, src),
    serviceAccount: explicit(name, src),
    roleArn: explicit(arn, src),
    role: { arn },
  };
}

describe('workloadRoles', () => {
  it.each([
    ['exact trust', 'prod', 'api', 'system:serviceaccount:prod:api', 'yes'],
    ['other ServiceAccount', 'prod', 'api', 'system:serviceaccount:prod:web', 'no'],
    ['other namespace', 'dev', 'api', 'system:serviceaccount:prod:api', 'no'],
    ['no sub condition', 'dev', 'x', undefined, 'yes'],
  ])('IRSA: %s', (_n, ns, name, sub, admits) => {
    const state = stateOf([sa(ns, name, roleArn('app'))], [irsaRole('app', sub)]);
    const w = workloadRoles(state);
    expect(w.all).toHaveLength(1);
    const [r] = w.all;
    expect(r).toMatchObject({ via: 'irsa', trustAdmits: admits, effective: true });
    expect(r?.role?.name).toBe('app');
    expect(w.byNamespace.get(ns)).toEqual([r]);
  });

  it('a role not scanned is unknown; a ServiceAccount without annotation has no role', () => {
    const state = stateOf([sa('prod', 'api', roleArn('missing')), sa('prod', 'plain')], []);
    const w = workloadRoles(state);
    expect(w.all.map((r) => [r.serviceAccount.name, r.role, r.trustAdmits])).toEqual([
      ['api', undefined, 'unknown'],
    ]);
  });

  it('Pod Identity: trust with both actions, without TagSession, SA not scanned', () => {
    const state = stateOf(
      [sa('prod', 'api')],
      [podRole('good', ['sts:AssumeRole', 'sts:TagSession']), podRole('bad', ['sts:AssumeRole'])],
    );
    state.aws.eks.podIdentityAssociations.push(
      association('prod', 'api', roleArn('good')),
      association('jobs', 'runner', roleArn('bad')),
    );
    const w = workloadRoles(state);
    expect(
      w.all.map((r) => [
        r.serviceAccount.namespace,
        r.serviceAccount.name,
        r.via,
        r.trustAdmits,
        r.effective,
        !!r.serviceAccount.view,
      ]),
    ).toEqual([
      ['prod', 'api', 'podIdentity', 'yes', true, true],
      ['jobs', 'runner', 'podIdentity', 'no', true, false],
    ]);
  });

  it('IRSA wins over an association of the same ServiceAccount', () => {
    const state = stateOf(
      [sa('prod', 'api', roleArn('irsa'))],
      [
        irsaRole('irsa', 'system:serviceaccount:prod:api'),
        podRole('pi', ['sts:AssumeRole', 'sts:TagSession']),
      ],
    );
    state.aws.eks.podIdentityAssociations.push(association('prod', 'api', roleArn('pi')));
    const w = workloadRoles(state);
    expect(w.byServiceAccount.get('prod/api')?.map((r) => [r.via, r.role?.name, r.effective])).toEqual([
      ['irsa', 'irsa', true],
      ['podIdentity', 'pi', false],
    ]);
  });

  it('an association with an unknown namespace joins nothing and is listed', () => {
    const state = emptyState();
    const a = association('prod', 'api', roleArn('x'));
    a.namespace = { value: '', src, origin: 'unresolved' };
    state.aws.eks.podIdentityAssociations.push(a);
    expect(workloadRoles(state)).toMatchObject({ all: [], unresolved: [a] });
  });
});

describe('OIDC providers tie trust keys to clusters', () => {
  const p = (hosts: string[], arns: string[], clusterRef?: string): OidcProvider => ({
    ref: { kind: 'OIDCProvider', name: 'p', namespace: null, address: 'aws_iam_openid_connect_provider.p' },
    src,
    suppressions: [],
    arns,
    url: explicit(`https://${hosts[hosts.length - 1]}`, src),
    hosts,
    clientIds: [],
    clusterRef,
  });

  it('a trust whose ARN names a stand-in and whose keys name the URL admits through the provider', () => {
    const stand = 'oidc.unknown.hako/terraform/aws_iam_openid_connect_provider.p';
    const role = {
      Role: {
        RoleName: 'app',
        Arn: roleArn('app'),
        AssumeRolePolicyDocument: {
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: provider(stand) },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: { StringEquals: { [`${HOST}:sub`]: 'system:serviceaccount:prod:api' } },
            },
          ],
        },
      },
    };
    const state = stateOf([], [role]);
    const r = state.aws.iam.roles[0]!;
    expect(irsaAdmits(state, r, 'prod', 'api')).toBe('unknown'); // provider not scanned: its URL is unknown
    state.aws.eks.oidcProviders.push(p([stand, HOST], [provider(stand)]));
    const fresh = state;
    expect(oidcIndex(fresh).hostsOf(provider(stand))).toEqual([stand, HOST]);
    expect(irsaAdmits(fresh, r, 'prod', 'api')).toBe('yes');
    expect(irsaAdmits(fresh, r, 'prod', 'web')).toBe('no');
  });

  it("a provider of another scanned cluster does not admit this cluster's ServiceAccounts", () => {
    const state = stateOf([], [irsaRole('app', 'system:serviceaccount:prod:api', OTHER)]);
    state.aws.eks.oidcProviders.push(p([OTHER], [provider(OTHER)]));
    state.aws.eks.clusters.push({
      ref: { kind: 'EKSCluster', name: 'prod', namespace: null, address: 'prod' },
      src,
      suppressions: [],
      oidcIssuer: explicit(`https://${HOST}`, src),
    } as never);
    expect(irsaAdmits(state, state.aws.iam.roles[0]!, 'prod', 'api')).toBe('no'); // one cluster: OTHER is not its issuer
    state.aws.eks.clusters.push({
      ref: { kind: 'EKSCluster', name: 'dev', namespace: null, address: 'dev' },
      src,
      suppressions: [],
      oidcIssuer: explicit(`https://${OTHER}`, src),
    } as never);
    expect(irsaAdmits(state, state.aws.iam.roles[0]!, 'prod', 'api')).toBe('yes'); // two clusters: either
  });
});
