/**
 * Terraform EKS resources (and the account-level ones the EKS rules read) into the EKS model.
 * Absent arguments take the provider's behaviour (eks-versions-and-defaults.md B1, B2, B7–B9),
 * located at the enclosing block; a `dynamic` block leaves its settings unresolved.
 */
import {
  type AwsAuth,
  type EksAccessEntry,
  type EksCluster,
  type EncryptionConfig,
  type FargateSelector,
  type GuardDutyDetector,
  issuerHost,
  tfClusterIssuerHost,
  tfOidcProviderArn,
  tfOidcProviderHost,
} from '../../model/aws/eks.js';
import { defaulted, isKnown, unresolved, type Val } from '../../model/source.js';
import type { State } from '../../model/state.js';
import { jsonFromString } from '../../parse/hcl/evaluate.js';
import type { TfResource } from '../../parse/hcl/module.js';
import { entry, isMap, isSeq, type MapNode, type Node, toPlain } from '../../parse/tree.js';
import { roleRef } from '../ecs/task-definition.js';
import { eksAddon } from '../eks/addon.js';
import { awsAuthFromData } from '../eks/aws-auth.js';
import { strListVal } from '../eks/values.js';
import { Fields, toStr } from '../fields.js';
import { referenceOf } from './references.js';
import { tfResource } from './resource.js';

/** The last block of that name (HCL blocks are lists of maps), or the unresolved node of a dynamic block. */
function block(body: MapNode | undefined, name: string): { map?: MapNode; node?: Node } {
  const n = entry(body, name)?.value;
  if (isSeq(n)) {
    const last = n.items[n.items.length - 1];
    return { map: isMap(last) ? last : undefined, node: n };
  }
  return { map: isMap(n) ? n : undefined, node: n };
}

/** `aws_kms_key.NAME` named by a reference (`aws_kms_key.eks.arn`), as its address. */
function kmsRef(n: Node | undefined): string | undefined {
  if (n?.kind !== 'unresolved') return undefined;
  return /\b(aws_kms_key\.[A-Za-z0-9_-]+)/.exec(n.expr)?.[1];
}

/** `aws_launch_template.NAME` named by a reference (`aws_launch_template.nodes.id`), as its address. */
function launchTemplateRef(n: Node | undefined): string | undefined {
  if (n?.kind !== 'unresolved') return undefined;
  return /\b(aws_launch_template\.[A-Za-z0-9_-]+)/.exec(n.expr)?.[1];
}

/** `aws_eks_cluster.NAME` named by a reference (`aws_eks_cluster.prod.name`), as its address. */
function clusterRef(n: Node | undefined): string | undefined {
  if (n?.kind !== 'unresolved') return undefined;
  return /\b(aws_eks_cluster\.[A-Za-z0-9_-]+)/.exec(n.expr)?.[1];
}

function name(f: Fields, r: TfResource, k = 'name'): Val<string> {
  return f.str(k) ?? defaulted(r.name, r.body.src);
}

/** `version` as written: an HCL number loses its trailing zero (1.30 → 1.3), so it is unknown. */
function version(f: Fields): Val<string> | undefined {
  const n = f.node('version');
  if (n === undefined) return undefined;
  if (n.kind === 'scalar' && typeof n.value === 'number') return unresolved(String(n.value), n.src);
  return toStr(n);
}

