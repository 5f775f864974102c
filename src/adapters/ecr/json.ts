/**
 * ECR JSON as the AWS CLI takes or prints it, recognised by shape:
 * - repositories: `describe-repositories` output, `create-repository` input and output (`repository`);
 * - lifecycle policies: `get-lifecycle-policy` output / `put-lifecycle-policy` input
 *   (`lifecyclePolicyText` is a JSON string: its rules are located at that field);
 * - repository policies: `get-repository-policy` output / `set-repository-policy` input (`policyText`);
 * - images: `describe-images` output (adapters/ecr/images.ts), for the lifecycle simulator (ECR-007);
 * - registry: `get-registry-scanning-configuration` output and `put-registry-scanning-configuration`
 *   input, `describe-registry` output and `put-replication-configuration` input, `get-registry-policy` output.
 * `put-image-scanning-configuration` and `put-image-tag-mutability` input look like a bare
 * `create-repository` input with one setting: recognised by their exact key sets, the settings they
 * do not carry are unknown rather than defaulted.
 * A repository read from the CLI says nothing about its lifecycle policy (another call), so ECR-005
 * does not judge it.
 */
import type { EcrState } from '../../model/aws/ecr.js';
import { modelKind } from '../../model/resource.js';
import { explicit, unresolved, type Val } from '../../model/source.js';
import type { State } from '../../model/state.js';
import { withText } from '../../notes.js';
import { at, entry, isMap, items, type MapNode, type Node, scalarString } from '../../parse/tree.js';
import { Fields } from '../fields.js';
import { buildReplication, buildRepository, buildScanning, ecrPolicy, lifecyclePolicy } from './build.js';
import { imagesFromNode, isDescribeImages } from './images.js';

export type EcrJsonKind =
  | 'ecr-repositories'
  | 'ecr-repository'
  | 'ecr-lifecycle-policy'
  | 'ecr-repository-policy'
  | 'ecr-registry-scanning'
  | 'ecr-replication'
  | 'ecr-registry-policy'
  | 'ecr-images';

const has = (n: Node | undefined, k: string) => entry(n, k) !== undefined;

export function ecrJsonKind(n: Node): EcrJsonKind | undefined {
  if (!isMap(n)) return undefined;
  if (isDescribeImages(n)) return 'ecr-images';
  if (items(at(n, 'repositories')).some((r) => has(r, 'repositoryName'))) return 'ecr-repositories';
  if (has(at(n, 'repository'), 'repositoryName')) return 'ecr-repository';
  if (has(n, 'lifecyclePolicyText')) return 'ecr-lifecycle-policy';
  if (has(n, 'policyText')) return has(n, 'repositoryName') ? 'ecr-repository-policy' : 'ecr-registry-policy';
  if (has(n, 'repositoryName')) return 'ecr-repository';
  if (has(n, 'scanningConfiguration') || (has(n, 'scanType') && !has(n, 'repositoryName')))
    return 'ecr-registry-scanning';
  if (has(n, 'replicationConfiguration')) return 'ecr-replication';
  return undefined;
}

const SCAN_CALL = ['registryId', 'repositoryName', 'imageScanningConfiguration'];
const MUTABILITY_CALL = [
  'registryId',
  'repositoryName',
  'imageTagMutability',
  'imageTagMutabilityExclusionFilters',
];

/**
 * A bare repository document that has only the keys of `put-image-scanning-configuration` or
 * `put-image-tag-mutability` input is one of those calls, not `create-repository` (whose absent
 * settings would be defaults): the settings it does not carry stay unknown.
 */
function isPutCall(n: Node): boolean {
  if (!isMap(n) || n.entries.length < 2) return false;
  const keys = n.entries.map((e) => e.key);
  return [SCAN_CALL, MUTABILITY_CALL].some((call) => keys.every((k) => call.includes(k)));
}

/**
 * What HAKO-003 checks of a document against the botocore shapes: a call's input as a whole
 * (`create-repository`, `put-*`, `set-repository-policy` input), and the settings object inside
 * describe/get output (`replicationConfiguration`, `scanningConfiguration`), whose keys are the
 * same as the input's. Other output is what AWS wrote: not checked.
 */
