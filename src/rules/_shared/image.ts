/**
 * Container image references, `[registry[:port]/]repository[:tag][@digest]` (the Docker reference
 * grammar), for the ECS and Kubernetes image rules.
 */
export interface ImageRef {
  /** `host[:port]` when the first path component is a registry (has `.` or `:`, or is `localhost`). */
  registry?: string;
  repository: string;
  tag?: string;
  /** e.g. `sha256:...` */
  digest?: string;
}

export function parseImage(ref: string): ImageRef {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { registry, repository: rest, tag, digest };
}

/** A reference still holding a template variable (`${TAG}`, `{{ .Values.tag }}`, `$(TAG)`). */
export function isTemplated(ref: string): boolean {
  return /\$\{|\{\{|\$\(/.test(ref);
}

/**
 * An Amazon ECR private registry: `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`, or the
 * dual-stack `<account>.dkr-ecr[-fips].<region>.on.aws`. (ECR Public, `public.ecr.aws`, is not.)
 */
export function isPrivateEcrRegistry(registry: string | undefined): boolean {
  if (registry === undefined) return false;
  const host = registry.toLowerCase();
  return (
    /^\d{12}\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/.test(host) ||
    /^\d{12}\.dkr-ecr(?:-fips)?\.[a-z0-9-]+\.on\.aws$/.test(host)
  );
}
