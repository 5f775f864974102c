#!/usr/bin/env node
// Differential check of hako's two Terraform readers: every Terraform case of every rule example
// file (src/rules/*/*.examples.yaml and companions) is planned by real Terraform, then scanned by
// the built CLI (a) as `.tf` files alone and (b) as the same `.tf` files plus the plan JSON from
// `terraform show -json`. The findings of the rule under test must be the same (rule, file, line).
//
// A developer tool, NOT part of `npm test`: CI has no Terraform binary and no AWS provider binary.
// To reproduce (Terraform 1.11.x on PATH, an AWS provider binary in a directory of its own):
//
//   npm run build
//   TF_PROVIDER_DIR=/tmp/tfp node scripts/plan-differential.mjs            # every case
//   node scripts/plan-differential.mjs --rule ECR-001 --case "MUTABLE"      # a subset
//   node scripts/plan-differential.mjs --jobs 3 --keep                      # keep the work dirs
//
// The provider is used through a CLI config `dev_overrides` (no `terraform init`, works offline) and
// a separate `provider.tf` with mock credentials, so the lines of the case's own files do not move.
// Per case it runs `terraform plan -out tfplan -refresh=false -input=false` (which validates the
// configuration first); when the plan fails it also runs `terraform validate` to tell a broken
// configuration from a plan-time error. Skipped, and counted: cases with resources of another
// provider (kubernetes_*: not installable offline), root variables without a value (unless
// VAR_VALUES below gives one), and data sources that call AWS. A case's own hand-written plan JSON
// (the `.plan.examples.yaml` companions) is left out: the real plan replaces it, planned with the
// variable values that hand-written plan records (`variables`).
//
// Output: a summary table on stdout and a JSON report in /tmp/plan-diff/report.json (--out to
// change). Exit code 1 when a case differs or real Terraform rejects a case meant to be valid.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const ONLY_RULE = opt('--rule');
const ONLY_CASE = opt('--case');
const JOBS = Number(opt('--jobs', '2'));
const OUT = opt('--out', '/tmp/plan-diff/report.json');
const KEEP = args.includes('--keep');
const WORK = opt('--work', '/tmp/plan-diff/work');
const PROVIDER_DIR = process.env.TF_PROVIDER_DIR ?? '/tmp/tfp';
const TERRAFORM = process.env.TERRAFORM ?? 'terraform';
const DATE = '2026-11-28';
/**
 * hako's own check of Terraform arguments against the provider schema (HAKO-003; task definitions:
 * ECS-017), compared with Terraform's validation.
 */
const SCHEMA = ['HAKO-003', 'ECS-017'];

/** Rules whose bad cases are deliberately invalid Terraform (the rule checks that). */
const INVALID_BY_DESIGN = new Set(['HAKO-003', 'ECS-017']);

/**
 * Bad cases of other rules that show a mistake real Terraform rejects too (the provider's own
 * validation): `<RULE-ID> <case name>`. hako reports them from the `.tf` alone; there is no plan.
 */
const INVALID_CASES = new Set([
  'ECR-008 Terraform: filter type WILDCARD (only PREFIX_MATCH exists)',
  'EKS-012 Terraform: association without access_scope',
  'EKS-003 Terraform: encryption_config { enable = true } (no such argument: nothing is encrypted)',
]);

/**
 * Values for root variables without a default, by `<RULE-ID> <bad|good> <case name>`: only for
 * cases whose point does not depend on the value being unknown.
 */
const VAR_VALUES = {};

/** Data sources that the AWS provider computes locally (no API call). */
const OFFLINE_DATA = new Set(['aws_iam_policy_document', 'aws_ecr_lifecycle_policy_document']);

const PROVIDER_TF = `provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock-access-key"
  secret_key                  = "mock-secret-key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
`;

function ruleIds() {
  const ids = new Map();
  for (const svc of readdirSync(path.join(ROOT, 'src/rules'), { withFileTypes: true })) {
    if (!svc.isDirectory() || svc.name.startsWith('_')) continue;
    const dir = path.join(ROOT, 'src/rules', svc.name);
    for (const f of readdirSync(dir)) {
      if (!f.endsWith('.ts') || f.endsWith('.test.ts') || f.startsWith('_')) continue;
      const m = /\bid:\s*'([A-Z]+-\d+)'/.exec(readFileSync(path.join(dir, f), 'utf8'));
      if (m) ids.set(`${svc.name}/${f.slice(0, -3)}`, m[1]);
    }
  }
  return ids;
}

