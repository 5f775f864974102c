/**
 * Terraform ECR resources into the model: the body is rewritten to the API's camelCase shape
 * (blocks named in `SINGLE` become one map, the last written; repeated blocks stay lists, renamed
 * to the API's plural) and read by the same builders as the CLI JSON. Lifecycle and repository
 * policies are their own resources, joined to repositories by name in the rules.
 */
import type { EcrState } from '../../model/aws/ecr.js';
import type { TfResource } from '../../parse/hcl/module.js';
import { entry, isMap, isSeq, type MapNode, type Node, own } from '../../parse/tree.js';
import {
  buildReplication,
  buildRepository,
  buildScanning,
  ecrPolicy,
  lifecyclePolicy,
} from '../ecr/build.js';
import { Fields, toStr } from '../fields.js';
import { tfRef, tfSuppressions } from './resource.js';

const SINGLE = new Set([
  'image_scanning_configuration',
  'encryption_configuration',
  'replication_configuration',
]);

const RENAME: Readonly<Record<string, string>> = {
  name: 'repositoryName',
  image_tag_mutability_exclusion_filter: 'imageTagMutabilityExclusionFilters',
  rule: 'rules',
  repository_filter: 'repositoryFilters',
  destination: 'destinations',
};

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

function shape(n: Node): Node {
  if (n.kind === 'seq') return { ...n, items: n.items.map(shape) };
  if (!isMap(n)) return n;
  return {
    kind: 'map',
    src: n.src,
    entries: n.entries.map((e) => {
      let value = e.value;
      if (SINGLE.has(e.key) && isSeq(value) && value.items.every(isMap)) value = value.items.at(-1) ?? value;
      return { key: own(RENAME, e.key) ?? camel(e.key), keySrc: e.keySrc, value: shape(value) };
    }),
  };
}

function fields(r: TfResource): Fields {
  return Fields.of(shape(r.body) as MapNode, r.body.src);
}

const at = (r: TfResource) => ({ ...r.body.src, resource: r.address });

/** Adapts one `aws_ecr_*` resource (the switch in ./index.ts calls this for each of them). */
export function adaptEcrResource(r: TfResource, ecr: EcrState): void {
  switch (r.type) {
    case 'aws_ecr_repository':
      ecr.repositories.push(
        buildRepository(fields(r), tfRef(r, 'Repository'), {
          suppressions: tfSuppressions(r),
          lifecycleKnowable: true,
        }),
      );
      return;
    case 'aws_ecr_lifecycle_policy':
    case 'aws_ecr_repository_policy': {
      const repo = toStr(entry(r.body, 'repository')?.value);
      const policy = entry(r.body, 'policy')?.value;
      const base = {
        ref: tfRef(r, r.type === 'aws_ecr_lifecycle_policy' ? 'LifecyclePolicy' : 'RepositoryPolicy'),
        src: at(r),
        suppressions: tfSuppressions(r),
        repository: repo ?? { value: '', src: at(r), origin: 'unresolved' as const },
      };
      if (r.type === 'aws_ecr_lifecycle_policy')
        ecr.lifecyclePolicies.push({ ...base, value: lifecyclePolicy(policy, at(r)) });
      else ecr.repositoryPolicies.push({ ...base, value: ecrPolicy(policy, at(r)) });
      return;
    }
    case 'aws_ecr_registry_policy':
      ecr.registryPolicies.push({
        ref: tfRef(r, 'RegistryPolicy'),
        src: at(r),
        suppressions: tfSuppressions(r),
        policy: ecrPolicy(entry(r.body, 'policy')?.value, at(r)),
      });
      return;
    case 'aws_ecr_registry_scanning_configuration':
      ecr.scanning.push(
        buildScanning(fields(r), tfRef(r, 'RegistryScanningConfiguration'), tfSuppressions(r)),
      );
      return;
    case 'aws_ecr_replication_configuration': {
      const f = fields(r);
      const inner = f.has('replicationConfiguration') ? f.sub('replicationConfiguration') : f;
      ecr.replication.push({
        ...buildReplication(inner, tfRef(r, 'ReplicationConfiguration'), tfSuppressions(r)),
        src: at(r),
      });
      return;
    }
  }
}
