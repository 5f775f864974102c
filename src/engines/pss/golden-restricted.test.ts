/**
 * Golden fixtures for the restricted controls, the Windows and user-namespace exemptions, and
 * combinations: the minimal valid restricted pod plus one tweak, at both levels and every policy
 * version v1.0..v1.39.
 */
import {
  addVolume,
  all,
  app,
  badSeccompType,
  baseline,
  byLevel,
  ephemeral,
  init,
  nonDefaultCapability,
  none,
  podSc,
  restricted,
  runGolden,
  sc,
  tweakTable,
} from './fixtures.js';
import type { PodInput } from './types.js';

const ALLOWED_VOLUMES: Record<string, unknown>[] = [
  { configMap: { name: 'cm' } },
  { csi: { driver: 'ebs.csi.aws.com' } },
  { downwardAPI: { items: [] } },
  { emptyDir: {} },
  { ephemeral: { volumeClaimTemplate: { spec: {} } } },
  { image: { reference: 'registry.example/data:1' } },
  { persistentVolumeClaim: { claimName: 'data' } },
  { projected: { sources: [] } },
  { secret: { secretName: 's' } },
];
const RESTRICTED_VOLUMES = [
  ...['gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd'],
  ...['flexVolume', 'cinder', 'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte'],
  ...['azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos'],
];

const capsRestricted = restricted('capabilities_restricted', 22);
const ape = restricted('allowPrivilegeEscalation', 8);
const windows = (p: PodInput): void => {
  p.spec.os = { name: 'windows' };
};
const seq =
  (...steps: ((p: PodInput) => void)[]) =>
  (p: PodInput) => {
    for (const step of steps) step(p);
  };
const hostUsersFalse = (p: PodInput): void => {
  p.spec.hostUsers = false;
};