const isHandPlan = (name, text) =>
  name.endsWith('.json') && /"format_version"/.test(text) && /"terraform_version"/.test(text);

function collectCases() {
  const ids = ruleIds();
  const cases = [];
  for (const svc of readdirSync(path.join(ROOT, 'src/rules'), { withFileTypes: true })) {
    if (!svc.isDirectory()) continue;
    const dir = path.join(ROOT, 'src/rules', svc.name);
    for (const f of readdirSync(dir).sort()) {
      if (!f.endsWith('.examples.yaml')) continue;
      const slug = f.split('.')[0];
      const ruleId = ids.get(`${svc.name}/${slug}`);
      if (!ruleId) continue;
      if (ONLY_RULE && ruleId !== ONLY_RULE) continue;
      const data = parse(readFileSync(path.join(dir, f), 'utf8')) ?? {};
      for (const kind of ['bad', 'good']) {
        (data[kind] ?? []).forEach((c, index) => {
          const names = Object.keys(c.files ?? {});
          if (!names.some((n) => n.endsWith('.tf'))) return;
          if (ONLY_CASE && !c.name.includes(ONLY_CASE)) return;
          cases.push({
            ruleId,
            exampleFile: `src/rules/${svc.name}/${f}`,
            kind,
            index,
            name: c.name,
            case: c,
          });
        });
      }
    }
  }
  return cases;
}

function handPlanVars(files, handPlans) {
  const out = {};
  for (const name of handPlans) {
    let plan;
    try {
      plan = JSON.parse(files[name]);
    } catch {
      continue;
    }
    for (const [k, v] of Object.entries(plan.variables ?? {})) {
      if (v?.value === undefined) continue;
      out[k] = typeof v.value === 'string' ? v.value : JSON.stringify(v.value);
    }
  }
  return out;
}

/**
 * The root modules of a case: the directories of its `.tf` files, except those another one calls
 * as a local module (`source = "./modules/x"`).
 */
function rootDirs(files) {
  const dirs = new Set();
  const called = new Set();
  for (const [name, text] of Object.entries(files)) {
    if (!name.endsWith('.tf')) continue;
    const dir = path.posix.dirname(name);
    dirs.add(dir);
    for (const m of text.matchAll(/^\s*source\s*=\s*"(\.{1,2}\/[^"]*)"/gm))
      called.add(path.posix.normalize(path.posix.join(dir, m[1])));
  }
  return [...dirs].filter((d) => !called.has(d)).sort();
}

function write(dir, files) {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const p = path.join(dir, name);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
}

async function sh(cmd, argv, cwd, env) {
  try {
    const r = await run(cmd, argv, { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 180_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    return {
      code: typeof e.code === 'number' ? e.code : 1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? String(e),
    };
  }
}

/** The `Error: ...` diagnostics of Terraform's plain-text output, one line each. */
function diagnostics(text) {
  const out = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^(?:│\s*)?Error: (.*)$/.exec(lines[i].trim());
    if (!m) continue;
    const rest = [];
    for (let j = i + 1; j < lines.length && rest.length < 8; j++) {
      const t = lines[j].replace(/^│\s?/, '').trim();
      if (/^(?:│\s*)?(?:Error|Warning): /.test(lines[j].trim()) || t.startsWith('╵')) break;
      if (t) rest.push(t);
    }
    out.push(`${m[1]} — ${rest.join(' ')}`.trim());
  }
  return out;
}

async function scan(dir, ruleId) {
  const r = await sh(
    process.execPath,
    [
      path.join(ROOT, 'bin/hako.js'),
      'scan',
      dir,
      '--format',
      'json',
      '--date',
      DATE,
      '--rules',
      [...new Set([ruleId, ...SCHEMA])].join(','),
      '--soft-fail',
    ],
    ROOT,
    process.env,
  );
  let json;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    return {
      error: `hako exited ${r.code}: ${r.stderr.slice(0, 500)}`,
      findings: [],
      schema: [],
      errors: [],
    };
  }
  const pick = (id) =>
    json.findings
      .filter((f) => f.ruleId === id)
      .map((f) => ({
        file: path.relative(dir, f.location.file),
        line: f.location.startLine,
        message: f.message,
        address: f.resource?.address ?? null,
      }));
  const findings = pick(ruleId);
  const schema = SCHEMA.flatMap((id) => pick(id).map((f) => ({ rule: id, ...f })));
  const errors = (json.errors ?? []).map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
  const unreadable = json.findings.filter((f) => f.ruleId === 'HAKO-001').map((f) => f.message);
  return { findings, schema, errors: [...errors, ...unreadable] };
}

