/**
 * Which ECR images the scanned workloads still run: image references of ECS task definitions (and
 * the services that run them) and of Kubernetes workloads, joined to `describe-images` images by
 * repository and by digest (`repo@sha256:…`, also `repo:tag@sha256:…`, where the digest decides,
 * as the container runtime pulls by digest) or tag (none written: `latest`). Only references to an
 * ECR registry host (`<account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repo>`) are ECR images; an
 * unresolved reference (a Terraform expression) is not knowable and joins nothing.
 */
import type { EcrImage } from '../../model/aws/ecr.js';
import type { Resource } from '../../model/resource.js';
import { isKnown, type Src } from '../../model/source.js';
import type { State } from '../../model/state.js';
import { serviceTaskDefinition } from '../../rules/ecs/_joins.js';

export interface ImageRef {
  account: string;
  region: string;
  repository: string;
  tag?: string;
  digest?: string;
}

const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

/** An ECR image reference, or `undefined` for another registry or a malformed reference. */
export function parseImageRef(reference: string): ImageRef | undefined {
  const ref = reference.trim();
  const slash = ref.indexOf('/');
  if (slash < 0) return undefined;
  const host = ECR_HOST.exec(ref.slice(0, slash));
  if (!host) return undefined;
  let rest = ref.slice(slash + 1);
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (rest === '') return undefined;
  return {
    account: host[1] as string,
    region: host[2] as string,
    repository: rest,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

export interface InUse {
  /** The reference as written. */
  reference: string;
  ref: ImageRef;
  /** Who runs it: `Service "web"`, `TaskDefinition "web"`, `Deployment prod/api`. */
  user: string;
  /** Where the image is written (the container's `image`). */
  src: Src;
  resource: Resource;
}

/** Every ECR image reference of the scanned task definitions, services and Kubernetes workloads. */
export function collectInUse(state: State): InUse[] {
  const out: InUse[] = [];
  const { ecs } = state.aws;
  const servicesOf = new Map<unknown, string[]>();
  for (const svc of ecs.services) {
    const td = serviceTaskDefinition(state, svc);
    if (!td) continue;
    const name = isKnown(svc.name) ? svc.name.value : svc.ref.name;
    servicesOf.set(td, [...(servicesOf.get(td) ?? []), `Service ${JSON.stringify(name)}`]);
  }
  for (const td of ecs.taskDefinitions) {
    const users = servicesOf.get(td) ?? [
      `TaskDefinition ${JSON.stringify(isKnown(td.family) ? td.family.value : td.ref.name)}`,
    ];
    for (const c of td.containers) {
      if (!isKnown(c.image)) continue;
      const ref = parseImageRef(c.image.value);
      if (!ref) continue;
      for (const user of users)
        out.push({ reference: c.image.value, ref, user, src: c.image.src, resource: td });
    }
  }
  for (const w of state.k8s.workloads) {
    for (const c of w.containers) {
      if (!isKnown(c.image)) continue;
      const ref = parseImageRef(c.image.value);
      if (!ref) continue;
      const ns = isKnown(w.namespace) ? w.namespace.value : 'default';
      out.push({
        reference: c.image.value,
        ref,
        user: `${w.kind} ${ns}/${w.ref.name}`,
        src: c.image.src,
        resource: w,
      });
    }
  }
  return out;
}

/**
 * For each image (by index), the references that run it. An image's `repository` (and
 * `registryId`, when given) must equal the reference's; `repository` stands in when the images
 * carry none (`hako ecr lifecycle` on a file without `repositoryName`).
 */
export function usersOfImages(
  images: readonly Pick<EcrImage, 'digest' | 'tags' | 'repository' | 'registryId'>[],
  refs: readonly InUse[],
  repository?: string,
): Map<number, InUse[]> {
  const byDigest = new Map<string, number[]>();
  const byTag = new Map<string, number[]>();
  const key = (repo: string | undefined, account: string | undefined, x: string) =>
    `${repo}\u0000${account}\u0000${x}`;
  const add = (m: Map<string, number[]>, k: string, i: number) => {
    const l = m.get(k);
    if (l) l.push(i);
    else m.set(k, [i]);
  };
  images.forEach((img, i) => {
    const repo = img.repository ?? repository;
    for (const account of [undefined, img.registryId]) {
      if (account === undefined && img.registryId !== undefined) continue;
      add(byDigest, key(repo, account, img.digest), i);
      for (const t of img.tags) add(byTag, key(repo, account, t), i);
    }
  });
  const out = new Map<number, InUse[]>();
  for (const r of refs) {
    const hits = new Set<number>();
    for (const account of [undefined, r.ref.account]) {
      const k = r.ref.digest !== undefined ? r.ref.digest : (r.ref.tag ?? 'latest');
      for (const i of (r.ref.digest !== undefined ? byDigest : byTag).get(
        key(r.ref.repository, account, k),
      ) ?? [])
        hits.add(i);
    }
    for (const i of hits) out.set(i, [...(out.get(i) ?? []), r]);
  }
  return out;
}
