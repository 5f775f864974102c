/**
 * Every peer check a rule names in `equivalents` is a real check of that peer: the name is in the
 * vetted list below, each entry checked against the peer's own catalogue (checkov check IDs and
 * titles, trivy-checks AVD IDs, kube-linter's generated checks.md, Polaris's checks/*.yaml). A typo,
 * or a check the peer does not have (kube-linter has no `container-runtime-sock`), fails here.
 * Add a name only after reading what the peer check really tests.
 */
import { describe, expect, it } from 'vitest';
import { allRules } from '../../src/rules/index.js';
import type { Equivalents } from '../../src/rules/types.js';

const VETTED: Record<keyof Equivalents, Record<string, string>> = {
  checkov: {
    CKV_AWS_7: 'Ensure rotation for customer created CMKs is enabled',
    CKV_AWS_32: 'Ensure ECR policy is not set to public',
    CKV_AWS_37: 'Ensure Amazon EKS control plane logging is enabled for all log types',
    CKV_AWS_38: 'Ensure Amazon EKS public endpoint not accessible to 0.0.0.0/0',
    CKV_AWS_39: 'Ensure Amazon EKS public endpoint disabled',
    CKV_AWS_51: 'Ensure ECR Image Tags are immutable',
    CKV_AWS_58: 'Ensure EKS Cluster has Secrets Encryption Enabled',
    CKV_AWS_65: 'Ensure container insights are enabled on ECS cluster',
    CKV_AWS_79: 'Ensure Instance Metadata Service Version 1 is not enabled',
    CKV_AWS_97: 'Ensure Encryption in transit is enabled for EFS volumes in ECS Task definitions',
    CKV_AWS_100: 'Ensure AWS EKS node group does not have implicit SSH access from 0.0.0.0/0',
    CKV_AWS_136: 'Ensure that ECR repositories are encrypted using KMS',
    CKV_AWS_163: 'Ensure ECR image scanning on push is enabled',
    CKV_AWS_223: 'Ensure ECS Cluster enables logging of ECS Exec',
    CKV_AWS_224: 'Ensure ECS Cluster logging is enabled and client to container communication uses CMK',
    CKV_AWS_249:
      'Ensure that the Execution Role ARN and the Task Role ARN are different in ECS Task definitions',
    CKV_AWS_333: 'Ensure ECS services do not have public IP addresses assigned to them automatically',
    CKV_AWS_334: 'Ensure ECS containers should run as non-privileged',
    CKV_AWS_335: "Ensure ECS task definitions should not share the host's process namespace",
    CKV_AWS_336: 'Ensure ECS containers are limited to read-only access to root filesystems',
    CKV_AWS_339: 'Ensure EKS clusters run on a supported Kubernetes version',
    CKV_AWS_341: 'Ensure Launch template should not have a metadata response hop limit greater than 1',
    CKV2_K8S_5: 'No ServiceAccount/Node should be able to read all secrets',
    CKV_K8S_10: 'CPU requests should be set',
    CKV_K8S_12: 'Memory requests should be set',
    CKV_K8S_13: 'Memory limits should be set',
    CKV_K8S_14: 'Image Tag should be fixed - not latest or blank',
    CKV_K8S_16: 'Container should not be privileged',
    CKV_K8S_17: 'Containers should not share the host process ID namespace',
    CKV_K8S_18: 'Containers should not share the host IPC namespace',
    CKV_K8S_19: 'Containers should not share the host network namespace',
    CKV_K8S_20: 'Containers should not run with allowPrivilegeEscalation',
    CKV_K8S_21: 'The default namespace should not be used',
    CKV_K8S_22: 'Use read-only filesystem for containers where possible',
    CKV_K8S_23: 'Minimize the admission of root containers',
    CKV_K8S_25: 'Minimize the admission of containers with added capability',
    CKV_K8S_26: 'Do not specify hostPort unless absolutely necessary',
    CKV_K8S_27: 'Do not expose the docker daemon socket to containers',
    CKV_K8S_28: 'Minimize the admission of containers with the NET_RAW capability',
    CKV_K8S_31: 'Ensure that the seccomp profile is set to docker/default or runtime/default',
    CKV_K8S_37: 'Minimize the admission of containers with capabilities assigned',
    CKV_K8S_38: 'Ensure that Service Account Tokens are only mounted where necessary',
    CKV_K8S_39: 'Do not use the CAP_SYS_ADMIN linux capability',
    CKV_K8S_42: 'Ensure that default service accounts are not actively used',
    CKV2_K8S_6: 'Minimize the admission of pods which lack an associated NetworkPolicy',
  },
  trivy: {
    'AVD-KSV-0115': 'Manage EKS IAM Auth ConfigMap (write access to kube-system/aws-auth)',
    'AVD-AWS-0030': 'ECR repository has image scans disabled',
    'AVD-AWS-0031': "ECR images tags shouldn't be mutable",
    'AVD-AWS-0032': 'ECR repository policy must block public access',
    'AVD-AWS-0033': 'ECR Repository should use customer managed keys to allow more control',
    'AVD-AWS-0036': 'Task definition defines sensitive environment variable(s)',
    'AVD-AWS-0038': 'EKS Clusters should have cluster control plane logging turned on',
    'AVD-AWS-0039': 'EKS should have the encryption of secrets enabled',
    'AVD-AWS-0040': 'EKS Clusters should have the public access disabled',
    'AVD-AWS-0041': 'EKS cluster should not have open CIDR range for public access',
    'AVD-AWS-0065': 'A KMS key is not configured to auto-rotate',
  },
  kubeLinter: {
    'access-to-create-pods': 'subjects with access to create pods',
    'access-to-secrets': 'subjects with access to secrets',
    'cluster-admin-role-binding': 'subjects bound to the cluster-admin role',
    'wildcard-in-rules': 'RBAC rules with wildcards',
    'dangling-networkpolicy': 'NetworkPolicies whose podSelector matches no deployment-like object',
    'default-service-account': 'pods use the default service account',
    'docker-sock': 'docker.sock mounted in containers',
    'drop-net-raw-capability': 'containers do not drop NET_RAW capability',
    'exposed-services': 'Alert on services for forbidden types (NodePort, LoadBalancer)',
    'env-var-secret': 'objects use a secret in an environment variable',
    'host-ipc': "sharing host's IPC namespace",
    'host-network': "sharing host's network namespace",
    'host-pid': "sharing host's process namespace",
    'latest-tag': 'container with an invalid container image (latest or no tag)',
    'non-isolated-pod': 'deployment-like objects selected by no NetworkPolicy',
    'no-read-only-root-fs': 'containers running without a read-only root filesystem',
    'privilege-escalation-container': 'containers allowing privilege escalation',
    'privileged-container': 'containers running in privileged mode',
    'run-as-non-root': 'containers not set to runAsNonRoot',
    'schema-validation': 'resources validated against their schemas (kubeconform)',
    'sensitive-host-mounts': 'sensitive host system directories mounted in containers',
    'unsafe-proc-mount': 'procMount=Unmasked',
    'unsafe-sysctls': 'unsafe sysctls',
    'unset-cpu-requirements': 'containers without CPU requests and limits',
    'unset-memory-requirements': 'containers without memory requests and limits',
    'use-namespace': 'resource deployed to the default namespace',
    'writable-host-mount': 'containers mount a host path as writable',
  },
  polaris: {
    clusterrolebindingClusterAdmin: 'ClusterRoleBinding to cluster-admin',
    automountServiceAccountToken: 'the ServiceAccount token will be automounted',
    cpuRequestsMissing: 'CPU requests missing',
    dangerousCapabilities: 'container adds ALL, SYS_ADMIN, NET_ADMIN',
    hostIPCSet: 'hostIPC set',
    hostNetworkSet: 'hostNetwork set',
    hostPathSet: 'hostPath volumes configured',
    hostPIDSet: 'hostPID set',
    hostPortSet: 'hostPort set',
    hostProcess: 'Windows hostProcess',
    insecureCapabilities: 'container does not drop insecure capabilities',
    memoryLimitsMissing: 'memory limits missing',
    memoryRequestsMissing: 'memory requests missing',
    notReadOnlyRootFilesystem: 'root filesystem not read-only',
    privilegeEscalationAllowed: 'privilege escalation allowed',
    procMount: 'procMount changed from Default',
    runAsPrivileged: 'privileged container',
    runAsRootAllowed: 'may run as root',
    sensitiveContainerEnvVar: 'potentially sensitive environment variables set',
    tagNotSpecified: 'image tag not specified or latest',
  },
};

describe('rule equivalents', () => {
  for (const rule of allRules) {
    const eq = rule.meta.equivalents;
    it(`${rule.meta.id} names only vetted peer checks, each once`, () => {
      for (const peer of Object.keys(VETTED) as (keyof Equivalents)[]) {
        for (const name of eq[peer]) expect(Object.keys(VETTED[peer]), `${peer} ${name}`).toContain(name);
        expect(new Set(eq[peer]).size).toBe(eq[peer].length);
      }
    });
  }

  it('the known corrections hold (#8.18)', () => {
    const byId = (id: string) => allRules.find((r) => r.meta.id === id)!.meta.equivalents;
    expect(byId('K8S-009').kubeLinter).not.toContain('container-runtime-sock');
    expect(byId('K8S-009').checkov).toContain('CKV_K8S_27');
    expect(byId('EKS-001').checkov).toEqual(['CKV_AWS_38', 'CKV_AWS_39']);
    expect(byId('EKS-002').checkov).toEqual([]);
    expect(byId('HAKO-003').kubeLinter).toEqual(['schema-validation']);
  });
});
