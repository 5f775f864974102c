/** The seeded generator every bench:compare corpus draws from (same seed, same bytes). */
import { rng } from '../_util.js';

export class Gen {
  private readonly r: () => number;
  constructor(seed: number) {
    this.r = rng(seed);
  }
  next(): number {
    return this.r();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }
  /** Picks by weight: `[[value, weight], ...]`. */
  weighted<T>(xs: readonly (readonly [T, number])[]): T {
    const total = xs.reduce((s, [, w]) => s + w, 0);
    let x = this.r() * total;
    for (const [v, w] of xs) {
      x -= w;
      if (x < 0) return v;
    }
    return xs[xs.length - 1]![0];
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  hex(n: number): string {
    let s = '';
    while (s.length < n)
      s += Math.floor(this.r() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    return s.slice(0, n);
  }
}

export const TEAMS = ['shop', 'payments', 'search', 'identity', 'media', 'ledger', 'ads', 'platform'];
export const APPS = [
  'api',
  'web',
  'worker',
  'gateway',
  'cache',
  'indexer',
  'scheduler',
  'notifier',
  'auth',
  'export',
  'billing',
  'catalog',
];
export const REGIONS = ['us-east-1', 'eu-west-1', 'ap-northeast-1'];
export const ACCOUNT = '111122223333';

/** An image reference the way teams write them: ECR tags, digests, public images, a few `latest`/untagged. */
export function image(g: Gen, team: string, app: string): string {
  const region = g.pick(REGIONS);
  return g.weighted<string>([
    [`${ACCOUNT}.dkr.ecr.${region}.amazonaws.com/${team}/${app}:v2.${g.int(0, 40)}.${g.int(0, 9)}`, 45],
    [`${ACCOUNT}.dkr.ecr.${region}.amazonaws.com/${team}/${app}@sha256:${g.hex(64)}`, 15],
    [`public.ecr.aws/nginx/nginx:1.27.${g.int(0, 3)}`, 8],
    [`docker.io/library/redis:7.4-alpine`, 6],
    [`ghcr.io/example/${app}:latest`, 8],
    [`quay.io/prometheus/node-exporter:v1.8.${g.int(0, 2)}`, 5],
    [`busybox`, 4],
    [`registry.k8s.io/ingress-nginx/controller:v1.11.${g.int(0, 3)}`, 4],
    [`${app}:dev`, 5],
  ]);
}
