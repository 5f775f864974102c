/** Shared reads for the EKS rules. */
import type { AwsAuth, GuardDutyDetector } from '../../model/aws/eks.js';
import type { Resource } from '../../model/resource.js';
import type { Src, Val } from '../../model/source.js';
import type { State } from '../../model/state.js';

/** Every aws-auth ConfigMap scanned: Terraform `kubernetes_config_map*` and Kubernetes YAML (both adapted into the EKS model). */
export function awsAuthMaps(state: State): AwsAuth[] {
  return state.aws.eks.awsAuth;
}

const TERRAFORM_FILE = /\.tf(\.json)?$/;

/** A Terraform address without its module path (`module.a.aws_kms_key.k` → `aws_kms_key.k`): how references inside the module write it. */
export function localAddress(address: string): string {
  return address.replace(/^(module\.[^.]+\.)+/, '');
}

/**
 * Whether a reference written in `a` by Terraform address or CloudFormation logical ID can name `b`.
 * Addresses and logical IDs are unique only within one module instance or one template, and a scan
 * covers many (two Terraform roots that both call their detector `main`): so the same Terraform
 * module instance (same directory, same module path) or the same file.
 */
export function sameScope(a: Resource, b: Resource): boolean {
  if (TERRAFORM_FILE.test(a.src.file) && TERRAFORM_FILE.test(b.src.file)) {
    const dir = (f: string) => f.slice(0, f.lastIndexOf('/') + 1);
    const modulePath = (r: Resource) =>
      r.ref.address.slice(0, r.ref.address.length - localAddress(r.ref.address).length);
    return dir(a.src.file) === dir(b.src.file) && modulePath(a) === modulePath(b);
  }
  return a.src.file === b.src.file;
}

/** A detector's features: inline (CloudFormation) and `aws_guardduty_detector_feature` resources naming it. */
export function detectorFeatures(
  state: State,
  d: GuardDutyDetector,
): { name: Val<string>; status: Val<string>; src: Src }[] {
  const dets = state.aws.eks.guardDutyDetectors;
  // a reference inside a module names the detector without the module path
  const local = localAddress(d.key).replace(/\[.*\]$/, '');
  const mine = state.aws.eks.guardDutyFeatures.filter((f) =>
    f.detectorRef === undefined
      ? dets.length === 1
      : (f.detectorRef.includes(`${local}.`) && sameScope(f, d)) ||
        f.detectorRef === d.key ||
        dets.length === 1,
  );
  return [...d.features, ...mine.map((f) => ({ name: f.name, status: f.status, src: f.src }))];
}

export const EKS_ENDPOINT_DOC = 'https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html';
export const EKS_ACCESS_DOC = 'https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html';
export const EKS_AUTH_CM_DOC = 'https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html';
