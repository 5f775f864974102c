/**
 * CloudFormation EKS resources (and the account-level ones the EKS rules read) into the EKS model.
 * Omitted properties take the API default (eks-versions-and-defaults.md B1: CloudFormation's
 * `BootstrapClusterCreatorAdminPermissions` defaults to true even when `AccessConfig` is written).
 */
import {
  cfnClusterIssuerHost,
  cfnOidcProviderArn,
  cfnOidcProviderHost,
  type EksCluster,
  type FargateSelector,
  issuerHost,
} from '../../model/aws/eks.js';
import type { InlineSuppression, Resource } from '../../model/resource.js';
import { defaulted, explicit, isKnown, unresolved, type Val } from '../../model/source.js';
import type { State } from '../../model/state.js';
import { referenceOf, type Template, type TemplateResource } from '../../parse/cloudformation.js';
import { jsonFromString } from '../../parse/hcl/evaluate.js';
import { entry, hasUnresolved, isSeq, type Node, toPlain } from '../../parse/tree.js';
import { roleRef } from '../ecs/task-definition.js';
import { eksAddon } from '../eks/addon.js';
import { strListVal } from '../eks/values.js';
import { Fields, toStr } from '../fields.js';
import { cfnRef } from './ref.js';
import { cfnReferenceOf } from './references.js';

/** The logical ID of a scanned AWS::KMS::Key a property refers to (Ref or GetAtt). */
function keyRef(t: Template, raw: Node | undefined): string | undefined {
  const r = referenceOf(raw);
  return r && t.typeOf(r.logicalId) === 'AWS::KMS::Key' ? r.logicalId : undefined;
}

/** The logical ID of a scanned AWS::EC2::LaunchTemplate a property refers to (Ref, GetAtt). */
function launchTemplateRef(t: Template, raw: Node | undefined): string | undefined {
  const r = referenceOf(raw);
  return r && t.typeOf(r.logicalId) === 'AWS::EC2::LaunchTemplate' ? r.logicalId : undefined;
}

/** The logical ID of a scanned AWS::EKS::Cluster a property refers to. */
function clusterRef(t: Template, raw: Node | undefined): string | undefined {
  const r = referenceOf(raw);
  return r && t.typeOf(r.logicalId) === 'AWS::EKS::Cluster' ? r.logicalId : undefined;
}

