/**
 * Scaffolds a rule: `npm run new-rule -- <pack> <slug> [--dry-run]`.
 *
 * Writes src/rules/<pack>/<slug>.ts (the next free ID of the pack, metadata in English and
 * Japanese with placeholders that satisfy the metadata checks, a check() that reports nothing
 * yet) and src/rules/<pack>/<slug>.examples.yaml (one bad and one good case to rewrite), runs
 * `npm run gen` (rule index and docs/rules) and prints what is left to do. `--dry-run` writes
 * nothing and prints the files instead. Exit 2 on a bad argument.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Input formats a new rule of the pack most likely reads (RuleMeta.inputs). */
const INPUTS: Record<string, string[]> = {
  ecs: ['ecs-json', 'terraform', 'terraform-plan', 'cloudformation'],
  ecr: ['ecr-json', 'terraform', 'terraform-plan', 'cloudformation'],
  eks: ['terraform', 'terraform-plan', 'cloudformation'],
  k8s: ['kubernetes'],
  rbac: ['kubernetes'],
  iam: ['iam-json', 'terraform', 'terraform-plan', 'cloudformation'],
};

/** A minimal input of the pack, for the example cases to start from. */
const SAMPLE: Record<string, { file: string; text: string }> = {
  ecs: {
    file: 'task.json',
    text: '{\n  "family": "web",\n  "containerDefinitions": [{ "name": "app", "image": "nginx:1.27" }]\n}\n',
  },
  ecr: { file: 'repository.json', text: '{ "repositoryName": "app" }\n' },
  eks: {
    file: 'main.tf',
    text: 'resource "aws_eks_cluster" "prod" {\n  name     = "prod"\n  role_arn = "arn:aws:iam::111122223333:role/eks"\n  vpc_config {\n    subnet_ids = ["subnet-1"]\n  }\n}\n',
  },
  rbac: {
    file: 'rbac.yaml',
    text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\nrules:\n  - apiGroups: [""]\n    resources: [pods]\n    verbs: [get]\n',
  },
  iam: {
    file: 'role.json',
    text: '{\n  "Role": {\n    "RoleName": "app",\n    "AssumeRolePolicyDocument": {\n      "Version": "2012-10-17",\n      "Statement": [{ "Effect": "Allow", "Principal": { "Service": "ecs-tasks.amazonaws.com" }, "Action": "sts:AssumeRole" }]\n    }\n  }\n}\n',
  },
  k8s: {
    file: 'pod.yaml',
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
  },
};

export interface Scaffold {
  id: string;
  files: { path: string; text: string }[];
  todo: string[];
}

