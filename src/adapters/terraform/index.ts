/**
 * Terraform resources into the same model as the JSON inputs. Each resource body (snake_case
 * arguments, nested blocks) is rewritten into the API's camelCase shape, node for node, so the
 * ECS and IAM adapters read it unchanged and every value keeps its exact range in the `.tf` file
 * (or in the JSON file `file()` read). An absent argument is judged by the API default, located
 * at the resource block.
 *
 * References: the evaluator leaves a resource's `arn`/`id` read by another resource as a generic
 * reference; references.ts renders it here as a stand-in built from the referenced resource's
 * name (`arn:aws:iam::<unknown>:role/NAME`), and the role adapted here records the same ARN and
 * where it is declared, so task definitions join their roles and services their task definitions
 * and clusters.
 */
import type { EcsCluster } from '../../model/aws/ecs.js';
import type { Resource } from '../../model/resource.js';
import { unresolved } from '../../model/source.js';
import { allResources, type State } from '../../model/state.js';
import type { ParseError } from '../../parse/common.js';
import {
  loadTerraform,
  qualifySharedAddresses,
  type TfResource,
  type TfSource,
} from '../../parse/hcl/module.js';
import { entry, isMap, isSeq, type MapEntry, type MapNode, type Node, own } from '../../parse/tree.js';
import { adaptCluster, adaptService } from '../ecs/service.js';
import { adaptTaskDefinition } from '../ecs/task-definition.js';
import { Fields } from '../fields.js';
import { adaptEcrResource } from './ecr.js';
import * as eks from './eks.js';
import { TerraformIam } from './iam.js';
import { mergePlanWithHcl, type PlanDoc, planResources } from './plan.js';
import { awsHooks, referenceOf, renderReferences } from './references.js';
import { declaredAt, jsonValue, tfRef, tfSuppressions } from './resource.js';
import { recordSchemaCheck } from './schema.js';

export function isTerraformFile(file: string): boolean {
  const lower = file.toLowerCase();
  return lower.endsWith('.tf') || lower.endsWith('.tfvars');
}

export interface TerraformOutcome {
  kinds: string[];
  resources: number;
  errors: ParseError[];
  /** Files read by `file()` (JSON container definitions, policies): not inputs of their own. */
  read: string[];
}

export function adaptTerraform(
  sources: TfSource[],
  state: State,
  readDisk?: (abs: string) => string | undefined,
  plans: PlanDoc[] = [],
  within?: (abs: string) => boolean,
): TerraformOutcome {
  const loaded = loadTerraform(sources, readDisk, within ? { within, hooks: awsHooks } : { hooks: awsHooks });
  const planned = plans.flatMap((p) => planResources(p, loaded.errors));
  const resources = mergePlanWithHcl(loaded.resources, planned);
  // References get their AWS meaning here, before any adapter reads a body.
  for (const r of resources) r.body = renderReferences(r.body) as MapNode;
  // After the merge (plans match Terraform's own addresses): one module block called from
  // several roots gets root-qualified addresses.
  qualifySharedAddresses(resources);
  state.inputs.skipped.push(...loaded.skipped);
  const before = new Set(allResources(state));
  const out: TerraformOutcome = {
    kinds: [],
    resources: 0,
    errors: [...loaded.errors],
    read: [...loaded.read],
  };
  try {
    const iam = new TerraformIam(state);
    for (const r of resources) {
      recordSchemaCheck(r, state);
      switch (r.type) {
        case 'aws_ecs_task_definition':
          state.aws.ecs.taskDefinitions.push(taskDefinition(r));
          break;
        case 'aws_ecs_service':
          state.aws.ecs.services.push({
            ...adaptService(Fields.of(serviceShape(r), r.body.src), tfRef(r, 'Service'), referenceOf),
            suppressions: tfSuppressions(r),
          });
          break;
        case 'aws_ecs_cluster':
          state.aws.ecs.clusters.push(cluster(r));
          break;
        case 'aws_ecr_repository':
        case 'aws_ecr_lifecycle_policy':
        case 'aws_ecr_repository_policy':
        case 'aws_ecr_registry_policy':
        case 'aws_ecr_registry_scanning_configuration':
        case 'aws_ecr_replication_configuration':
          adaptEcrResource(r, state.aws.ecr);
          break;
        case 'aws_iam_role':
        case 'aws_iam_policy':
        case 'aws_secretsmanager_secret':
          iam.add(r);
          break;
        case 'aws_eks_addon':
          eks.eksAddonTf(r, state);
          break;
        case 'aws_eks_cluster':
          eks.eksCluster(r, state);
          break;
        case 'aws_eks_node_group':
          eks.eksNodegroup(r, state);
          break;
        case 'aws_launch_template':
          eks.launchTemplate(r, state);
          break;
        case 'aws_eks_access_entry':
          eks.eksAccessEntry(r, state);
          break;
        case 'aws_eks_access_policy_association':
          eks.eksAccessPolicyAssociation(r, state);
          break;
        case 'aws_eks_pod_identity_association':
          eks.eksPodIdentityAssociation(r, state);
          break;
        case 'aws_iam_openid_connect_provider':
          eks.oidcProvider(r, state);
          break;
        case 'aws_eks_fargate_profile':
          eks.fargateProfile(r, state);
          break;
        case 'kubernetes_config_map':
        case 'kubernetes_config_map_v1':
        case 'kubernetes_config_map_v1_data':
          eks.awsAuthConfigMap(r, state);
          break;
        case 'aws_guardduty_detector':
          eks.guardDutyDetector(r, state);
          break;
        case 'aws_guardduty_detector_feature':
          eks.guardDutyFeature(r, state);
          break;
        case 'aws_kms_key':
          iam.add(r);
          eks.kmsKey(r, state);
          break;
        case 'aws_cloudwatch_log_group':
          eks.logGroup(r, state);
          break;
        case 'aws_cloudwatch_event_rule':
          eks.eventRule(r, state);
          break;
        case 'aws_inspector2_enabler': // read for the provider-schema check only
          break;
        case 'aws_iam_role_policy':
        case 'aws_iam_role_policy_attachment':
        case 'aws_iam_policy_attachment':
        case 'aws_iam_role_policies_exclusive':
        case 'aws_iam_role_policy_attachments_exclusive':
          iam.add(r);
          break;
        default:
          continue;
      }
      note(out, `terraform-${r.type}`);
    }
    iam.finish((kind) => note(out, kind));
    markPresence(resources, state, before);
  } finally {
    loaded.dispose();
  }
  return out;
}

