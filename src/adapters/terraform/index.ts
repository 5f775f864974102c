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
import type { IamRole, PolicyRef } from '../../model/aws/iam.js';
import { type ScopedAddress, tfPolicyArn, tfRoleArn } from '../../model/aws/ref.js';
import type { Resource } from '../../model/resource.js';
import { type Src, unresolved } from '../../model/source.js';
import { allResources, type State } from '../../model/state.js';
import type { ParseError } from '../../parse/common.js';
import { blockAddress, jsonFromString } from '../../parse/hcl/evaluate.js';
import {
  loadTerraform,
  qualifySharedAddresses,
  type TfResource,
  type TfSource,
} from '../../parse/hcl/module.js';
import {
  entry,
  hasUnresolved,
  isMap,
  isSeq,
  type MapEntry,
  type MapNode,
  type Node,
  own,
  toPlain,
} from '../../parse/tree.js';
import { adaptCluster, adaptService } from '../ecs/service.js';
import { adaptTaskDefinition } from '../ecs/task-definition.js';
import { Fields } from '../fields.js';
import { policyDocument } from '../iam/iam.js';
import { adaptEcrResource } from './ecr.js';
import * as eks from './eks.js';
import { mergePlanWithHcl, type PlanDoc, planResources } from './plan.js';
import { awsHooks, referenceOf, renderReferences } from './references.js';
import { tfRef, tfSuppressions } from './resource.js';
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
    const roles = new Map<string, IamRole>();
    const exclusivity = new Map<IamRole, Exclusivity>();
    const later: TfResource[] = [];
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
        case 'aws_iam_role': {
          const role = iamRole(r);
          roles.set(role.name, role);
          exclusivity.set(role, roleExclusivity(r));
          state.aws.iam.roles.push(role);
          break;
        }
        case 'aws_iam_policy': {
          const name = r.name;
          state.aws.iam.managedPolicies.push({
            ref: { kind: 'IAMPolicy', name, namespace: null, address: r.address },
            src: { ...r.body.src, resource: r.address },
            suppressions: tfSuppressions(r),
            arn: tfPolicyArn(name),
            name,
            document: document(get(r.body, 'policy')),
          });
          break;
        }
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
        case 'aws_iam_role_policies_exclusive':
        case 'aws_iam_role_policy_attachments_exclusive':
          later.push(r);
          break;
        default:
          continue;
      }
      note(out, `terraform-${r.type}`);
    }
    for (const r of later) {
      const roleName = str(get(r.body, 'role') ?? get(r.body, 'role_name'));
      const role = roleName !== undefined ? roles.get(roleName) : undefined;
      note(out, `terraform-${r.type}`);
      if (!role) continue;
      const ex = exclusivity.get(role);
      if (
        r.type === 'aws_iam_role_policies_exclusive' ||
        r.type === 'aws_iam_role_policy_attachments_exclusive'
      ) {
        const list = get(
          r.body,
          r.type === 'aws_iam_role_policies_exclusive' ? 'policy_names' : 'policy_arns',
        );
        if (ex && list) {
          if (hasUnresolved(list)) ex.resolved = false;
          if (r.type === 'aws_iam_role_policies_exclusive') {
            ex.inline = true;
            ex.inlineNames = (isSeq(list) ? list.items : []).flatMap((n) => str(n) ?? []);
          } else {
            ex.managed = true;
            // The exclusive list is what stays attached.
            for (const a of isSeq(list) ? list.items : []) {
              const arn = str(a);
              if (arn !== undefined && !role.attachedPolicyArns.some((p) => p.arn === arn))
                role.attachedPolicyArns.push({ arn, src: a.src });
            }
          }
        }
        continue;
      }
      if (ex && hasUnresolved(r.body)) ex.resolved = false;
      if (r.type === 'aws_iam_role_policy') {
        const name = str(get(r.body, 'name')) ?? r.address;
        role.inlinePolicies.push(policy(`inline:${name}`, get(r.body, 'policy'), r.body.src));
      } else {
        const arn = get(r.body, 'policy_arn');
        const a = str(arn);
        if (a !== undefined && arn && !role.attachedPolicyArns.some((p) => p.arn === a))
          role.attachedPolicyArns.push({ arn: a, src: arn.src });
      }
    }
    for (const [role, ex] of exclusivity) {
      if (ex.inlineNames) {
        const keep = new Set(ex.inlineNames.map((n) => `inline:${n}`));
        role.inlinePolicies = role.inlinePolicies.filter((p) => keep.has(p.id));
        if (role.inlinePolicies.length !== keep.size) ex.resolved = false; // a kept policy not scanned
      }
      role.complete = ex.inline && ex.managed && ex.resolved;
    }
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

