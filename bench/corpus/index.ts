/**
 * The corpora of bench:compare: generated once per (kind, size) into bench/out/compare/<kind>-<size>/
 * with a manifest beside it (`<kind>-<size>.json`, written last: its presence says the corpus is
 * complete); same seed, same bytes on every machine.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OUT } from '../_util.js';
import { cloudformation, ecsTaskDefinitions, terraform } from './iac.js';
import { type GeneratedFile, k8sMixed, k8sPlain } from './k8s.js';

export const CORPUS_KINDS = ['k8s', 'plain', 'tf', 'cfn', 'ecs'] as const;
export type CorpusKind = (typeof CORPUS_KINDS)[number];

/** What each corpus holds, in words (for the table and RESULTS). */
export const CORPUS_LABEL: Record<CorpusKind, string> = {
  k8s: 'Kubernetes documents (every pod-bearing kind + Services, ConfigMaps, RBAC, ...)',
  plain: 'plain workload documents (Deployment/StatefulSet/DaemonSet/Job/CronJob, no Services)',
  tf: 'Terraform .tf files (ECR, ECS, EKS, IAM; stacks of 5 files)',
  cfn: 'CloudFormation templates (ECR, ECS, EKS, IAM)',
  ecs: 'ECS task definitions (register-task-definition JSON)',
};

export interface CorpusManifest {
  kind: CorpusKind;
  size: number;
  docs: number;
  files: number;
  bytes: number;
  kinds: Record<string, number>;
}

function generator(kind: CorpusKind, size: number): Generator<GeneratedFile> {
  switch (kind) {
    case 'k8s':
      return k8sMixed(size);
    case 'plain':
      return k8sPlain(size);
    case 'tf':
      return terraform(size);
    case 'cfn':
      return cloudformation(size);
    case 'ecs':
      return ecsTaskDefinitions(size);
  }
}

export const corpusRoot = (): string => path.join(OUT, 'compare');

/** Writes the corpus unless a complete one is there; returns its directory and manifest. */
export function ensureCorpus(
  kind: CorpusKind,
  size: number,
  root = corpusRoot(),
  force = false,
): { dir: string; manifest: CorpusManifest } {
  const dir = path.join(root, `${kind}-${size}`);
  const manifestFile = `${dir}.json`;
  if (!force && existsSync(manifestFile) && existsSync(dir))
    return { dir, manifest: JSON.parse(readFileSync(manifestFile, 'utf8')) as CorpusManifest };
  rmSync(manifestFile, { force: true });
  rmSync(dir, { recursive: true, force: true });
  const m: CorpusManifest = { kind, size, docs: 0, files: 0, bytes: 0, kinds: {} };
  const made = new Set<string>();
  for (const f of generator(kind, size)) {
    const file = path.join(dir, f.path);
    const parent = path.dirname(file);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    writeFileSync(file, f.text);
    m.files++;
    m.docs += f.docs;
    m.bytes += Buffer.byteLength(f.text);
    for (const k of f.kinds) m.kinds[k] = (m.kinds[k] ?? 0) + 1;
  }
  writeFileSync(manifestFile, `${JSON.stringify(m, null, 2)}\n`);
  return { dir, manifest: m };
}