function apiChecks(kind: EcrJsonKind, n: Node): { shape: string; node: MapNode }[] {
  if (!isMap(n)) return [];
  const keys = new Set(n.entries.map((e) => e.key));
  const whole = (shape: string) => [{ shape, node: n }];
  const inner = (key: string, shape: string) => {
    const v = at(n, key);
    return isMap(v) ? [{ shape, node: v }] : [];
  };
  switch (kind) {
    case 'ecr-repository':
      if (keys.has('repository')) return [];
      if (isPutCall(n)) {
        return whole(
          keys.has('imageScanningConfiguration')
            ? 'PutImageScanningConfigurationRequest'
            : 'PutImageTagMutabilityRequest',
        );
      }
      // A repository object from describe output carries its ARN and URI.
      return keys.has('repositoryArn') || keys.has('repositoryUri') ? [] : whole('CreateRepositoryRequest');
    case 'ecr-lifecycle-policy':
      return keys.has('lastEvaluatedAt') ? [] : whole('PutLifecyclePolicyRequest');
    case 'ecr-repository-policy':
      return whole('SetRepositoryPolicyRequest');
    case 'ecr-registry-policy':
      return keys.has('registryId') ? [] : whole('PutRegistryPolicyRequest');
    case 'ecr-registry-scanning':
      return keys.has('scanningConfiguration')
        ? inner('scanningConfiguration', 'RegistryScanningConfiguration')
        : whole('PutRegistryScanningConfigurationRequest');
    case 'ecr-replication':
      return keys.size === 1
        ? whole('PutReplicationConfigurationRequest')
        : inner('replicationConfiguration', 'ReplicationConfiguration');
    default:
      return [];
  }
}

/** Adapts one document; returns the number of resources added. */
export function adaptEcrJson(kind: EcrJsonKind, n: Node, state: State): number {
  if (kind === 'ecr-images') {
    // describe-images output: images for the lifecycle simulator (ECR-007), not resources; a page
    // with any problem is reported (HAKO-001) and none of its images is used
    const { images, problems } = imagesFromNode(n, n.src.file);
    for (const p of problems)
      state.inputs.errors.push({ file: p.file, line: p.line, ...withText('message', p.note, p.data) });
    // no spread: a large page would overflow the stack as arguments
    if (problems.length === 0) for (const img of images) state.aws.ecr.images.push(img);
    return 0;
  }
  for (const c of apiChecks(kind, n)) {
    const name = scalarString(at(n, 'repositoryName')) ?? scalarString(at(n, 'registryId')) ?? 'registry';
    state.inputs.schemaChecks.push({
      format: 'aws-api',
      service: 'ecr',
      type: c.shape,
      node: c.node,
      ref: { kind: modelKind(c.shape), name, namespace: null, address: name },
      src: n.src,
      suppressions: [],
    });
  }
  const ecr: EcrState = state.aws.ecr;
  const registry = scalarString(at(n, 'registryId'));
  const refOf = (kind: string, name: string) => ({ kind, name, namespace: null, address: name });
  switch (kind) {
    case 'ecr-repositories':
    case 'ecr-repository': {
      const list = kind === 'ecr-repositories' ? items(at(n, 'repositories')) : [at(n, 'repository') ?? n];
      for (const r of list) {
        const name = scalarString(at(r, 'repositoryName')) ?? '';
        const repo = buildRepository(Fields.of(r, r.src), refOf('Repository', name), {
          lifecycleKnowable: false,
        });
        if (r === n && isPutCall(n)) {
          // put-image-scanning-configuration / put-image-tag-mutability input: the other settings are not in it
          const unknown = <T>(v: Val<T>): Val<T> => (v.origin === 'default' ? unresolved(v.value, v.src) : v);
          repo.tagMutability = unknown(repo.tagMutability);
          repo.scanOnPush = unknown(repo.scanOnPush);
          repo.encryption.type = unknown(repo.encryption.type);
        }
        ecr.repositories.push(repo);
      }
      return list.length;
    }
    case 'ecr-lifecycle-policy':
    case 'ecr-repository-policy': {
      const f = Fields.of(n, n.src);
      const name = f.str('repositoryName') ?? explicit('', n.src);
      const base = {
        ref: refOf(kind === 'ecr-lifecycle-policy' ? 'LifecyclePolicy' : 'RepositoryPolicy', name.value),
        src: { ...n.src, resource: name.value },
        suppressions: [],
        repository: name,
        account: registry,
      };
      if (kind === 'ecr-lifecycle-policy')
        ecr.lifecyclePolicies.push({ ...base, value: lifecyclePolicy(f.node('lifecyclePolicyText'), n.src) });
      else ecr.repositoryPolicies.push({ ...base, value: ecrPolicy(f.node('policyText'), n.src) });
      return 1;
    }
    case 'ecr-registry-policy':
      ecr.registryPolicies.push({
        ref: refOf('RegistryPolicy', registry ?? 'registry'),
        src: n.src,
        suppressions: [],
        policy: ecrPolicy(at(n, 'policyText'), n.src),
        account: registry,
      });
      return 1;
    case 'ecr-registry-scanning': {
      const conf = at(n, 'scanningConfiguration') ?? n;
      ecr.scanning.push({
        ...buildScanning(
          Fields.of(conf, conf.src),
          refOf('RegistryScanningConfiguration', registry ?? 'registry'),
        ),
        ...(registry !== undefined ? { account: registry } : {}),
      });
      return 1;
    }
    case 'ecr-replication': {
      const conf = at(n, 'replicationConfiguration') as Node;
      ecr.replication.push({
        ...buildReplication(
          Fields.of(conf, conf.src),
          refOf('ReplicationConfiguration', registry ?? 'registry'),
        ),
        account: registry,
      });
      return 1;
    }
  }
}
