/**
 * restrictedVolumes (restricted, v1.0+) — upstream policy/check_restrictedVolumes.go.
 *
 * Beyond forbidding hostPath, restricted limits inline volume sources to: configMap, csi,
 * downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret.
 * (`image` was added to the single 1.0 revision in the 1.33 release, so it is allowed at every
 * policy version.) Overrides hostPathVolumes at every version.
 * A volume with an allowed source passes; otherwise its type is the first known restricted source
 * in upstream's order (hostPath, gcePersistentDisk, ... storageos), or `unknown`.
 * Reason `restricted volume types`; detail
 * `volume "a" uses restricted volume type "hostPath"` / `volumes "a", "b" use restricted volume types "hostPath", "nfs"`
 * (volumes in pod order; types sorted, de-duplicated).
 * API-server defaulting is applied first (evaluate.ts): a volume with no source becomes emptyDir.
 */
import { isObject, joinQuote, list, pluralize, sortedSet, str } from '../helpers.js';
import type { CheckDef, Forbidden, PodSpec } from '../types.js';
import { v1 } from '../version.js';

export const ALLOWED_VOLUME_SOURCES: readonly string[] = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

/** Upstream's switch order when naming a restricted volume's type. */
export const RESTRICTED_VOLUME_SOURCES: readonly string[] = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
];

function has(volume: Record<string, unknown>, key: string): boolean {
  return volume[key] !== undefined && volume[key] !== null;
}

const ALLOWED = new Set(ALLOWED_VOLUME_SOURCES);

/** Some allowed source is set: the volume's own keys looked up (a volume has two or three). */
function hasAllowedSource(volume: Record<string, unknown>): boolean {
  for (const key in volume) if (ALLOWED.has(key) && has(volume, key)) return true;
  return false;
}

function restrictedVolumes_1_0(_meta: unknown, spec: PodSpec): Forbidden | null {
  const names: string[] = [];
  const types: string[] = [];
  const paths: string[] = [];
  list(spec.volumes).forEach((volume, i) => {
    if (!isObject(volume) || hasAllowedSource(volume)) return;
    const type = RESTRICTED_VOLUME_SOURCES.find((key) => has(volume, key));
    names.push(str(volume.name));
    types.push(type ?? 'unknown');
    paths.push(type ? `/spec/volumes/${i}/${type}` : `/spec/volumes/${i}`);
  });
  if (names.length === 0) return null;
  const unique = sortedSet(types);
  return {
    reason: 'restricted volume types',
    detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('restricted volume type', 'restricted volume types', unique.length)} ${joinQuote(unique)}`,
    paths,
  };
}

export const restrictedVolumes: CheckDef = {
  id: 'restrictedVolumes',
  level: 'restricted',
  versions: [{ minimumVersion: v1(0), check: restrictedVolumes_1_0, overrides: ['hostPathVolumes'] }],
};