export function eksCluster(r: TfResource, state: State): void {
  const f = Fields.of(r.body, r.body.src);
  const vpc = block(r.body, 'vpc_config');
  const v = Fields.of(vpc.map, r.body.src);
  const dynVpc = vpc.node?.kind === 'unresolved';
  const boolOr = (k: string, def: boolean): Val<boolean> =>
    dynVpc ? unresolved(def, vpc.node!.src) : v.boolOr(k, def);
  let cidrs = strListVal(v, 'public_access_cidrs', ['0.0.0.0/0'], v.at);
  if (cidrs.origin === 'explicit' && cidrs.value.length === 0) cidrs = defaulted(['0.0.0.0/0'], cidrs.src);
  if (dynVpc) cidrs = unresolved(['0.0.0.0/0'], vpc.node!.src);

  const enc: EncryptionConfig[] = [];
  const encNode = entry(r.body, 'encryption_config')?.value;
  for (const item of isSeq(encNode) ? encNode.items : isMap(encNode) ? [encNode] : []) {
    if (!isMap(item)) continue;
    const e = Fields.of(item, item.src);
    const provider = block(item, 'provider');
    enc.push({
      src: item.src,
      keyArn: Fields.of(provider.map, item.src).str('key_arn'),
      resources: e.strList('resources'),
      keyRef: kmsRef(Fields.of(provider.map, item.src).node('key_arn')),
    });
  }
  const encUnknown = encNode?.kind === 'unresolved';

  const access = block(r.body, 'access_config');
  const a = Fields.of(access.map, r.body.src);
  let authenticationMode: Val<string> = a.strOr('authentication_mode', 'CONFIG_MAP');
  // block present without the attribute: the provider sends false (B1, follow the code)
  let bootstrap: Val<boolean> = access.map
    ? a.boolOr('bootstrap_cluster_creator_admin_permissions', false)
    : defaulted(true, r.body.src);
  if (access.node?.kind === 'unresolved') {
    authenticationMode = unresolved('CONFIG_MAP', access.node.src);
    bootstrap = unresolved(true, access.node.src);
  }
  const cluster: EksCluster = {
    ...tfResource(r, 'EKSCluster'),
    name: name(f, r),
    version: version(f),
    endpointPublicAccess: boolOr('endpoint_public_access', true),
    endpointPrivateAccess: boolOr('endpoint_private_access', false),
    publicAccessCidrs: cidrs,
    encryptionConfig: encUnknown
      ? [{ src: encNode.src, keyArn: unresolved('', encNode.src), resources: [unresolved('', encNode.src)] }]
      : enc,
    encryptionSrc: r.body.src,
    enabledLogTypes: strListVal(f, 'enabled_cluster_log_types', [], r.body.src),
    authenticationMode,
    bootstrapClusterCreatorAdminPermissions: bootstrap,
    // computed: the same stand-in references to `identity[0].oidc[0].issuer` render to
    oidcIssuer: defaulted(`https://${tfClusterIssuerHost(r.name)}`, r.body.src),
  };
  state.aws.eks.clusters.push(cluster);
}

export function eksNodegroup(r: TfResource, state: State): void {
  const f = Fields.of(r.body, r.body.src);
  const ra = block(r.body, 'remote_access');
  const rf = Fields.of(ra.map, r.body.src);
  const lt = block(r.body, 'launch_template');
  const ltf = Fields.of(lt.map, r.body.src);
  state.aws.eks.nodegroups.push({
    ...tfResource(r, 'EKSNodegroup'),
    name: name(f, r, 'node_group_name'),
    ...(lt.map || lt.node?.kind === 'unresolved'
      ? {
          launchTemplate: {
            src: lt.map?.src ?? lt.node!.src,
            target: launchTemplateRef(ltf.node('id')) ?? launchTemplateRef(ltf.node('name')),
            name: ltf.str('name'),
          },
        }
      : {}),
    remoteAccess: ra.map
      ? {
          src: ra.map.src,
          ec2SshKey: rf.str('ec2_ssh_key'),
          sourceSecurityGroupIds: rf.strList('source_security_group_ids'),
        }
      : ra.node?.kind === 'unresolved'
        ? {
            src: ra.node.src,
            ec2SshKey: unresolved('', ra.node.src),
            sourceSecurityGroupIds: [unresolved('', ra.node.src)],
          }
        : undefined,
  });
}

export function eksAccessEntry(r: TfResource, state: State): void {
  const f = Fields.of(r.body, r.body.src);
  const e: EksAccessEntry = {
    ...tfResource(r, 'EKSAccessEntry'),
    clusterName: f.strOr('cluster_name', ''),
    clusterRef: clusterRef(f.node('cluster_name')),
    principalArn: f.strOr('principal_arn', ''),
    type: f.strOr('type', 'STANDARD'),
    kubernetesGroups: f.strList('kubernetes_groups'),
  };
  state.aws.eks.accessEntries.push(e);
}