/** The pack's rule IDs (with aliases), read from its rule files. */
function packIds(rulesDir: string, pack: string): string[] {
  const ids: string[] = [];
  if (!existsSync(path.join(rulesDir, pack))) return ids;
  for (const f of readdirSync(path.join(rulesDir, pack))) {
    if (!f.endsWith('.ts') || f.startsWith('_') || f.endsWith('.test.ts')) continue;
    const text = readFileSync(path.join(rulesDir, pack, f), 'utf8');
    for (const m of text.matchAll(/\b(?:id|aliases):\s*(?:\[)?\s*'([A-Z0-9]+-\d{3})'/g)) ids.push(m[1]!);
  }
  return ids;
}

/**
 * The next free ID: one above the highest of the pack's first hundred (K8S-1xx are the Pod
 * Security checks, a range of their own).
 */
export function nextId(pack: string, ids: string[]): string {
  const prefix = ids[0]?.split('-')[0] ?? pack.toUpperCase();
  const nums = ids.map((i) => Number(i.split('-')[1]));
  const block = nums.length > 0 ? Math.floor(Math.min(...nums) / 100) * 100 : 0;
  const inBlock = nums.filter((n) => n >= block && n < block + 100);
  const next = (inBlock.length > 0 ? Math.max(...inBlock) : block) + 1;
  return `${prefix}-${String(next).padStart(3, '0')}`;
}

export function scaffold(pack: string, slug: string, root = ROOT): Scaffold {
  const rulesDir = path.join(root, 'src', 'rules');
  // A pack is a rule folder, or a service of RuleMeta (its folder is created).
  const services = /export type Service =([^;]+);/.exec(
    readFileSync(path.join(rulesDir, 'types.ts'), 'utf8'),
  );
  const packs = [
    ...new Set([
      ...readdirSync(rulesDir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
        .map((d) => d.name),
      ...[...(services?.[1] ?? '').matchAll(/'([a-z0-9]+)'/g)].map((m) => m[1]!),
    ]),
  ].sort();
  if (!packs.includes(pack)) throw new UsageError(`unknown pack "${pack}" (one of ${packs.join(', ')})`);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) || !slug.startsWith(`${pack}-`))
    throw new UsageError(`slug "${slug}" must be kebab-case and start with "${pack}-"`);
  const rulePath = `src/rules/${pack}/${slug}.ts`;
  if (existsSync(path.join(root, rulePath))) throw new UsageError(`${rulePath} exists`);
  const ids = packIds(rulesDir, pack);
  const id = nextId(pack, ids);
  // IDs the catalogue (shared/spec/rules.md beside the checkout) lists that no rule has yet.
  const catalogue = path.join(root, '..', 'shared', 'spec', 'rules.md');
  const planned = existsSync(catalogue)
    ? [...readFileSync(catalogue, 'utf8').matchAll(/^\| ([A-Z0-9]+-\d{3}) \|/gm)]
        .map((m) => m[1]!)
        .filter((x) => x.startsWith(`${id.split('-')[0]}-`) && !ids.includes(x))
    : [];
  const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string })
    .version;
  const inputs = INPUTS[pack] ?? ['any'];
  const sample = SAMPLE[pack] ?? SAMPLE.k8s!;

  const rule = `/**
 * ${id}: TODO one paragraph: what is wrong, why it matters, what exactly fires and what does not
 * (absent settings: the provider/API default; unresolved values never fire).
 */
import { allResources } from '../../model/state.js';
import { defineRule, noEquivalents } from '../types.js';

export default defineRule<'found'>({
  meta: {
    id: '${id}',
    slug: '${slug}',
    service: '${pack}',
    severity: 'medium',
    title: {
      en: 'TODO short title',
      ja: 'TODO 短いタイトル',
    },
    rationale: {
      en: 'TODO why this matters: the attack or failure it allows, with the sourced facts.',
      ja: 'TODO なぜ問題か：許してしまう攻撃や障害を、出典のある事実とともに。',
    },
    remediation: {
      en: 'TODO how to fix it, with the exact setting.',
      ja: 'TODO 直し方（設定名を正確に）。',
    },
    references: ['https://docs.aws.amazon.com/TODO'],
    equivalents: noEquivalents(),
    inputs: ${JSON.stringify(inputs).replace(/"/g, "'").replace(/,/g, ', ')},
    messages: {
      en: { found: 'TODO message about "{name}"' },
      ja: { found: 'TODO "{name}" についてのメッセージ' },
    },
    since: '${version}',
  },
  check(state, ctx) {
    // TODO: read typed model values (state.aws.*, state.k8s.*) and report each offending value
    // at its own src: ctx.report({ at: value.src, resource, messageId: 'found', data: { ... } }).
    for (const resource of allResources(state)) {
      if (resource.ref.kind !== 'TODO') continue;
      ctx.report({ at: resource.src, resource, messageId: 'found', data: { name: resource.ref.name } });
    }
  },
});
`;
  const indent = (t: string) =>
    t
      .trimEnd()
      .split('\n')
      .map((l) => `        ${l}`)
      .join('\n');
  const examples = `# ${id} ${slug}: each bad case must produce this rule's findings at exactly \`lines\`
# (test/rules/examples.test.ts); each good case none. Add a case per input format the rule reads.
bad:
  - name: TODO a resource that breaks the rule
    files:
      ${sample.file}: |
${indent(sample.text)}
    lines: [1]
good:
  - name: TODO the same resource, fixed
    files:
      ${sample.file}: |
${indent(sample.text)}
`;
  return {
    id,
    files: [
      { path: rulePath, text: rule },
      { path: `src/rules/${pack}/${slug}.examples.yaml`, text: examples },
    ],
    todo: [
      planned.length > 0
        ? `the catalogue lists ${planned.join(', ')} with no rule yet: if this is one of them, take its ID and severity`
        : `add a row for ${id} to the rule catalogue (shared/spec/rules.md) with its severity`,
      `${rulePath}: title, rationale, remediation and messages in English and Japanese, references, equivalents, severity`,
      `${rulePath}: check() over typed model values, each finding at the offending value`,
      `src/rules/${pack}/${slug}.examples.yaml: real bad cases with exact lines, good cases, one per input format`,
      'npm run gen (again after editing metadata or examples: docs/rules is generated from them)',
      `npx vitest run test/meta test/rules -t ${id}`,
    ],
  };
}

class UsageError extends Error {}

function main(argv: string[]): number {
  const dry = argv.includes('--dry-run');
  const [pack, slug] = argv.filter((a) => !a.startsWith('--'));
  if (!pack || !slug) {
    console.error(
      'usage: npm run new-rule -- <pack> <slug> [--dry-run]   e.g. npm run new-rule -- ecs ecs-no-foo',
    );
    return 2;
  }
  let s: Scaffold;
  try {
    s = scaffold(pack, slug);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`new-rule: ${e.message}`);
    return 2;
  }
  if (dry) {
    for (const f of s.files) console.log(`--- ${f.path} (would write)\n${f.text}`);
    console.log('--- would run: npm run gen');
  } else {
    for (const f of s.files) {
      mkdirSync(path.dirname(path.join(ROOT, f.path)), { recursive: true });
      writeFileSync(path.join(ROOT, f.path), f.text);
      console.log(`wrote ${f.path}`);
    }
    execFileSync('npm', ['run', 'gen'], { cwd: ROOT, stdio: 'inherit' });
  }
  console.log(`\n${s.id} ${slug}: to do\n${s.todo.map((t) => `  - [ ] ${t}`).join('\n')}`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.exitCode = main(process.argv.slice(2));
}