function str(n: Node | undefined): string | undefined {
  return n?.kind === 'scalar' && typeof n.value === 'string' ? n.value : undefined;
}

/** A JSON value written as an HCL value (jsonencode) or as JSON text (heredoc, file(), string). */
function jsonValue(n: Node | undefined): Node | undefined {
  if (n === undefined) return undefined;
  if (n.kind === 'scalar' && typeof n.value === 'string') {
    return jsonFromString(n) ?? { kind: 'unresolved', expr: 'JSON text that does not parse', src: n.src };
  }
  return n;
}

function document(n: Node | undefined): unknown {
  const v = jsonValue(n);
  return v === undefined ? undefined : policyDocument(v.kind === 'unresolved' ? undefined : v);
}

function policy(id: string, n: Node | undefined, src: Src): PolicyRef {
  return { id, document: document(n), src: n?.src ?? src };
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

/** Where a resource is declared (its root module and block address), when read from `.tf` files. */
function declaredAt(r: TfResource): ScopedAddress | undefined {
  return r.hcl
    ? { format: 'terraform', scope: r.hcl.module.root, address: blockAddress(r.hcl.module, r.hcl.block) }
    : undefined;
}

function iamRole(r: TfResource): IamRole {
  const name = r.name;
  const trust = get(r.body, 'assume_role_policy');
  const inline = get(r.body, 'inline_policy');
  const managed = get(r.body, 'managed_policy_arns');
  return {
    ref: { kind: 'IAMRole', name, namespace: null, address: r.address },
    src: { ...r.body.src, resource: r.address },
    suppressions: tfSuppressions(r),
    name,
    arn: tfRoleArn(name),
    ...(r.hcl ? { declared: declaredAt(r) } : {}),
    trustPolicy: trust ? policy('trust', trust, r.body.src) : undefined,
    inlinePolicies: (isSeq(inline) ? inline.items : []).flatMap((p) => {
      const doc = get(p, 'policy');
      if (!doc) return [];
      return [policy(`inline:${str(get(p, 'name')) ?? '?'}`, doc, p.src)];
    }),
    attachedPolicyArns: (isSeq(managed) ? managed.items : []).flatMap((a) => {
      const v = toPlain(a);
      return typeof v === 'string' ? [{ arn: v, src: a.src }] : [];
    }),
    permissionsBoundaryArn: str(get(r.body, 'permissions_boundary')),
    // Policies can be attached by resources outside the scanned files: an allow can be proved,
    // never a deny — unless the role manages both kinds exclusively (see roleExclusivity).
    complete: false,
  };
}

/**
 * Which of a role's policy sets the configuration manages exclusively: `inline_policy` blocks
 * (an empty `inline_policy {}` means "none") and `managed_policy_arns` on the role, or the
 * `aws_iam_role_policies_exclusive` / `aws_iam_role_policy_attachments_exclusive` resources. The
 * provider then removes whatever else is attached, so with both sets exclusive and fully resolved
 * the scanned policies are all the role has, and a missing permission is proved.
 */
interface Exclusivity {
  inline: boolean;
  managed: boolean;
  /** Policy names an `aws_iam_role_policies_exclusive` keeps (their documents come from aws_iam_role_policy). */
  inlineNames?: string[];
  resolved: boolean;
}

function roleExclusivity(r: TfResource): Exclusivity {
  const inline = entry(r.body, 'inline_policy');
  const managed = entry(r.body, 'managed_policy_arns');
  return {
    inline: inline !== undefined,
    managed: managed !== undefined,
    resolved: !(inline && hasUnresolved(inline.value)) && !(managed && hasUnresolved(managed.value)),
  };
}