const TWEAKS = tweakTable((add) => {
  // capabilities_restricted: drop must contain exactly "ALL".
  add('drop: []', (p) => (sc(app(p)).capabilities = { drop: [] }), capsRestricted);
  add('drop: [all] (lower case)', (p) => (sc(app(p)).capabilities = { drop: ['all'] }), capsRestricted);
  add('drop: [NET_RAW]', (p) => (sc(app(p)).capabilities = { drop: ['NET_RAW'] }), capsRestricted);
  add('drop: [NET_RAW, ALL]', (p) => (sc(app(p)).capabilities = { drop: ['NET_RAW', 'ALL'] }), none);
  add('capabilities unset', (p) => delete sc(app(p)).capabilities, capsRestricted);
  add('init securityContext unset', (p) => delete init(p).securityContext, all(ape, capsRestricted));
  add(
    'ephemeral securityContext unset',
    (p) => ephemeral(p, (c) => delete c.securityContext),
    all(ape, capsRestricted),
  );

  // restrictedVolumes: nine allowed sources (image included at every version).
  for (const volume of ALLOWED_VOLUMES)
    add(`volume ${Object.keys(volume)[0]}`, (p) => addVolume(p, volume), none);
  for (const type of RESTRICTED_VOLUMES) {
    add(`volume ${type}`, (p) => addVolume(p, { [type]: {} }), restricted('restrictedVolumes'));
  }
  add('volume with no source (defaulted to emptyDir)', (p) => addVolume(p, {}), none);
  add('volume hostPath: null (defaulted to emptyDir)', (p) => addVolume(p, { hostPath: null }), none);
  add(
    'volume with an unknown source',
    (p) => addVolume(p, { madeUpVolume: {} }),
    restricted('restrictedVolumes'),
  );

  // allowPrivilegeEscalation (1.8+): must be explicitly false.
  add('allowPrivilegeEscalation unset', (p) => delete sc(app(p)).allowPrivilegeEscalation, ape);
  add('allowPrivilegeEscalation: true', (p) => (sc(app(p)).allowPrivilegeEscalation = true), ape);
  add('init allowPrivilegeEscalation: true', (p) => (sc(init(p)).allowPrivilegeEscalation = true), ape);

  // runAsNonRoot: pod-level true covers containers; relaxed for user namespaces from 1.35.
  add('pod runAsNonRoot unset', (p) => delete podSc(p).runAsNonRoot, restricted('runAsNonRoot'));
  add('pod runAsNonRoot: false', (p) => (podSc(p).runAsNonRoot = false), restricted('runAsNonRoot'));
  add('container runAsNonRoot: false', (p) => (sc(app(p)).runAsNonRoot = false), restricted('runAsNonRoot'));
  add('container runAsNonRoot: true', (p) => (sc(app(p)).runAsNonRoot = true), none);
  const everyContainerNonRoot = (p: PodInput) => {
    delete podSc(p).runAsNonRoot;
    sc(app(p)).runAsNonRoot = true;
    sc(init(p)).runAsNonRoot = true;
  };
  add('pod runAsNonRoot unset, every container true', everyContainerNonRoot, none);
  const onlyApp = (p: PodInput) => {
    delete podSc(p).runAsNonRoot;
    sc(app(p)).runAsNonRoot = true;
  };
  add('pod runAsNonRoot unset, only app true', onlyApp, restricted('runAsNonRoot'));
  add(
    'pod runAsNonRoot unset, ephemeral true',
    seq(everyContainerNonRoot, (p) => ephemeral(p, (c) => (sc(c).runAsNonRoot = true))),
    none,
  );
  add(
    'pod runAsNonRoot unset, ephemeral unset',
    seq(everyContainerNonRoot, (p) => ephemeral(p)),
    restricted('runAsNonRoot'),
  );
  const unsetNonRoot = (p: PodInput) => delete podSc(p).runAsNonRoot;
  add(
    'pod runAsNonRoot unset, hostUsers: false',
    seq(unsetNonRoot, hostUsersFalse),
    restricted('runAsNonRoot', 0, 35),
  );
  const falseNonRoot = (p: PodInput) => (podSc(p).runAsNonRoot = false);
  add(
    'pod runAsNonRoot: false, hostUsers: false',
    seq(falseNonRoot, hostUsersFalse),
    restricted('runAsNonRoot', 0, 35),
  );

  // runAsUser (1.23+): never 0; relaxed for user namespaces from 1.35.
  add('pod runAsUser: 0', (p) => (podSc(p).runAsUser = 0), restricted('runAsUser', 23));
  add('container runAsUser: 0', (p) => (sc(app(p)).runAsUser = 0), restricted('runAsUser', 23));
  add('init runAsUser: 0', (p) => (sc(init(p)).runAsUser = 0), restricted('runAsUser', 23));
  add(
    'ephemeral runAsUser: 0',
    (p) => ephemeral(p, (c) => (sc(c).runAsUser = 0)),
    restricted('runAsUser', 23),
  );
  add('pod runAsUser: 1000', (p) => (podSc(p).runAsUser = 1000), none);
  const rootApp = (p: PodInput) => (sc(app(p)).runAsUser = 0);
  add(
    'container runAsUser: 0, hostUsers: false',
    seq(rootApp, hostUsersFalse),
    restricted('runAsUser', 23, 35),
  );
  add('hostUsers: false alone', hostUsersFalse, none);
  add('hostUsers: true alone', (p) => (p.spec.hostUsers = true), none);
  const sysAdmin = (p: PodInput) => (sc(app(p)).capabilities = { drop: ['ALL'], add: ['SYS_ADMIN'] });
  add('hostUsers: false does not relax capabilities', seq(hostUsersFalse, sysAdmin), nonDefaultCapability);
  const privileged = (p: PodInput) => (sc(app(p)).privileged = true);
  add('hostUsers: false does not relax privileged', seq(hostUsersFalse, privileged), baseline('privileged'));

  // seccompProfile_restricted (1.19+): set at pod level or on every container.
  const unsetSeccomp = (p: PodInput) => delete podSc(p).seccompProfile;
  add('pod seccomp unset', unsetSeccomp, restricted('seccompProfile_restricted', 19));
  const everyContainerSeccomp = (p: PodInput) => {
    unsetSeccomp(p);
    sc(app(p)).seccompProfile = { type: 'RuntimeDefault' };
    sc(init(p)).seccompProfile = { type: 'Localhost', localhostProfile: 'p.json' };
  };
  add('pod seccomp unset, every container set', everyContainerSeccomp, none);
  const appSeccomp = (p: PodInput) => (sc(app(p)).seccompProfile = { type: 'RuntimeDefault' });
  add(
    'pod seccomp unset, only app set',
    seq(unsetSeccomp, appSeccomp),
    restricted('seccompProfile_restricted', 19),
  );
  const lowerCase = (p: PodInput) => (podSc(p).seccompProfile = { type: 'runtimedefault' });
  add('pod seccomp type in lower case', lowerCase, badSeccompType);

  // Windows pods (spec.os.name: windows): the 1.25 restricted exemptions.
  add('windows pod', windows, none);
  add(
    'windows pod without capabilities',
    seq(windows, (p) => delete sc(app(p)).capabilities),
    restricted('capabilities_restricted', 22, 25),
  );
  const noApe = (p: PodInput) => delete sc(app(p)).allowPrivilegeEscalation;
  add(
    'windows pod without allowPrivilegeEscalation',
    seq(windows, noApe),
    restricted('allowPrivilegeEscalation', 8, 25),
  );
  add(
    'windows pod without seccomp',
    seq(windows, unsetSeccomp),
    restricted('seccompProfile_restricted', 19, 25),
  );
  const podUnconfined = (p: PodInput) => (podSc(p).seccompProfile = { type: 'Unconfined' });
  add(
    'windows pod with seccomp Unconfined',
    seq(windows, podUnconfined),
    byLevel(baseline('seccompProfile_baseline', 19), restricted('seccompProfile_restricted', 19, 25)),
  );
  add(
    'windows pod with runAsNonRoot unset (not exempt)',
    seq(windows, unsetNonRoot),
    restricted('runAsNonRoot'),
  );
  add('windows pod with runAsUser: 0 (not exempt)', seq(windows, rootApp), restricted('runAsUser', 23));
  const linux = (p: PodInput) => (p.spec.os = { name: 'linux' });
  add(
    'linux pod without capabilities',
    seq(linux, (p) => delete sc(app(p)).capabilities),
    capsRestricted,
  );
  const windowsUpper = (p: PodInput) => (p.spec.os = { name: 'Windows' });
  add('os.name "Windows" is not windows', seq(windowsUpper, noApe), ape);

  // Combinations.
  const bare = (p: PodInput) => {
    delete p.spec.securityContext;
    delete app(p).securityContext;
    delete init(p).securityContext;
  };
  const everyRestricted = all(
    ape,
    capsRestricted,
    restricted('runAsNonRoot'),
    restricted('seccompProfile_restricted', 19),
  );
  add('minimal baseline pod (no securityContext anywhere)', bare, everyRestricted);
  const several = (p: PodInput) => {
    p.spec.hostPID = true;
    sc(app(p)).privileged = true;
    podSc(p).runAsUser = 0;
    addVolume(p, { nfs: { server: 'n', path: '/' } });
  };
  add(
    'several checks at once',
    several,
    all(
      baseline('hostNamespaces'),
      baseline('privileged'),
      restricted('runAsUser', 23),
      restricted('restrictedVolumes'),
    ),
  );
});

runGolden('golden fixtures: restricted controls and exemptions', TWEAKS);