/**
 * A resource whose `count` / `for_each` did not resolve is still scanned, but each model resource
 * made from it carries a note, so every finding says it may not exist.
 */
function markPresence(resources: TfResource[], state: State, before: Set<Resource>): void {
  const byAddress = new Map<string, TfResource[]>();
  for (const r of resources)
    if (r.presence) byAddress.set(r.address, [...(byAddress.get(r.address) ?? []), r]);
  if (byAddress.size === 0) return;
  for (const res of allResources(state)) {
    if (before.has(res)) continue;
    const candidates = byAddress.get(res.ref.address);
    const r = candidates?.find((c) => c.body.src.file === res.src.file) ?? candidates?.[0];
    if (r?.presence)
      res.notes = [
        ...(res.notes ?? []),
        {
          src: r.presence.src,
          note: 'presenceUnresolved',
          data: { expression: r.presence.expression },
        },
      ];
  }
}

function note(out: TerraformOutcome, kind: string): void {
  if (!out.kinds.includes(kind)) out.kinds.push(kind);
  out.resources++;
}

function get(n: Node | undefined, k: string): Node | undefined {
  return entry(n, k)?.value;
}

// --- snake_case body → camelCase API shape ---------------------------------------------------

interface Shape {
  /** Argument or block name → API key (default: camelCase of the name). */
  rename?: Record<string, string>;
  /** Blocks that repeat (kept as a list); other blocks become one map (the last one written). */
  lists?: string[];
  /** Shapes of nested blocks, by Terraform name. */
  nested?: Record<string, Shape>;
  /** Values rewritten after renaming (by Terraform name). */
  convert?: Record<string, (n: Node) => Node>;
  /** Arguments dropped (meta-arguments, things modelled elsewhere). */
  drop?: string[];
}

const META = ['count', 'for_each', 'provider', 'depends_on', 'lifecycle', 'tags', 'tags_all'];

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