export function eksAccessPolicyAssociation(r: TfResource, state: State): void {
  const f = Fields.of(r.body, r.body.src);
  const scope = block(r.body, 'access_scope');
  const s = Fields.of(scope.map, r.body.src);
  state.aws.eks.accessPolicyAssociations.push({
    ...tfResource(r, 'EKSAccessPolicyAssociation'),
    clusterName: f.strOr('cluster_name', ''),
    principalArn: f.strOr('principal_arn', ''),
    policyArn: f.strOr('policy_arn', ''),
    accessScope: scope.map
      ? { src: scope.map.src, type: s.strOr('type', ''), namespaces: s.strList('namespaces') }
      : scope.node?.kind === 'unresolved'
        ? { src: scope.node.src, type: unresolved('', scope.node.src), namespaces: [] }
        : undefined,
  });
}

export function eksPodIdentityAssociation(r: TfResource, state: State): void {
  const f = Fields.of(r.body, r.body.src);
  const roleArn = f.strOr('role_arn', '');
  const role = roleRef(roleArn, f.node('role_arn'), referenceOf);
  state.aws.eks.podIdentityAssociations.push({
    ...tfResource(r, 'EKSPodIdentityAssociation'),
    clusterName: f.strOr('cluster_name', ''),
    clusterRef: clusterRef(f.node('cluster_name')),
    namespace: f.strOr('namespace', ''),
    serviceAccount: f.strOr('service_account', ''),
    roleArn,
    ...(role ? { role } : {}),
    ...(f.has('target_role_arn') ? { targetRoleArn: f.strOr('target_role_arn', '') } : {}),
  });
}

/**
 * `aws_iam_openid_connect_provider`: known by the stand-in its references render to and, when its
 * `url` is known (a literal, or a cluster's issuer stand-in), by that host/path.
 */
export function oidcProvider(r: TfResource, state: State): void {
  const f = Fields.of(r.body, r.body.src);
  const url = f.str('url') ?? unresolved('', r.body.src);
  const urlNode = f.node('url');
  const hosts = [tfOidcProviderHost(r.name)];
  if (isKnown(url) && url.value !== '') hosts.push(issuerHost(url.value));
  const fromCluster = urlNode?.kind === 'scalar' ? referenceOf(urlNode) : undefined;
  state.aws.eks.oidcProviders.push({
    ...tfResource(r, 'OIDCProvider'),
    arns: [tfOidcProviderArn(r.name)],
    url,
    hosts,
    clientIds: f.strList('client_id_list'),
    ...(fromCluster?.type === 'aws_eks_cluster' ? { clusterRef: fromCluster.address } : {}),
  });
}

/** `aws_eks_fargate_profile`: its `selector` blocks (namespace + labels). */
export function fargateProfile(r: TfResource, state: State): void {
  const f = Fields.of(r.body, r.body.src);
  const sel = entry(r.body, 'selector')?.value;
  const selectors: FargateSelector[] = [];
  for (const item of isSeq(sel) ? sel.items : isMap(sel) ? [sel] : []) {
    if (!isMap(item)) continue;
    const s = Fields.of(item, item.src);
    const labelsNode = s.node('labels');
    let labels: FargateSelector['labels'] = new Map();
    if (labelsNode?.kind === 'unresolved') labels = 'unresolved';
    else if (isMap(labelsNode))
      for (const e of labelsNode.entries) {
        const v = toStr(e.value);
        if (!v || v.origin === 'unresolved') labels = 'unresolved';
        else if (labels !== 'unresolved') labels.set(e.key, v);
      }
    selectors.push({ src: item.src, namespace: s.strOr('namespace', ''), labels });
  }
  state.aws.eks.fargateProfiles.push({
    ...tfResource(r, 'EKSFargateProfile'),
    clusterName: f.strOr('cluster_name', ''),
    clusterRef: clusterRef(f.node('cluster_name')),
    selectors,
    ...(sel?.kind === 'unresolved' ? { selectorsUnresolved: sel.src } : {}),
  });
}

/** `kubernetes_config_map` / `kubernetes_config_map_v1_data` named kube-system/aws-auth. */
export function awsAuthConfigMap(r: TfResource, state: State): void {
  const meta = Fields.of(block(r.body, 'metadata').map, r.body.src);
  if (meta.str('name')?.value !== 'aws-auth') return;
  const ns = meta.str('namespace')?.value;
  if (ns !== undefined && ns !== 'kube-system') return;
  const data = entry(r.body, 'data')?.value;
  const auth: AwsAuth | undefined = awsAuthFromData(data, tfResource(r, 'ConfigMap'));
  if (auth) state.aws.eks.awsAuth.push(auth);
}