const key = (f) => `${f.file}:${f.line}`;

/** Findings of `x` not matched (file and line) in `y`, as a multiset. */
function minus(x, y) {
  const left = y.map(key);
  const out = [];
  for (const f of x) {
    const i = left.indexOf(key(f));
    if (i >= 0) left.splice(i, 1);
    else out.push(f);
  }
  return out;
}

async function runCase(c, n) {
  const base = path.join(WORK, `${String(n).padStart(3, '0')}-${c.ruleId}-${c.kind}${c.index}`);
  rmSync(base, { recursive: true, force: true });
  const files = {};
  const handPlans = [];
  for (const [name, text] of Object.entries(c.case.files)) {
    if (isHandPlan(name, text)) handPlans.push(name);
    else files[name] = text;
  }
  const res = {
    ruleId: c.ruleId,
    exampleFile: c.exampleFile,
    kind: c.kind,
    index: c.index,
    name: c.name,
    handPlans,
    status: 'ok',
    expectInvalid:
      c.kind === 'bad' && (INVALID_BY_DESIGN.has(c.ruleId) || INVALID_CASES.has(`${c.ruleId} ${c.name}`)),
    vars: {},
    validateErrors: [],
    planErrors: [],
  };
  const all = Object.values(files).join('\n');
  const foreign = [...all.matchAll(/^\s*(?:resource|data)\s+"([a-z0-9]+)_[a-z0-9_]+"/gm)]
    .map((m) => m[1])
    .filter((p) => p !== 'aws' && p !== 'terraform');
  if (foreign.length) {
    res.status = 'skipped';
    res.reason = `resources of another provider: ${[...new Set(foreign)].join(', ')}`;
    return res;
  }
  const online = [...all.matchAll(/^\s*data\s+"(aws_[a-z0-9_]+)"/gm)]
    .map((m) => m[1])
    .filter((t) => !OFFLINE_DATA.has(t));
  if (online.length) {
    res.status = 'skipped';
    res.reason = `data sources that call AWS: ${[...new Set(online)].join(', ')}`;
    return res;
  }

  const cli = path.join(base, 'cli.tfrc');
  mkdirSync(base, { recursive: true });
  writeFileSync(
    cli,
    `provider_installation {\n  dev_overrides {\n    "hashicorp/aws" = "${PROVIDER_DIR}"\n  }\n  direct {}\n}\n`,
  );
  const env = { ...process.env, TF_CLI_CONFIG_FILE: cli, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
  const tfBase = path.join(base, 'tf');
  write(tfBase, files);
  const roots = rootDirs(files);
  res.roots = roots;
  const plans = {};
  for (const root of roots) {
    const tfDir = path.join(tfBase, root);
    const tag = root === '.' ? '' : `${root}: `;
    writeFileSync(path.join(tfDir, 'provider.tf'), PROVIDER_TF);
    const rootText = Object.entries(files)
      .filter(([n]) => n.endsWith('.tf') && path.posix.dirname(n) === root)
      .map(([, t]) => t)
      .join('\n');
    if (/^\s*module\s+"/m.test(rootText)) {
      const g = await sh(TERRAFORM, ['get', '-no-color'], tfDir, env);
      if (g.code !== 0) res.planErrors.push(...diagnostics(g.stderr + g.stdout).map((e) => tag + e));
    }
    // The case's own plan says which values it was planned with: the same ones, for its variables.
    const declared = new Set([...rootText.matchAll(/^\s*variable\s+"([^"]+)"/gm)].map((m) => m[1]));
    const own = handPlans.filter((h) => path.posix.dirname(h) === root);
    const vars = Object.fromEntries(
      Object.entries({
        ...handPlanVars(c.case.files, own),
        ...VAR_VALUES[`${c.ruleId} ${c.kind} ${c.name}`],
      }).filter(([k]) => declared.has(k)),
    );
    const varArgs = Object.entries(vars).flatMap(([k, v]) => ['-var', `${k}=${v}`]);
    if (varArgs.length) res.vars[root] = vars;
    const plan = await sh(
      TERRAFORM,
      ['plan', '-out', 'tfplan', '-refresh=false', '-input=false', '-no-color', ...varArgs],
      tfDir,
      env,
    );
    if (plan.code !== 0) {
      const planErrors = diagnostics(plan.stderr + plan.stdout);
      const validate = await sh(TERRAFORM, ['validate', '-no-color'], tfDir, env);
      const validateErrors = validate.code === 0 ? [] : diagnostics(validate.stderr + validate.stdout);
      const missingVars = planErrors.filter((e) => e.startsWith('No value for required variable'));
      if (validateErrors.length === 0 && missingVars.length === planErrors.length && missingVars.length) {
        res.status = 'skipped';
        res.reason = `variables without a value: ${[...plan.stderr.matchAll(/input variable "([^"]+)" is not set/g)].map((m) => tag + m[1]).join(', ')}`;
        return res;
      }
      res.validateErrors.push(...validateErrors.map((e) => tag + e));
      res.planErrors.push(...planErrors.map((e) => tag + e));
      continue;
    }
    const show = await sh(TERRAFORM, ['show', '-json', 'tfplan'], tfDir, env);
    if (show.code !== 0) {
      res.planErrors.push(...diagnostics(show.stderr).map((e) => tag + e));
      continue;
    }
    plans[path.posix.join(root, 'plan.json')] = show.stdout;
  }
  const aDir = path.join(base, 'a');
  const bDir = path.join(base, 'b');
  write(aDir, files);
  if (res.planErrors.length || res.validateErrors.length) {
    res.status = res.expectInvalid ? 'invalid-as-intended' : 'terraform-error';
    // Terraform rejects it: does hako's schema check (HAKO-003) say so from the .tf alone?
    // (scanned without the case's rule: HAKO-003 leaves to a service rule what that rule reports)
    res.schemaFindings = (await scan(aDir, SCHEMA[0])).schema;
    return res;
  }
  res.planned = true;
  if (res.expectInvalid) res.plannedThoughInvalid = true;
  write(bDir, { ...files, ...plans });
  const [a, b] = [await scan(aDir, c.ruleId), await scan(bDir, c.ruleId)];
  res.a = a.findings;
  res.b = b.findings;
  // Terraform planned it: a HAKO-003 finding is a schema check stricter than Terraform.
  if (a.schema.length) res.schemaFindings = a.schema;
  if (a.error || b.error) {
    res.status = 'hako-error';
    res.hakoError = a.error ?? b.error;
    return res;
  }
  res.missingInB = minus(a.findings, b.findings);
  res.extraInB = minus(b.findings, a.findings);
  const newErrors = b.errors.filter((e) => !a.errors.includes(e));
  if (newErrors.length) res.errorsInB = newErrors;
  const expected = c.kind === 'bad' ? c.case.lines : [];
  const linesOf = (fs) => JSON.stringify(fs.map((f) => f.line));
  if (handPlans.length) {
    // The example asserts what its .tf plus its plan give: the real plan must give the same, and
    // (a) may differ legitimately (values known only at plan time).
    res.reference = 'example lines (case has its own plan)';
    if (expected && linesOf(b.findings) !== JSON.stringify(expected))
      res.bDiffersFromExample = { expected, got: b.findings.map((f) => f.line) };
    if (res.bDiffersFromExample || newErrors.length) res.status = 'differs';
  } else {
    res.reference = '.tf alone';
    if (expected && linesOf(a.findings) !== JSON.stringify(expected))
      res.aDiffersFromExample = { expected, got: a.findings.map((f) => f.line) };
    if (res.missingInB.length || res.extraInB.length || newErrors.length) res.status = 'differs';
  }
  if (!KEEP) rmSync(base, { recursive: true, force: true });
  return res;
}

async function main() {
  if (!existsSync(path.join(ROOT, 'dist/cli'))) {
    console.error('run `npm run build` first');
    process.exit(2);
  }
  const cases = collectCases();
  mkdirSync(WORK, { recursive: true });
  const results = new Array(cases.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      results[i] = await runCase(cases[i], i).catch((e) => ({
        ...cases[i],
        case: undefined,
        status: 'crash',
        error: String(e),
      }));
      done++;
      const r = results[i];
      process.stderr.write(
        `[${done}/${cases.length}] ${r.status.padEnd(19)} ${r.ruleId} ${r.kind}: ${r.name}\n`,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, JOBS) }, worker));

  const counts = {};
  for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  const byRule = new Map();
  for (const r of results) {
    const row = byRule.get(r.ruleId) ?? { cases: 0, ok: 0, differs: 0, tfError: 0, skipped: 0, other: 0 };
    row.cases++;
    if (r.status === 'ok' || r.status === 'invalid-as-intended') row.ok++;
    else if (r.status === 'differs') row.differs++;
    else if (r.status === 'terraform-error') row.tfError++;
    else if (r.status === 'skipped') row.skipped++;
    else row.other++;
    byRule.set(r.ruleId, row);
  }
  console.log('rule       cases  ok  differs  tf-error  skipped  other');
  for (const [id, r] of [...byRule].sort()) {
    console.log(
      `${id.padEnd(10)} ${String(r.cases).padStart(5)} ${String(r.ok).padStart(3)} ${String(r.differs).padStart(8)} ${String(r.tfError).padStart(9)} ${String(r.skipped).padStart(8)} ${String(r.other).padStart(6)}`,
    );
  }
  console.log(
    `\ntotal ${results.length}: ${Object.entries(counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  for (const r of results) {
    if (r.status === 'ok' || r.status === 'invalid-as-intended') continue;
    console.log(`\n${r.status}: ${r.ruleId} ${r.kind} #${r.index} "${r.name}" (${r.exampleFile})`);
    if (r.reason) console.log(`  ${r.reason}`);
    if (r.bDiffersFromExample)
      console.log(
        `  with the real plan: lines ${JSON.stringify(r.bDiffersFromExample.got)}, example says ${JSON.stringify(r.bDiffersFromExample.expected)}`,
      );
    for (const e of r.validateErrors ?? []) console.log(`  validate: ${e}`);
    for (const e of r.planErrors ?? []) console.log(`  plan: ${e}`);
    const info = r.handPlans?.length ? '(info) ' : '';
    for (const f of r.missingInB ?? []) console.log(`  ${info}only .tf:        ${key(f)} ${f.message}`);
    for (const f of r.extraInB ?? []) console.log(`  ${info}only with plan:  ${key(f)} ${f.message}`);
    for (const e of r.errorsInB ?? []) console.log(`  error with plan: ${e}`);
    if (r.hakoError) console.log(`  ${r.hakoError}`);
    if (r.status === 'terraform-error' && r.schemaFindings?.length === 0)
      console.log('  HAKO-003 says nothing of what Terraform rejects');
    if (r.error) console.log(`  ${r.error}`);
  }
  // Terraform plans these, hako's schema check (HAKO-003/ECS-017) rejects them: a bad case of a
  // schema rule may rightly be one (a mistake only AWS rejects, at apply); any other is suspect.
  const stricter = results.filter((r) => r.planned && r.schemaFindings?.length);
  const laxer = results.filter(
    (r) =>
      (r.status === 'terraform-error' || r.status === 'invalid-as-intended') &&
      r.schemaFindings?.length === 0,
  );
  console.log(
    `\nSchema check (HAKO-003/ECS-017) vs Terraform: ${stricter.length} planned case(s) it rejects, ${laxer.length} rejected case(s) it accepts`,
  );
  for (const r of stricter)
    for (const f of r.schemaFindings)
      console.log(
        `  hako only: ${r.ruleId} ${r.kind} "${r.name}": ${f.rule} ${key(f)} ${f.message.slice(0, 140)}`,
      );
  for (const r of laxer)
    console.log(
      `  Terraform only: ${r.ruleId} ${r.kind} "${r.name}": ${(r.validateErrors[0] ?? r.planErrors[0] ?? '').slice(0, 160)}`,
    );
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify({ date: new Date().toISOString(), counts, results }, null, 2)}\n`);
  console.log(`\nreport: ${OUT}`);
  const bad = results.some((r) => !['ok', 'skipped', 'invalid-as-intended'].includes(r.status));
  process.exit(bad ? 1 : 0);
}

await main();
