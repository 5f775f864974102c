/**
 * Golden fixtures for the baseline controls (and how restricted treats them): the minimal valid
 * restricted pod plus one tweak, at both levels and every policy version v1.0..v1.39.
 */
import { it } from 'vitest';
import {
  addVolume,
  annotate,
  app,
  badSeccompAnnotation,
  badSeccompType,
  baseline,
  byLevel,
  type Expectation,
  ephemeral,
  init,
  minimalRestrictedPod,
  nonDefaultCapability,
  none,
  podSc,
  restricted,
  runGolden,
  sc,
  tweakTable,
  unmasked,
} from './fixtures.js';
import { evaluatePod } from './index.js';
import type { Container, PodInput } from './types.js';

const DEFAULT_CAPS = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD'];
const MORE_DEFAULT_CAPS = ['NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];
const OTHER_CAPS = [
  'NET_RAW',
  'SYS_ADMIN',
  'SYS_PTRACE',
  'NET_ADMIN',
  'SYS_MODULE',
  'BPF',
  'ALL',
  'CAP_CHOWN',
  'chown',
];

/** Sysctl name → first policy minor allowing it. */
const SYSCTLS: [string, number][] = [
  ['kernel.shm_rmid_forced', 0],
  ['net.ipv4.ip_local_port_range', 0],
  ['net.ipv4.tcp_syncookies', 0],
  ['net.ipv4.ping_group_range', 0],
  ['net.ipv4.ip_unprivileged_port_start', 0],
  ['net.ipv4.ip_local_reserved_ports', 27],
  ['net.ipv4.tcp_keepalive_time', 29],
  ['net.ipv4.tcp_fin_timeout', 29],
  ['net.ipv4.tcp_keepalive_intvl', 29],
  ['net.ipv4.tcp_keepalive_probes', 29],
  ['net.ipv4.tcp_rmem', 32],
  ['net.ipv4.tcp_wmem', 32],
  ['net.ipv4.tcp_slow_start_after_idle', 37],
  ['net.ipv4.tcp_notsent_lowat', 37],
];
const UNSAFE_SYSCTLS = [
  'net.core.somaxconn',
  'kernel.msgmax',
  'vm.swappiness',
  'net.ipv4.ip_forward',
  'kernel.shm_rmid',
];

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HOOKS = ['postStart', 'preStop'] as const;
const ACTIONS = ['httpGet', 'tcpSocket'] as const;
const hostProbe = baseline('hostProbesAndHostLifecycle', 34);

const APPARMOR_KEY = 'container.apparmor.security.beta.kubernetes.io/app';
const SECCOMP_POD_KEY = 'seccomp.security.alpha.kubernetes.io/pod';

const port = (hostPort?: number) => (c: Container) => {
  c.ports = [{ containerPort: 8080, ...(hostPort === undefined ? {} : { hostPort }) }];
};
const withCaps = (add: string[]) => (p: PodInput) => {
  sc(app(p)).capabilities = { drop: ['ALL'], add };
};

const TWEAKS = tweakTable((add) => {
  add('no tweak', () => {}, none);

  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    add(`${field}: true`, (p) => (p.spec[field] = true), baseline('hostNamespaces'));
    add(`${field}: false`, (p) => (p.spec[field] = false), none);
  }

  add('container privileged: true', (p) => (sc(app(p)).privileged = true), baseline('privileged'));
  add('container privileged: false', (p) => (sc(app(p)).privileged = false), none);
  add('init container privileged: true', (p) => (sc(init(p)).privileged = true), baseline('privileged'));
  add(
    'ephemeral privileged: true',
    (p) => ephemeral(p, (c) => (sc(c).privileged = true)),
    baseline('privileged'),
  );

  // Baseline allows the runtime defaults; restricted (1.22+) allows only NET_BIND_SERVICE.
  for (const cap of [...DEFAULT_CAPS, ...MORE_DEFAULT_CAPS]) {
    const atRestricted = cap === 'NET_BIND_SERVICE' ? none : restricted('capabilities_restricted', 22);
    add(`add capability ${cap}`, withCaps([cap]), atRestricted);
  }
  for (const cap of OTHER_CAPS) add(`add capability ${cap}`, withCaps([cap]), nonDefaultCapability);
  add(
    'init adds SYS_ADMIN',
    (p) => (sc(init(p)).capabilities = { drop: ['ALL'], add: ['SYS_ADMIN'] }),
    nonDefaultCapability,
  );
  const netRaw = (c: Container) => (sc(c).capabilities = { drop: ['ALL'], add: ['NET_RAW'] });
  add('ephemeral adds NET_RAW', (p) => ephemeral(p, netRaw), nonDefaultCapability);

  add(
    'hostPath volume',
    (p) => addVolume(p, { hostPath: { path: '/etc' } }),
    byLevel(baseline('hostPathVolumes'), restricted('restrictedVolumes')),
  );

  add('containerPort only', (p) => port()(app(p)), none);
  add('hostPort: 0', (p) => port(0)(app(p)), none);
  add('hostPort: 8080', (p) => port(8080)(app(p)), baseline('hostPorts'));
  add('hostPort: 1', (p) => port(1)(app(p)), baseline('hostPorts'));
  add('init container hostPort: 9090', (p) => port(9090)(init(p)), baseline('hostPorts'));
  add('ephemeral container hostPort: 80', (p) => ephemeral(p, port(80)), baseline('hostPorts'));

  for (const probe of PROBES) {
    for (const action of ACTIONS) {
      add(
        `${probe}.${action}.host set`,
        (p) => (app(p)[probe] = { [action]: { host: '169.254.169.254' } }),
        hostProbe,
      );
      add(`${probe}.${action}.host empty`, (p) => (app(p)[probe] = { [action]: { host: '' } }), none);
    }
  }
  for (const hook of HOOKS) {
    for (const action of ACTIONS) {
      add(
        `${hook}.${action}.host set`,
        (p) => (app(p).lifecycle = { [hook]: { [action]: { host: 'node' } } }),
        hostProbe,
      );
      add(`${hook}.${action} without host`, (p) => (app(p).lifecycle = { [hook]: { [action]: {} } }), none);
    }
  }
  add('init container probe host', (p) => (init(p).livenessProbe = { httpGet: { host: 'x' } }), hostProbe);
  add(
    'ephemeral probe host',
    (p) => ephemeral(p, (c) => (c.startupProbe = { tcpSocket: { host: 'x' } })),
    hostProbe,
  );

  // AppArmor: the annotation and the fields, at every version (the field check is not version-gated).
  for (const value of ['runtime/default', 'localhost/custom', '']) {
    add(`AppArmor annotation "${value}"`, (p) => annotate(p, APPARMOR_KEY, value), none);
  }
  for (const value of ['unconfined', 'localhost', 'docker/default', 'RuntimeDefault']) {
    add(
      `AppArmor annotation "${value}"`,
      (p) => annotate(p, APPARMOR_KEY, value),
      baseline('appArmorProfile'),
    );
  }
  const ghostKey = 'container.apparmor.security.beta.kubernetes.io/ghost';
  add(
    'AppArmor annotation, unknown container',
    (p) => annotate(p, ghostKey, 'unconfined'),
    baseline('appArmorProfile'),
  );
  for (const type of ['RuntimeDefault', 'Localhost']) {
    add(`pod appArmorProfile ${type}`, (p) => (podSc(p).appArmorProfile = { type }), none);
    add(`container appArmorProfile ${type}`, (p) => (sc(app(p)).appArmorProfile = { type }), none);
  }
  const unconfined = { type: 'Unconfined' };
  add(
    'pod appArmorProfile Unconfined',
    (p) => (podSc(p).appArmorProfile = unconfined),
    baseline('appArmorProfile'),
  );
  add(
    'container appArmorProfile Unconfined',
    (p) => (sc(app(p)).appArmorProfile = unconfined),
    baseline('appArmorProfile'),
  );
  const aaEphemeral = (p: PodInput) => ephemeral(p, (c) => (sc(c).appArmorProfile = unconfined));
  add('ephemeral appArmorProfile Unconfined', aaEphemeral, baseline('appArmorProfile'));

  // SELinux types per version; user and role never.
  for (const where of ['pod', 'container'] as const) {
    const set = (opts: Record<string, string>) => (p: PodInput) => {
      if (where === 'pod') podSc(p).seLinuxOptions = opts;
      else sc(app(p)).seLinuxOptions = opts;
    };
    for (const type of ['', 'container_t', 'container_init_t', 'container_kvm_t']) {
      add(`${where} seLinux type "${type}"`, set({ type }), none);
    }
    add(
      `${where} seLinux container_engine_t`,
      set({ type: 'container_engine_t' }),
      baseline('seLinuxOptions', 0, 31),
    );
    for (const type of ['spc_t', 'unconfined_t', 'container_logreader_t']) {
      add(`${where} seLinux type ${type}`, set({ type }), baseline('seLinuxOptions'));
    }
    add(`${where} seLinux user`, set({ user: 'system_u' }), baseline('seLinuxOptions'));
    add(`${where} seLinux role`, set({ role: 'system_r' }), baseline('seLinuxOptions'));
    add(`${where} seLinux level`, set({ level: 's0:c123,c456' }), none);
  }
  add(
    'init seLinux type spc_t',
    (p) => (sc(init(p)).seLinuxOptions = { type: 'spc_t' }),
    baseline('seLinuxOptions'),
  );

  // procMount, and the 1.35 user-namespace relaxation (baseline only).
  add('procMount Default', (p) => (sc(app(p)).procMount = 'Default'), none);
  add('procMount Unmasked', (p) => (sc(app(p)).procMount = 'Unmasked'), unmasked);
  add('init procMount Unmasked', (p) => (sc(init(p)).procMount = 'Unmasked'), unmasked);
  add('ephemeral procMount Unmasked', (p) => ephemeral(p, (c) => (sc(c).procMount = 'Unmasked')), unmasked);
  const userns = (hostUsers: boolean) => (p: PodInput) => {
    p.spec.hostUsers = hostUsers;
    sc(app(p)).procMount = 'Unmasked';
  };
  const relaxedAtBaseline: Expectation = byLevel(baseline('procMount', 0, 35), (level, minor) => [
    ...restricted('procMount', 0, 35)(level, minor),
    ...restricted('procMount_restricted', 35)(level, minor),
  ]);
  add('procMount Unmasked, hostUsers: false', userns(false), relaxedAtBaseline);
  add('procMount Unmasked, hostUsers: true', userns(true), unmasked);

  // seccomp: fields from 1.19, alpha annotations before.
  for (const type of ['RuntimeDefault', 'Localhost']) {
    add(`pod seccomp ${type}`, (p) => (podSc(p).seccompProfile = { type }), none);
    add(`container seccomp ${type}`, (p) => (sc(app(p)).seccompProfile = { type }), none);
  }
  add('pod seccomp Unconfined', (p) => (podSc(p).seccompProfile = unconfined), badSeccompType);
  add('container seccomp Unconfined', (p) => (sc(app(p)).seccompProfile = unconfined), badSeccompType);
  add(
    'ephemeral seccomp Unconfined',
    (p) => ephemeral(p, (c) => (sc(c).seccompProfile = unconfined)),
    badSeccompType,
  );
  for (const value of ['runtime/default', 'docker/default', 'localhost/profile.json']) {
    add(`seccomp pod annotation "${value}"`, (p) => annotate(p, SECCOMP_POD_KEY, value), none);
  }
  for (const value of ['unconfined', '', 'localhost']) {
    add(
      `seccomp pod annotation "${value}"`,
      (p) => annotate(p, SECCOMP_POD_KEY, value),
      badSeccompAnnotation,
    );
  }
  const containerKey = (name: string) => `container.seccomp.security.alpha.kubernetes.io/${name}`;
  add(
    'seccomp container annotation',
    (p) => annotate(p, containerKey('app'), 'unconfined'),
    badSeccompAnnotation,
  );
  add(
    'seccomp init annotation',
    (p) => annotate(p, containerKey('init'), 'unconfined'),
    badSeccompAnnotation,
  );
  add('seccomp annotation, unknown container', (p) => annotate(p, containerKey('ghost'), 'unconfined'), none);

  for (const [name, from] of SYSCTLS) {
    add(`sysctl ${name}`, (p) => (podSc(p).sysctls = [{ name, value: '1' }]), baseline('sysctls', 0, from));
  }
  for (const name of UNSAFE_SYSCTLS) {
    add(`sysctl ${name}`, (p) => (podSc(p).sysctls = [{ name, value: '1' }]), baseline('sysctls'));
  }

  const hostProcess = (on: boolean) => ({ hostProcess: on });
  add(
    'pod hostProcess: true',
    (p) => (podSc(p).windowsOptions = hostProcess(true)),
    baseline('windowsHostProcess'),
  );
  add(
    'container hostProcess: true',
    (p) => (sc(app(p)).windowsOptions = hostProcess(true)),
    baseline('windowsHostProcess'),
  );
  add(
    'init hostProcess: true',
    (p) => (sc(init(p)).windowsOptions = hostProcess(true)),
    baseline('windowsHostProcess'),
  );
  add('pod hostProcess: false', (p) => (podSc(p).windowsOptions = hostProcess(false)), none);
});

runGolden('golden fixtures: baseline controls', TWEAKS);

it('the minimal pod is allowed at every level and version', () => {
  for (const level of ['baseline', 'restricted'] as const) {
    for (let minor = 0; minor < 40; minor++) {
      if (!evaluatePod(level, { major: 1, minor }, minimalRestrictedPod()).allowed)
        throw new Error(`${level} v1.${minor}`);
    }
  }
});