function reshape(m: MapNode, shape: Shape): MapNode {
  const entries: MapEntry[] = [];
  for (const e of m.entries) {
    if (META.includes(e.key) || shape.drop?.includes(e.key)) continue;
    const key = own(shape.rename, e.key) ?? camel(e.key);
    let value = e.value;
    const nested = own(shape.nested, e.key);
    if (isSeq(value) && value.items.every(isMap) && (nested || shape.lists?.includes(e.key))) {
      const items = value.items.map((it) => reshape(it as MapNode, nested ?? {}));
      value = shape.lists?.includes(e.key) ? { ...value, items } : (items[items.length - 1] ?? value);
    }
    const conv = own(shape.convert, e.key);
    if (conv) value = conv(value);
    entries.push({ key, keySrc: e.keySrc, value });
  }
  return { kind: 'map', entries, src: m.src };
}

const TASK_SHAPE: Shape = {
  drop: ['container_definitions'],
  lists: ['volume'],
  rename: { volume: 'volumes' },
  nested: {
    runtime_platform: {},
    volume: {
      rename: { host_path: 'host' },
      convert: {
        host_path: (n) => ({
          kind: 'map',
          entries: [{ key: 'sourcePath', keySrc: n.src, value: n }],
          src: n.src,
        }),
      },
      nested: {
        efs_volume_configuration: { nested: { authorization_config: {} } },
        docker_volume_configuration: {},
      },
    },
    ephemeral_storage: {},
    proxy_configuration: {},
  },
};

function taskDefinition(r: TfResource) {
  const shaped = reshape(r.body, TASK_SHAPE);
  const defs = entry(r.body, 'container_definitions');
  const containers = jsonValue(defs?.value);
  if (defs && containers) {
    shaped.entries.push({ key: 'containerDefinitions', keySrc: defs.keySrc, value: containers });
  }
  const td = adaptTaskDefinition(
    Fields.of(shaped, r.body.src),
    tfRef(r, 'TaskDefinition'),
    tfSuppressions(r),
    referenceOf,
  );
  const at = declaredAt(r);
  if (at) td.declared = at;
  const platform = get(r.body, 'runtime_platform');
  if (platform?.kind === 'unresolved') td.osFamily = unresolved(td.osFamily.value, platform.src);
  // The shape check judges the definitions as written: from a plan, the provider has already
  // dropped the keys it does not know (a `emptyDir` would vanish without a trace).
  const written = r.written ? jsonValue(entry(r.written, 'container_definitions')?.value) : containers;
  if (written && isSeq(written)) {
    td.shapeCheck = { node: written, shape: 'ContainerDefinitions', options: { nullAsAbsent: true } };
  }
  return td;
}

/** `assign_public_ip` is a bool in Terraform, `ENABLED`/`DISABLED` in the API. */
function publicIp(n: Node): Node {
  if (n.kind === 'scalar' && (typeof n.value === 'boolean' || n.value === 'true' || n.value === 'false')) {
    return { ...n, value: n.value === true || n.value === 'true' ? 'ENABLED' : 'DISABLED' };
  }
  return n;
}

function serviceShape(r: TfResource): MapNode {
  const shaped = reshape(r.body, {
    rename: { name: 'serviceName' },
    nested: {
      network_configuration: { convert: { assign_public_ip: publicIp } },
      deployment_controller: {},
    },
  });
  // network_configuration { … } is the API's networkConfiguration.awsvpcConfiguration.
  const net = entry(shaped, 'networkConfiguration');
  if (net && isMap(net.value)) {
    net.value = {
      kind: 'map',
      entries: [{ key: 'awsvpcConfiguration', keySrc: net.keySrc, value: net.value }],
      src: net.value.src,
    };
  }
  return shaped;
}

function cluster(r: TfResource): EcsCluster {
  const c = adaptCluster(Fields.of(clusterShape(r), r.body.src), tfRef(r, 'Cluster'));
  c.suppressions = tfSuppressions(r);
  const at = declaredAt(r);
  if (at) c.declared = at;
  // A dynamic block hako does not expand leaves the setting unknown rather than defaulted.
  const setting = get(r.body, 'setting');
  if (setting?.kind === 'unresolved')
    c.containerInsights = unresolved(c.containerInsights.value, setting.src);
  const conf = get(r.body, 'configuration');
  if (conf?.kind === 'unresolved') {
    c.execLogging = unresolved(c.execLogging.value, conf.src);
    c.execKmsKeyId = unresolved('', conf.src);
  }
  return c;
}

function clusterShape(r: TfResource): MapNode {
  return reshape(r.body, {
    rename: { name: 'clusterName', setting: 'settings' },
    lists: ['setting'],
    nested: {
      setting: {},
      configuration: {
        nested: { execute_command_configuration: { nested: { log_configuration: {} } } },
      },
    },
  });
}