export function guardDutyDetector(r: TfResource, state: State): void {
  const f = Fields.of(r.body, r.body.src);
  const ds = block(r.body, 'datasources').map;
  const k8s = block(ds, 'kubernetes').map;
  const audit = block(k8s, 'audit_logs').map;
  const d: GuardDutyDetector = {
    ...tfResource(r, 'GuardDutyDetector'),
    key: r.address,
    enable: f.boolOr('enable', true),
    features: [],
    auditLogsDataSource: audit ? Fields.of(audit, audit.src).bool('enable') : undefined,
  };
  state.aws.eks.guardDutyDetectors.push(d);
}

/** Features join their detector by the reference in `detector_id` (rules/eks/_helpers.ts). */
export function guardDutyFeature(r: TfResource, state: State): void {
  const f = Fields.of(r.body, r.body.src);
  const id = f.node('detector_id');
  state.aws.eks.guardDutyFeatures.push({
    ...tfResource(r, 'GuardDutyDetectorFeature'),
    detectorRef: id?.kind === 'unresolved' ? id.expr : toStr(id)?.value,
    name: f.strOr('name', ''),
    status: f.strOr('status', ''),
  });
}

export function kmsKey(r: TfResource, state: State): void {
  const f = Fields.of(r.body, r.body.src);
  state.aws.eks.kmsKeys.push({
    ...tfResource(r, 'KMSKey'),
    key: r.address,
    rotation: f.boolOr('enable_key_rotation', false),
    spec: f.strOr('customer_master_key_spec', f.str('key_spec')?.value ?? 'SYMMETRIC_DEFAULT'),
    origin: defaulted('AWS_KMS', r.body.src),
  });
}

export function logGroup(r: TfResource, state: State): void {
  const f = Fields.of(r.body, r.body.src);
  state.aws.eks.logGroups.push({
    ...tfResource(r, 'LogGroup'),
    name: f.str('name') ?? unresolved('', r.body.src),
    retentionInDays: f.num('retention_in_days') ?? defaulted(0, r.body.src),
    kmsKeyId: f.str('kms_key_id'),
    kmsKeyRef: kmsRef(f.node('kms_key_id')),
  });
}

export function eventRule(r: TfResource, state: State): void {
  const n = entry(r.body, 'event_pattern')?.value;
  let pattern: Node | undefined = n;
  if (n?.kind === 'scalar' && typeof n.value === 'string') pattern = jsonFromString(n);
  state.aws.eks.eventRules.push({
    ...tfResource(r, 'EventRule'),
    eventPattern:
      pattern && pattern.kind !== 'unresolved' && n
        ? { value: toPlain(pattern), src: n.src, node: pattern }
        : undefined,
  });
}

/**
 * `aws_launch_template`: its `metadata_options` as written. Not written: the AMI and account
 * defaults apply (http_tokens `optional` unless the AMI's ImdsSupport is v2.0 or the account
 * default requires tokens; hop limit 1), which the rule judges.
 */
export function launchTemplate(r: TfResource, state: State): void {
  const f = Fields.of(r.body, r.body.src);
  const md = block(r.body, 'metadata_options');
  const mf = Fields.of(md.map, r.body.src);
  state.aws.eks.launchTemplates.push({
    ...tfResource(r, 'LaunchTemplate'),
    name: f.str('name'),
    metadata: md.map
      ? {
          src: md.map.src,
          httpEndpoint: mf.str('http_endpoint'),
          httpTokens: mf.str('http_tokens'),
          hopLimit: mf.num('http_put_response_hop_limit'),
        }
      : md.node !== undefined
        ? { src: md.node.src, unresolved: true }
        : undefined,
  });
}

/** `aws_eks_addon`: name, cluster and (VPC CNI) `enableNetworkPolicy` of `configuration_values`. */
export function eksAddonTf(r: TfResource, state: State): void {
  const f = Fields.of(r.body, r.body.src);
  state.aws.eks.addons.push(
    eksAddon(
      tfResource(r, 'EKSAddon'),
      f,
      { name: 'addon_name', cluster: 'cluster_name', config: 'configuration_values' },
      jsonFromString,
    ),
  );
}