/** Adapts one EKS/GuardDuty/KMS/Logs/Events resource; returns the number of resources added. */
export function adaptEksResource(
  r: TemplateResource,
  t: Template,
  state: State,
  suppressions: InlineSuppression[],
): number {
  const props = entry(r.node, 'Properties')?.value;
  const rawProps = entry(r.raw, 'Properties')?.value;
  const f = Fields.of(props, r.node.src, 'pascal');
  const name = (k: string): Val<string> => f.str(k) ?? defaulted(cfnRef(t, r).ref.name, r.keySrc);
  const base = (_kind: string): Resource => ({ ...cfnRef(t, r), suppressions });
  const eks = state.aws.eks;
  switch (r.type) {
    case 'AWS::EKS::Cluster': {
      const v = f.sub('ResourcesVpcConfig');
      let cidrs = strListVal(v, 'PublicAccessCidrs', ['0.0.0.0/0'], v.at);
      if (cidrs.origin === 'explicit' && cidrs.value.length === 0)
        cidrs = defaulted(['0.0.0.0/0'], cidrs.src);
      const rawEnc = entry(rawProps, 'EncryptionConfig')?.value;
      const a = f.sub('AccessConfig');
      const versionNode = f.node('Version');
      const logging = f.sub('Logging').sub('ClusterLogging');
      const typesNode = logging.node('EnabledTypes');
      const types = logging.each('EnabledTypes').map((e) => e.str('Type'));
      const cluster: EksCluster = {
        ...base(r.type),
        name: name('Name'),
        version:
          versionNode?.kind === 'scalar' && typeof versionNode.value === 'number'
            ? unresolved(String(versionNode.value), versionNode.src)
            : toStr(versionNode),
        endpointPublicAccess: v.boolOr('EndpointPublicAccess', true),
        endpointPrivateAccess: v.boolOr('EndpointPrivateAccess', false),
        publicAccessCidrs: cidrs,
        encryptionConfig: f.each('EncryptionConfig').map((e, i) => ({
          src: e.at,
          keyArn: e.sub('Provider').str('KeyArn'),
          resources: e.strList('Resources'),
          keyRef: keyRef(
            t,
            entry(entry(isSeq(rawEnc) ? rawEnc.items[i] : undefined, 'Provider')?.value, 'KeyArn')?.value,
          ),
        })),
        encryptionSrc: r.node.src,
        enabledLogTypes:
          typesNode === undefined
            ? defaulted([], logging.at)
            : !isSeq(typesNode) || types.some((x) => x === undefined || x.origin === 'unresolved')
              ? unresolved([], typesNode.src)
              : explicit(
                  types.map((x) => x?.value ?? ''),
                  typesNode.src,
                ),
        authenticationMode: a.strOr('AuthenticationMode', 'CONFIG_MAP'),
        bootstrapClusterCreatorAdminPermissions: a.boolOr('BootstrapClusterCreatorAdminPermissions', true),
        // known after deploy: the stand-in `!GetAtt <Cluster>.OpenIdConnectIssuerUrl` renders to
        oidcIssuer: defaulted(`https://${cfnClusterIssuerHost(t.file, r.logicalId)}`, r.keySrc),
      };
      eks.clusters.push(cluster);
      return 1;
    }
    case 'AWS::EKS::Nodegroup': {
      const ra = f.sub('RemoteAccess');
      const lt = f.sub('LaunchTemplate');
      const rawLt = entry(rawProps, 'LaunchTemplate')?.value;
      const ltTarget = (k: string) => launchTemplateRef(t, entry(rawLt, k)?.value);
      eks.nodegroups.push({
        ...base(r.type),
        name: name('NodegroupName'),
        ...(f.has('LaunchTemplate')
          ? {
              launchTemplate: {
                src: lt.at,
                target: ltTarget('Id') ?? ltTarget('Name'),
                name: lt.str('Name'),
              },
            }
          : {}),
        remoteAccess: ra.map
          ? {
              src: ra.at,
              ec2SshKey: ra.str('Ec2SshKey'),
              sourceSecurityGroupIds: ra.strList('SourceSecurityGroups'),
            }
          : undefined,
      });
      return 1;
    }
    case 'AWS::EC2::LaunchTemplate': {
      const data = f.sub('LaunchTemplateData');
      const md = data.sub('MetadataOptions');
      const mdNode = data.node('MetadataOptions');
      eks.launchTemplates.push({
        ...base(r.type),
        name: f.str('LaunchTemplateName'),
        metadata: md.map
          ? {
              src: md.at,
              httpEndpoint: md.str('HttpEndpoint'),
              httpTokens: md.str('HttpTokens'),
              hopLimit: md.num('HttpPutResponseHopLimit'),
            }
          : mdNode !== undefined || f.node('LaunchTemplateData')?.kind === 'unresolved'
            ? { src: mdNode?.src ?? data.at, unresolved: true }
            : undefined,
      });
      return 1;
    }
    case 'AWS::EKS::AccessEntry': {
      const clusterName = f.strOr('ClusterName', '');
      const principalArn = f.strOr('PrincipalArn', '');
      eks.accessEntries.push({
        ...base(r.type),
        clusterName,
        clusterRef: clusterRef(t, entry(rawProps, 'ClusterName')?.value),
        principalArn,
        type: f.strOr('Type', 'STANDARD'),
        kubernetesGroups: f.strList('KubernetesGroups'),
      });
      for (const p of f.each('AccessPolicies')) {
        const s = p.sub('AccessScope');
        eks.accessPolicyAssociations.push({
          ...base(r.type),
          src: p.at,
          clusterName,
          principalArn,
          policyArn: p.strOr('PolicyArn', ''),
          accessScope: s.map
            ? { src: s.at, type: s.strOr('Type', ''), namespaces: s.strList('Namespaces') }
            : undefined,
        });
      }
      return 1;
    }
    case 'AWS::EKS::PodIdentityAssociation': {
      const roleArn = f.strOr('RoleArn', '');
      const role = roleRef(roleArn, f.node('RoleArn'), cfnReferenceOf);
      eks.podIdentityAssociations.push({
        ...base(r.type),
        clusterName: f.strOr('ClusterName', ''),
        clusterRef: clusterRef(t, entry(rawProps, 'ClusterName')?.value),
        namespace: f.strOr('Namespace', ''),
        serviceAccount: f.strOr('ServiceAccount', ''),
        roleArn,
        ...(role ? { role } : {}),
        ...(f.has('TargetRoleArn') ? { targetRoleArn: f.strOr('TargetRoleArn', '') } : {}),
      });
      return 1;
    }
    case 'AWS::IAM::OIDCProvider': {
      const url = f.str('Url') ?? unresolved('', r.node.src);
      const hosts = [cfnOidcProviderHost(t.file, r.logicalId)];
      if (isKnown(url) && url.value !== '') hosts.push(issuerHost(url.value));
      eks.oidcProviders.push({
        ...base(r.type),
        arns: [cfnOidcProviderArn(t.file, r.logicalId)],
        url,
        hosts,
        clientIds: f.strList('ClientIdList'),
        clusterRef: clusterRef(t, entry(rawProps, 'Url')?.value),
      });
      return 1;
    }
    case 'AWS::EKS::FargateProfile': {
      const selNode = f.node('Selectors');
      const selectors: FargateSelector[] = f.each('Selectors').map((s) => {
        const labelsNode = s.node('Labels');
        let labels: FargateSelector['labels'] = new Map();
        if (labelsNode !== undefined && !isSeq(labelsNode)) labels = 'unresolved';
        for (const l of s.each('Labels')) {
          const k = l.str('Key');
          const v = l.str('Value');
          if (labels === 'unresolved' || !isKnown(k) || !isKnown(v)) labels = 'unresolved';
          else labels.set(k.value, v);
        }
        return { src: s.at, namespace: s.strOr('Namespace', ''), labels };
      });
      eks.fargateProfiles.push({
        ...base(r.type),
        clusterName: f.strOr('ClusterName', ''),
        clusterRef: clusterRef(t, entry(rawProps, 'ClusterName')?.value),
        selectors,
        ...(selNode !== undefined && !isSeq(selNode) ? { selectorsUnresolved: selNode.src } : {}),
      });
      return 1;
    }
    case 'AWS::GuardDuty::Detector': {
      const audit = f.sub('DataSources').sub('Kubernetes').sub('AuditLogs');
      eks.guardDutyDetectors.push({
        ...base(r.type),
        key: r.logicalId,
        enable: f.boolOr('Enable', true),
        features: f
          .each('Features')
          .map((x) => ({ name: x.strOr('Name', ''), status: x.strOr('Status', ''), src: x.at })),
        auditLogsDataSource: audit.map ? audit.bool('Enable') : undefined,
      });
      return 1;
    }
    case 'AWS::KMS::Key':
      eks.kmsKeys.push({
        ...base(r.type),
        key: r.logicalId,
        rotation: f.boolOr('EnableKeyRotation', false),
        spec: f.strOr('KeySpec', 'SYMMETRIC_DEFAULT'),
        origin: f.strOr('Origin', 'AWS_KMS'),
      });
      return 1;
    case 'AWS::Logs::LogGroup':
      eks.logGroups.push({
        ...base(r.type),
        name: f.str('LogGroupName') ?? unresolved('', r.node.src),
        retentionInDays: f.num('RetentionInDays') ?? defaulted(0, r.node.src),
        kmsKeyId: f.str('KmsKeyId'),
        kmsKeyRef: keyRef(t, entry(rawProps, 'KmsKeyId')?.value),
      });
      return 1;
    case 'AWS::Events::Rule': {
      const n = f.node('EventPattern');
      const pattern = n?.kind === 'scalar' && typeof n.value === 'string' ? jsonFromString(n) : n;
      eks.eventRules.push({
        ...base(r.type),
        eventPattern:
          n && pattern && pattern.kind !== 'unresolved' && !hasUnresolved(pattern)
            ? { value: toPlain(pattern), src: n.src, node: pattern }
            : undefined,
      });
      return 1;
    }
    case 'AWS::EKS::Addon':
      eks.addons.push(
        eksAddon(
          base(r.type),
          f,
          { name: 'AddonName', cluster: 'ClusterName', config: 'ConfigurationValues' },
          (n) => (n.kind === 'scalar' && typeof n.value === 'string' ? jsonFromString(n) : undefined),
        ),
      );
      return 1;
  }
  return 0;
}
