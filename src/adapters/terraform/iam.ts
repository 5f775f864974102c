/**
 * Terraform IAM resources into the model: `aws_iam_role` (trust, `inline_policy` blocks,
 * `managed_policy_arns`, `permissions_boundary`), `aws_iam_policy`, and the resources that attach
 * policies to a role (`aws_iam_role_policy`, `aws_iam_role_policy_attachment`,
 * `aws_iam_policy_attachment` with its `roles`, the `_exclusive` resources), joined to their role
 * once every role of the scan is read; `aws_secretsmanager_secret` with the key that encrypts it.
 */
import type { IamRole, PolicyRef, SecretsManagerSecret } from '../../model/aws/iam.js';
import { scopedKey, tfKmsKeyArn, tfPolicyArn, tfRoleArn, tfSecretArn } from '../../model/aws/ref.js';
import type { Src } from '../../model/source.js';
import type { State } from '../../model/state.js';
import type { TfResource } from '../../parse/hcl/module.js';
import { entry, hasUnresolved, isSeq, type Node, referenceOf, toPlain } from '../../parse/tree.js';
import { policyDocument } from '../iam/iam.js';
import { declaredAt, jsonValue, tfSuppressions } from './resource.js';

/** Collects the IAM resources of one Terraform scan; `finish` joins the attachments to their roles. */
export class TerraformIam {
  private readonly roles = new Map<string, IamRole>();
  private readonly exclusivity = new Map<IamRole, Exclusivity>();
  private readonly later: TfResource[] = [];
  private readonly secrets: TfResource[] = [];
  /** `aws_kms_key` by scope + address: whether it sets its own key policy. */
  private readonly keys = new Map<string, { policy: boolean }>();
  /** Root modules where an attachment names a role hako could not resolve (it may be any role there). */
  private readonly unattributed = new Set<string>();

  constructor(private readonly state: State) {}

  add(r: TfResource): void {
    switch (r.type) {
      case 'aws_iam_role': {
        const role = iamRole(r);
        this.roles.set(role.name, role);
        this.exclusivity.set(role, roleExclusivity(r));
        this.state.aws.iam.roles.push(role);
        break;
      }
      case 'aws_iam_policy': {
        const name = r.name;
        this.state.aws.iam.managedPolicies.push({
          ref: { kind: 'IAMPolicy', name, namespace: null, address: r.address },
          src: { ...r.body.src, resource: r.address },
          suppressions: tfSuppressions(r),
          arn: tfPolicyArn(name),
          name,
          document: document(get(r.body, 'policy')),
        });
        break;
      }
      case 'aws_kms_key':
        {
          const at = declaredAt(r);
          if (at) this.keys.set(scopedKey(at), { policy: entry(r.body, 'policy') !== undefined });
        }
        break;
      case 'aws_secretsmanager_secret':
        this.secrets.push(r);
        break;
      default:
        this.later.push(r);
    }
  }

  /** Joins the attachments to their roles; `note` counts each attachment resource. */
  finish(note: (kind: string) => void): void {
    const { roles, exclusivity } = this;
    for (const r of this.later) {
      if (r.type === 'aws_iam_policy_attachment') {
        // one policy attached to several roles (and users, groups: not modelled)
        note(`terraform-${r.type}`);
        const arn = get(r.body, 'policy_arn');
        const a = str(arn);
        const list = get(r.body, 'roles');
        if (list && !isSeq(list) && r.hcl) this.unattributed.add(r.hcl.module.root);
        for (const item of isSeq(list) ? list.items : []) {
          const name = str(item);
          if (name === undefined && r.hcl) this.unattributed.add(r.hcl.module.root);
          const role = name !== undefined ? roles.get(name) : undefined;
          if (!role) continue;
          const ex = exclusivity.get(role);
          if (ex && (a === undefined || !arn)) ex.resolved = false;
          if (a !== undefined && arn && !role.attachedPolicyArns.some((p) => p.arn === a))
            role.attachedPolicyArns.push({ arn: a, src: arn.src });
        }
        continue;
      }
      const roleName = str(get(r.body, 'role') ?? get(r.body, 'role_name'));
      const role = roleName !== undefined ? roles.get(roleName) : undefined;
      note(`terraform-${r.type}`);
      if (roleName === undefined && r.hcl) this.unattributed.add(r.hcl.module.root);
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
      if (!role.complete && ex.resolved && role.declared && !this.unattributed.has(role.declared.scope))
        role.closed = true;
    }
    for (const r of this.secrets) this.secret(r);
  }

  private secret(r: TfResource): void {
    const key = get(r.body, 'kms_key_id');
    const secret: SecretsManagerSecret = { arn: tfSecretArn(r.name), name: r.name, src: r.body.src };
    const literal = str(key);
    const ref = referenceOf(key);
    if (ref?.type === 'aws_kms_key') {
      const known = this.keys.get(scopedKey({ format: 'terraform', scope: ref.scope, address: ref.address }));
      secret.kmsKey = {
        arn: tfKmsKeyArn(ref.name),
        src: key?.src ?? r.body.src,
        defaultKeyPolicy: known !== undefined && !known.policy,
      };
    } else if (key && !(literal === '' || literal === 'alias/aws/secretsmanager')) {
      // a key named literally or by something unscanned: its key policy is not known
      secret.kmsKey = { arn: literal ?? '', src: key.src, defaultKeyPolicy: false };
    }
    this.state.aws.iam.secrets ??= [];
    this.state.aws.iam.secrets.push(secret);
  }
}

function get(n: Node | undefined, k: string): Node | undefined {
  return entry(n, k)?.value;
}

function str(n: Node | undefined): string | undefined {
  return n?.kind === 'scalar' && typeof n.value === 'string' ? n.value : undefined;
}

function document(n: Node | undefined): unknown {
  const v = jsonValue(n);
  return v === undefined ? undefined : policyDocument(v.kind === 'unresolved' ? undefined : v);
}

function policy(id: string, n: Node | undefined, src: Src): PolicyRef {
  return { id, document: document(n), src: n?.src ?? src };
}

function iamRole(r: TfResource): IamRole {
  const name = r.name;
  const trust = get(r.body, 'assume_role_policy');
  const inline = get(r.body, 'inline_policy');
  const managed = get(r.body, 'managed_policy_arns');
  // A plan or state knows the ARN of a role that exists already (`after.arn`, state `values.arn`):
  // its account then decides resources of that account; HCL never writes it (tfRoleArn's `<unknown>`).
  const known = str(get(r.body, 'arn'));
  return {
    ref: { kind: 'IAMRole', name, namespace: null, address: r.address },
    src: { ...r.body.src, resource: r.address },
    suppressions: tfSuppressions(r),
    name,
    arn: known !== undefined && /^arn:[^:]+:iam::\d{12}:role\//.test(known) ? known : tfRoleArn(name),
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
