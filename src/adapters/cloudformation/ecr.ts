/**
 * CloudFormation ECR resources into the model, through the same builders as the CLI JSON with
 * PascalCase keys: AWS::ECR::Repository (its `LifecyclePolicy.LifecyclePolicyText` and
 * `RepositoryPolicyText` are part of it), AWS::ECR::RegistryPolicy, ::ReplicationConfiguration and
 * ::RegistryScanningConfiguration. A policy text written as a JSON string is located at the string.
 */
import type { EcrState } from '../../model/aws/ecr.js';
import { type InlineSuppression, modelKind } from '../../model/resource.js';
import type { TemplateResource } from '../../parse/cloudformation.js';
import { entry, type Node } from '../../parse/tree.js';
import {
  buildReplication,
  buildRepository,
  buildScanning,
  ecrPolicy,
  lifecyclePolicy,
} from '../ecr/build.js';
import { Fields } from '../fields.js';

/** Adapts one `AWS::ECR::*` resource; returns the number of resources added. */
export function adaptEcrCfn(r: TemplateResource, suppressions: InlineSuppression[], ecr: EcrState): number {
  const props: Node | undefined = entry(r.node, 'Properties')?.value;
  const f = Fields.of(props, r.node.src, 'pascal');
  const ref = { kind: modelKind(r.type), name: r.logicalId, namespace: null, address: r.logicalId };
  const src = { ...r.node.src, resource: r.logicalId };
  switch (r.type) {
    case 'AWS::ECR::Repository': {
      const name = f.str('RepositoryName');
      const repo = buildRepository(
        f,
        { ...ref, name: name?.value ?? r.logicalId },
        {
          suppressions,
          lifecycleKnowable: true,
        },
      );
      repo.src = src;
      if (!name) repo.name = { value: r.logicalId, src: r.keySrc, origin: 'default' };
      const lc = f.sub('LifecyclePolicy');
      repo.lifecyclePolicy = f.has('LifecyclePolicy')
        ? lifecyclePolicy(lc.node('LifecyclePolicyText'), lc.at)
        : null;
      if (f.has('RepositoryPolicyText'))
        repo.repositoryPolicy = ecrPolicy(f.node('RepositoryPolicyText'), f.at);
      ecr.repositories.push(repo);
      return 1;
    }
    case 'AWS::ECR::RegistryPolicy':
      ecr.registryPolicies.push({ ref, src, suppressions, policy: ecrPolicy(f.node('PolicyText'), f.at) });
      return 1;
    case 'AWS::ECR::RegistryScanningConfiguration':
      ecr.scanning.push({ ...buildScanning(f, ref, suppressions), src });
      return 1;
    case 'AWS::ECR::ReplicationConfiguration':
      ecr.replication.push({
        ...buildReplication(f.sub('ReplicationConfiguration'), ref, suppressions),
        src,
      });
      return 1;
    default:
      return 0;
  }
}
