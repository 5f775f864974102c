/**
 * EKS (and IAM OIDC provider) JSON as the AWS CLI prints it, recognised by shape:
 * - `aws eks describe-cluster` output (`cluster` with `name` and an `arn:aws:eks:` ARN): the
 *   cluster's settings as the API returns them (every setting is present, so none is defaulted;
 *   `bootstrapClusterCreatorAdminPermissions` is not returned: unknown) and its OIDC issuer;
 * - `aws eks describe-pod-identity-association` output (`association`) and
 *   `list-pod-identity-associations` output (`associations`, which carry no `roleArn`: the role
 *   is unknown, never guessed);
 * - `aws eks describe-fargate-profile` output (`fargateProfile` with `selectors`);
 * - `aws iam get-open-id-connect-provider` output (`Url`, `ClientIDList`; the ARN is not in it,
 *   the provider is known by its host/path).
 */
import { type EksCluster, type FargateSelector, issuerHost } from '../../model/aws/eks.js';
import type { Resource } from '../../model/resource.js';
import { defaulted, explicit, isKnown, unresolved, type Val } from '../../model/source.js';
import type { State } from '../../model/state.js';
import { at, entry, isMap, isSeq, items, type Node, scalarString } from '../../parse/tree.js';
import { roleRef } from '../ecs/task-definition.js';
import { Fields } from '../fields.js';

export type EksJsonKind =
  | 'eks-cluster'
  | 'eks-pod-identity-association'
  | 'eks-pod-identity-associations'
  | 'eks-fargate-profile'
  | 'iam-oidc-provider';

export function eksJsonKind(n: Node): EksJsonKind | undefined {
  if (!isMap(n)) return undefined;
  const cluster = at(n, 'cluster');
  if (isMap(cluster) && entry(cluster, 'name') && scalarString(at(cluster, 'arn'))?.includes(':eks:'))
    return 'eks-cluster';
  if (entry(at(n, 'association'), 'serviceAccount')) return 'eks-pod-identity-association';
  if (isSeq(at(n, 'associations')) && items(at(n, 'associations')).every((a) => entry(a, 'serviceAccount')))
    return 'eks-pod-identity-associations';
  if (entry(at(n, 'fargateProfile'), 'selectors')) return 'eks-fargate-profile';
  if (entry(n, 'Url') && entry(n, 'ClientIDList')) return 'iam-oidc-provider';
  return undefined;
}

function base(kind: string, name: string, n: Node): Resource {
  return {
    ref: { kind, name, namespace: null, address: name },
    src: { ...n.src, resource: name },
    suppressions: [],
  };
}

export function adaptEksJson(kind: EksJsonKind, n: Node, state: State): number {
  const eks = state.aws.eks;
  switch (kind) {
    case 'eks-cluster': {
      const c = at(n, 'cluster') as Node;
      eks.clusters.push(cluster(Fields.of(c, c.src), c));
      return 1;
    }
    case 'eks-pod-identity-association': {
      const a = at(n, 'association') as Node;
      eks.podIdentityAssociations.push(association(Fields.of(a, a.src), a));
      return 1;
    }
    case 'eks-pod-identity-associations': {
      const list = items(at(n, 'associations'));
      for (const a of list) eks.podIdentityAssociations.push(association(Fields.of(a, a.src), a));
      return list.length;
    }
    case 'eks-fargate-profile': {
      const p = at(n, 'fargateProfile') as Node;
      const f = Fields.of(p, p.src);
      const selectors: FargateSelector[] = f.each('selectors').map((s) => {
        const labels = new Map<string, Val<string>>();
        const node = s.node('labels');
        if (isMap(node))
          for (const e of node.entries) {
            const v = scalarString(e.value);
            if (v !== undefined) labels.set(e.key, explicit(v, e.value.src));
          }
        return { src: s.at, namespace: s.strOr('namespace', ''), labels };
      });
      const name = f.str('fargateProfileName')?.value ?? 'fargate-profile';
      eks.fargateProfiles.push({
        ...base('EKSFargateProfile', name, p),
        clusterName: f.strOr('clusterName', ''),
        selectors,
      });
      return 1;
    }
    case 'iam-oidc-provider': {
      const f = Fields.of(n, n.src);
      const url = f.strOr('Url', '');
      // get-open-id-connect-provider prints the URL without its scheme
      const host = isKnown(url) ? issuerHost(url.value) : '';
      eks.oidcProviders.push({
        ...base('OIDCProvider', host, n),
        arns: [],
        url,
        hosts: host === '' ? [] : [host],
        clientIds: f.strList('ClientIDList'),
      });
      return 1;
    }
  }
}

function association(f: Fields, n: Node) {
  const roleArn = f.str('roleArn') ?? unresolved('', n.src);
  const role = roleRef(roleArn, f.node('roleArn'));
  const name =
    f.str('associationId')?.value ?? `${f.str('namespace')?.value}/${f.str('serviceAccount')?.value}`;
  return {
    ...base('EKSPodIdentityAssociation', name, n),
    clusterName: f.strOr('clusterName', ''),
    namespace: f.strOr('namespace', ''),
    serviceAccount: f.strOr('serviceAccount', ''),
    roleArn,
    ...(role ? { role } : {}),
    ...(f.has('targetRoleArn') ? { targetRoleArn: f.strOr('targetRoleArn', '') } : {}),
  };
}

function cluster(f: Fields, n: Node): EksCluster {
  const name = f.str('name')?.value ?? '';
  const vpc = f.sub('resourcesVpcConfig');
  const cidrs = vpc.strList('publicAccessCidrs');
  const cidrNode = vpc.node('publicAccessCidrs');
  const enabled = f
    .sub('logging')
    .each('clusterLogging')
    .filter((l) => l.bool('enabled')?.value === true)
    .flatMap((l) => l.strList('types').map((t) => t.value));
  const logging = f.sub('logging').node('clusterLogging');
  const access = f.sub('accessConfig');
  const issuer = f.sub('identity').sub('oidc').str('issuer');
  return {
    ...base('EKSCluster', name, n),
    name: f.strOr('name', ''),
    version: f.str('version'),
    endpointPublicAccess: vpc.boolOr('endpointPublicAccess', true),
    endpointPrivateAccess: vpc.boolOr('endpointPrivateAccess', false),
    publicAccessCidrs: cidrNode
      ? explicit(
          cidrs.map((c) => c.value),
          cidrNode.src,
        )
      : defaulted(['0.0.0.0/0'], vpc.at),
    encryptionConfig: f.each('encryptionConfig').map((e) => ({
      src: e.at,
      keyArn: e.sub('provider').str('keyArn'),
      resources: e.strList('resources'),
    })),
    encryptionSrc: n.src,
    enabledLogTypes: logging ? explicit(enabled, logging.src) : defaulted([], n.src),
    authenticationMode: access.strOr('authenticationMode', 'CONFIG_MAP'),
    // not part of describe-cluster output: decided at creation, not knowable from it
    bootstrapClusterCreatorAdminPermissions: unresolved(true, access.at),
    ...(issuer ? { oidcIssuer: issuer } : {}),
  };
}
