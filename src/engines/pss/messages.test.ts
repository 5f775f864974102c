/**
 * Reasons, details and paths: the user-visible contract. The aggregated strings in the first block
 * are API-server rejections quoted verbatim from public write-ups of real clusters (a kubectl
 * "violates PodSecurity" error after the colon); the rest pin single checks' wording, plurals and
 * ordering as upstream's unit tests state them.
 */
import { describe, expect, it } from 'vitest';
import { evaluatePod, formatViolations, type PodInput, type PodSpec, type Violation, v1 } from './index.js';

const pod = (spec: PodSpec, annotations?: Record<string, string>): PodInput => ({
  metadata: { annotations },
  spec,
});
const run = (level: 'baseline' | 'restricted', minor: number | 'latest', input: PodInput): Violation[] =>
  evaluatePod(level, minor === 'latest' ? 'latest' : v1(minor), input).violations;
const only = (violations: Violation[], check: string): Violation => {
  const found = violations.filter((v) => v.check === check);
  expect(found, check).toHaveLength(1);
  return found[0]!;
};

describe('aggregated messages match real API-server rejections', () => {
  it('privileged nginx at restricted:latest', () => {
    const v = run(
      'restricted',
      'latest',
      pod({ containers: [{ name: 'nginx', securityContext: { privileged: true } }] }),
    );
    expect(formatViolations(v)).toBe(
      'privileged (container "nginx" must not set securityContext.privileged=true), allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
  });

  it('root nginx at restricted:latest', () => {
    const v = run(
      'restricted',
      'latest',
      pod({ containers: [{ name: 'nginx', securityContext: { runAsUser: 0 } }] }),
    );
    expect(formatViolations(v)).toBe(
      'allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), runAsUser=0 (container "nginx" must not set runAsUser=0), seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
  });

  it('everything wrong at once at restricted:latest', () => {
    const spec: PodSpec = {
      containers: [
        {
          name: 'violation-container',
          securityContext: {
            privileged: true,
            runAsUser: 0,
            capabilities: { add: ['SYS_ADMIN', 'NET_ADMIN'] },
          },
        },
      ],
      volumes: [{ name: 'host-root', hostPath: { path: '/' } }],
    };
    expect(formatViolations(run('restricted', 'latest', pod(spec)))).toBe(
      'privileged (container "violation-container" must not set securityContext.privileged=true), allowPrivilegeEscalation != false (container "violation-container" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "violation-container" must set securityContext.capabilities.drop=["ALL"]; container "violation-container" must not include "NET_ADMIN", "SYS_ADMIN" in securityContext.capabilities.add), restricted volume types (volume "host-root" uses restricted volume type "hostPath"), runAsNonRoot != true (pod or container "violation-container" must set securityContext.runAsNonRoot=true), runAsUser=0 (container "violation-container" must not set runAsUser=0), seccompProfile (pod or container "violation-container" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
  });

  it('sysctls and SELinux user/role at restricted:v1.32', () => {
    const spec: PodSpec = {
      securityContext: {
        seLinuxOptions: { user: 'system_u', role: 'system_r', level: 's0:c123,c456' },
        sysctls: [
          { name: 'net.core.somaxconn', value: '1024' },
          { name: 'kernel.msgmax', value: '65536' },
        ],
      },
      containers: [{ name: 'my-pod' }],
    };
    expect(formatViolations(run('restricted', 32, pod(spec)))).toBe(
      'seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: user may not be set; role may not be set), forbidden sysctls (net.core.somaxconn, kernel.msgmax), allowPrivilegeEscalation != false (container "my-pod" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "my-pod" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "my-pod" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "my-pod" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
  });

  it('explicit runAsNonRoot=false', () => {
    const spec: PodSpec = {
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'privileged-pod-nginx',
          securityContext: { runAsNonRoot: false, runAsUser: 0, capabilities: { drop: ['ALL'] } },
        },
      ],
    };
    expect(formatViolations(run('restricted', 'latest', pod(spec)))).toBe(
      'allowPrivilegeEscalation != false (container "privileged-pod-nginx" must set securityContext.allowPrivilegeEscalation=false), runAsNonRoot != true (container "privileged-pod-nginx" must not set securityContext.runAsNonRoot=false), runAsUser=0 (container "privileged-pod-nginx" must not set runAsUser=0)',
    );
  });
});

describe('single-check wording', () => {
  it('runAsNonRoot: explicit false beats implicit; plurals', () => {
    const explicit = only(
      run(
        'restricted',
        'latest',
        pod({
          securityContext: { runAsNonRoot: false },
          containers: [
            { name: 'a' },
            { name: 'c', securityContext: { runAsNonRoot: false } },
            { name: 'd', securityContext: { runAsNonRoot: false } },
          ],
        }),
      ),
      'runAsNonRoot',
    );
    expect(explicit).toEqual({
      check: 'runAsNonRoot',
      reason: 'runAsNonRoot != true',
      detail: 'pod and containers "c", "d" must not set securityContext.runAsNonRoot=false',
      paths: [
        '/spec/securityContext/runAsNonRoot',
        '/spec/containers/1/securityContext/runAsNonRoot',
        '/spec/containers/2/securityContext/runAsNonRoot',
      ],
    });
    const implicit = only(
      run(
        'restricted',
        'latest',
        pod({
          containers: [
            { name: 'a' },
            { name: 'b', securityContext: {} },
            { name: 'd', securityContext: { runAsNonRoot: true } },
          ],
        }),
      ),
      'runAsNonRoot',
    );
    expect(implicit.detail).toBe('pod or containers "a", "b" must set securityContext.runAsNonRoot=true');
  });

  it('pod-level runAsNonRoot: true covers every container that does not override it', () => {
    const spec: PodSpec = {
      securityContext: { runAsNonRoot: true },
      initContainers: [{ name: 'i' }],
      containers: [{ name: 'a' }],
      ephemeralContainers: [{ name: 'e' }],
    };
    expect(run('restricted', 'latest', pod(spec)).map((v) => v.check)).not.toContain('runAsNonRoot');
  });

  it('seccomp (fields and annotations)', () => {
    expect(
      only(
        run(
          'baseline',
          30,
          pod({ securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [{ name: 'a' }] }),
        ),
        'seccompProfile_baseline',
      ).detail,
    ).toBe('pod must not set securityContext.seccompProfile.type to "Unconfined"');
    const containers = [
      { name: 'c', securityContext: { seccompProfile: { type: 'Unconfined' } } },
      { name: 'd', securityContext: { seccompProfile: { type: 'Unconfined' } } },
    ];
    expect(only(run('restricted', 30, pod({ containers })), 'seccompProfile_restricted').detail).toBe(
      'containers "c", "d" must not set securityContext.seccompProfile.type to "Unconfined"',
    );
    const annotated = pod(
      { containers: [{ name: 'a' }] },
      {
        'seccomp.security.alpha.kubernetes.io/pod': 'unconfined',
        'container.seccomp.security.alpha.kubernetes.io/a': 'foo',
      },
    );
    expect(only(run('baseline', 18, annotated), 'seccompProfile_baseline')).toEqual({
      check: 'seccompProfile_baseline',
      reason: 'seccompProfile',
      detail:
        'forbidden annotations container.seccomp.security.alpha.kubernetes.io/a="foo", seccomp.security.alpha.kubernetes.io/pod="unconfined"',
      paths: [
        '/metadata/annotations/seccomp.security.alpha.kubernetes.io~1pod',
        '/metadata/annotations/container.seccomp.security.alpha.kubernetes.io~1a',
      ],
    });
  });

  it('capabilities baseline and restricted', () => {
    const spec: PodSpec = {
      containers: [
        { name: 'a', securityContext: { capabilities: { add: ['NET_RAW', 'CHOWN', 'SYS_ADMIN'] } } },
        { name: 'b', securityContext: { capabilities: { add: ['NET_RAW'] } } },
      ],
    };
    expect(only(run('baseline', 'latest', pod(spec)), 'capabilities_baseline')).toEqual({
      check: 'capabilities_baseline',
      reason: 'non-default capabilities',
      detail:
        'containers "a", "b" must not include "NET_RAW", "SYS_ADMIN" in securityContext.capabilities.add',
      paths: [
        '/spec/containers/0/securityContext/capabilities/add/0',
        '/spec/containers/0/securityContext/capabilities/add/2',
        '/spec/containers/1/securityContext/capabilities/add/0',
      ],
    });
    expect(only(run('restricted', 21, pod(spec)), 'capabilities_baseline').reason).toBe(
      'non-default capabilities',
    );
    expect(only(run('restricted', 22, pod(spec)), 'capabilities_restricted').detail).toBe(
      'containers "a", "b" must set securityContext.capabilities.drop=["ALL"]; containers "a", "b" must not include "CHOWN", "NET_RAW", "SYS_ADMIN" in securityContext.capabilities.add',
    );
  });

  it('host namespaces, ports, paths, probes', () => {
    expect(
      only(
        run('baseline', 0, pod({ hostPID: true, hostNetwork: true, hostIPC: true, containers: [] })),
        'hostNamespaces',
      ).detail,
    ).toBe('hostNetwork=true, hostPID=true, hostIPC=true');
    const ports: PodSpec = {
      containers: [
        { name: 'a', ports: [{ containerPort: 80, hostPort: 80 }] },
        { name: 'b', ports: [{ containerPort: 1, hostPort: 10000 }, { hostPort: 80 }] },
      ],
    };
    expect(only(run('baseline', 0, pod(ports)), 'hostPorts')).toEqual({
      check: 'hostPorts',
      reason: 'hostPort',
      detail: 'containers "a", "b" use hostPorts 10000, 80',
      paths: [
        '/spec/containers/0/ports/0/hostPort',
        '/spec/containers/1/ports/0/hostPort',
        '/spec/containers/1/ports/1/hostPort',
      ],
    });
    expect(
      only(run('baseline', 0, pod({ containers: [{ name: 'a', ports: [{ hostPort: 8080 }] }] })), 'hostPorts')
        .detail,
    ).toBe('container "a" uses hostPort 8080');
    const volumes: PodSpec = {
      volumes: [
        { name: 'a', hostPath: {} },
        { name: 'b', configMap: {} },
        { name: 'c', hostPath: {} },
      ],
    };
    expect(only(run('baseline', 0, pod(volumes)), 'hostPathVolumes').detail).toBe('volumes "a", "c"');
    const probes: PodSpec = {
      containers: [
        {
          name: 'b',
          livenessProbe: { httpGet: { host: 'y' } },
          lifecycle: { preStop: { tcpSocket: { host: 'x' } } },
        },
        { name: 'a', readinessProbe: { tcpSocket: { host: 'x' } } },
      ],
    };
    expect(only(run('baseline', 34, pod(probes)), 'hostProbesAndHostLifecycle')).toEqual({
      check: 'hostProbesAndHostLifecycle',
      reason: 'probe or lifecycle host',
      detail: 'containers "a", "b" use probe or lifecycle hosts "x", "y"',
      paths: [
        '/spec/containers/0/livenessProbe/httpGet/host',
        '/spec/containers/0/lifecycle/preStop/tcpSocket/host',
        '/spec/containers/1/readinessProbe/tcpSocket/host',
      ],
    });
  });

  it('restricted volume types name each type once, unknown last', () => {
    const spec: PodSpec = {
      volumes: [
        { name: 'a', emptyDir: {} },
        { name: 'b', hostPath: {} },
        { name: 'c', nfs: {} },
        { name: 'd', secret: {} },
        { name: 'e', somethingNew: {} },
        { name: 'f', nfs: {} },
      ],
    };
    expect(only(run('restricted', 0, pod(spec)), 'restrictedVolumes').detail).toBe(
      'volumes "b", "c", "e", "f" use restricted volume types "hostPath", "nfs", "unknown"',
    );
  });

  it('AppArmor fields and annotations', () => {
    const spec: PodSpec = {
      securityContext: { appArmorProfile: { type: 'Unconfined' } },
      containers: [{ name: 'a', securityContext: { appArmorProfile: { type: 'Unconfined' } } }],
    };
    const v = only(
      run(
        'baseline',
        'latest',
        pod(spec, { 'container.apparmor.security.beta.kubernetes.io/a': 'unconfined' }),
      ),
      'appArmorProfile',
    );
    expect(v).toEqual({
      check: 'appArmorProfile',
      reason: 'forbidden AppArmor profiles',
      detail:
        'pod and container "a" and annotation must not set AppArmor profile type to "Unconfined", "container.apparmor.security.beta.kubernetes.io/a="unconfined""',
      paths: [
        '/spec/securityContext/appArmorProfile/type',
        '/spec/containers/0/securityContext/appArmorProfile/type',
        '/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1a',
      ],
    });
    const annotationOnly = only(
      run(
        'baseline',
        0,
        pod({ containers: [] }, { 'container.apparmor.security.beta.kubernetes.io/a': 'unconfined' }),
      ),
      'appArmorProfile',
    );
    expect(annotationOnly.reason).toBe('forbidden AppArmor profile');
    expect(annotationOnly.detail).toBe(
      'annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/a="unconfined""',
    );
  });

  it('seLinuxOptions, procMount, hostProcess, privileged, allowPrivilegeEscalation, runAsUser', () => {
    const selinux: PodSpec = {
      securityContext: { seLinuxOptions: { type: 'foo', user: 'u' } },
      containers: [{ name: 'a', securityContext: { seLinuxOptions: { type: 'bar', role: 'r' } } }],
    };
    expect(only(run('baseline', 0, pod(selinux)), 'seLinuxOptions').detail).toBe(
      'pod and container "a" set forbidden securityContext.seLinuxOptions: types "bar", "foo"; user may not be set; role may not be set',
    );
    const proc: PodSpec = {
      containers: [
        { name: 'a', securityContext: { procMount: 'Unmasked' } },
        { name: 'b', securityContext: { procMount: 'Default' } },
      ],
    };
    expect(only(run('baseline', 35, pod(proc)), 'procMount').detail).toBe(
      'container "a" must not set securityContext.procMount to "Unmasked"',
    );
    expect(only(run('restricted', 35, pod(proc)), 'procMount_restricted').reason).toBe('procMount');
    const hostProcess: PodSpec = {
      securityContext: { windowsOptions: { hostProcess: true } },
      containers: [
        { name: 'a', securityContext: { windowsOptions: { hostProcess: true } } },
        { name: 'b', securityContext: { windowsOptions: { hostProcess: true } } },
      ],
    };
    expect(only(run('baseline', 0, pod(hostProcess)), 'windowsHostProcess').detail).toBe(
      'pod and containers "a", "b" must not set securityContext.windowsOptions.hostProcess=true',
    );
    const containers = [
      { name: 'a' },
      { name: 'b', securityContext: {} },
      { name: 'c', securityContext: { allowPrivilegeEscalation: true, privileged: true } },
      { name: 'd', securityContext: { allowPrivilegeEscalation: false } },
    ];
    expect(only(run('restricted', 8, pod({ containers })), 'allowPrivilegeEscalation').detail).toBe(
      'containers "a", "b", "c" must set securityContext.allowPrivilegeEscalation=false',
    );
    expect(only(run('baseline', 0, pod({ containers })), 'privileged').detail).toBe(
      'container "c" must not set securityContext.privileged=true',
    );
    const root: PodSpec = {
      securityContext: { runAsUser: 0 },
      initContainers: [{ name: 'i', securityContext: { runAsUser: 0 } }],
      containers: [{ name: 'a', securityContext: { runAsUser: 0 } }],
    };
    expect(only(run('restricted', 23, pod(root)), 'runAsUser').detail).toBe(
      'pod and containers "i", "a" must not set runAsUser=0',
    );
  });

  it('does not mutate its input', () => {
    const input = pod({ containers: [{ name: 'a' }], volumes: [{ name: 'v' }] });
    const before = JSON.stringify(input);
    evaluatePod('restricted', 'latest', input);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('tolerates missing and mistyped fields without throwing', () => {
    const weird = {
      metadata: null,
      spec: { containers: null, volumes: [null, 3, { name: 'x' }], securityContext: 'nope' },
    } as unknown as PodInput;
    expect(() => evaluatePod('restricted', 'latest', weird)).not.toThrow();
    expect(evaluatePod('restricted', 'latest', { spec: {} }).allowed).toBe(true);
  });
});
