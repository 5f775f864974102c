/** Shared reads for the EKS rules. */
import { awsAuthFromK8s, isAwsAuth } from '../../adapters/eks/aws-auth.js';
import type { AwsAuth, GuardDutyDetector } from '../../model/aws/eks.js';
import type { Src, Val } from '../../model/source.js';
import type { State } from '../../model/state.js';

const cache = new WeakMap<State, AwsAuth[]>();

/** Every aws-auth ConfigMap scanned: Terraform `kubernetes_config_map*` and Kubernetes YAML. */
export function awsAuthMaps(state: State): AwsAuth[] {
  let out = cache.get(state);
  if (!out) {
    out = [
      ...state.aws.eks.awsAuth,
      ...state.k8s.objects.filter(isAwsAuth).flatMap((o) => awsAuthFromK8s(o) ?? []),
    ];
    cache.set(state, out);
  }
  return out;
}

/** A detector's features: inline (CloudFormation) and `aws_guardduty_detector_feature` resources naming it. */
export function detectorFeatures(
  state: State,
  d: GuardDutyDetector,
): { name: Val<string>; status: Val<string>; src: Src }[] {
  const dets = state.aws.eks.guardDutyDetectors;
  // a reference inside a module names the detector without the module path
  const local = d.key.replace(/^(module\.[^.]+\.)+/, '').replace(/\[.*\]$/, '');
  const mine = state.aws.eks.guardDutyFeatures.filter((f) =>
    f.detectorRef === undefined
      ? dets.length === 1
      : f.detectorRef.includes(`${local}.`) || f.detectorRef === d.key || dets.length === 1,
  );
  return [...d.features, ...mine.map((f) => ({ name: f.name, status: f.status, src: f.src }))];
}

export const EKS_ENDPOINT_DOC = 'https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html';
export const EKS_ACCESS_DOC = 'https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html';
export const EKS_AUTH_CM_DOC = 'https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html';
