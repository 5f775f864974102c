/**
 * `hako scan --jobs N`: the files are read, parsed and adapted on a pool of worker threads, and the
 * report is byte for byte the one `--jobs 1` (everything in one thread) writes. The pool is forced
 * on these small inputs, in small batches, through the test-only `HAKO_TEST_POOL` variable, whose
 * `trace` also says on stderr how many batches ran and how many files the main thread read itself.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempTree } from '../helpers/cli.js';

const BIN = path.join(ROOT, 'bin', 'hako.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  trace?: { jobs: number; batches: number; lost: number; inThread: number };
}

function scan(args: string[], pool: string, cwd = ROOT): Run {
  if (!existsSync(path.join(ROOT, 'dist', 'parallel', 'worker.js'))) throw new Error('run npm run build');
  const r = spawnSync(process.execPath, [BIN, 'scan', ...args, '--date', '2026-06-01'], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', HAKO_TEST_POOL: pool },
  });
  const m = /hako-test-pool: jobs=(\d+) batches=(\d+) lost=(\d+) in-thread=(\d+)/.exec(r.stderr);
  return {
    code: r.status ?? -1,
    stdout: r.stdout,
    stderr: r.stderr,
    ...(m
      ? { trace: { jobs: Number(m[1]), batches: Number(m[2]), lost: Number(m[3]), inThread: Number(m[4]) } }
      : {}),
  };
}

const deployment = (i: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
  namespace: ns-${i % 3}
spec:
  selector: { matchLabels: { app: web-${i} } }
  template:
    metadata: { labels: { app: web-${i} } }
    spec:
      ${i % 2 ? 'hostNetwork: true' : 'automountServiceAccountToken: false'}
      containers:
        - name: app
          image: nginx${i % 4 ? ':1.27' : ''}
          securityContext: { privileged: ${i % 3 === 0}, runAsNonRoot: ${i % 5 === 0} }
---
apiVersion: v1
kind: Service
metadata: { name: web-${i}, namespace: ns-${i % 3} }
spec:
  type: ${i % 2 ? 'LoadBalancer' : 'ClusterIP'}
  selector: { app: web-${i} }
  ports: [{ port: 80 }]
`;

const task = (i: number) =>
  JSON.stringify({
    family: `task-${i}`,
    taskRoleArn: `arn:aws:iam::123456789012:role/role-${i % 2}`,
    containerDefinitions: [
      {
        name: 'app',
        image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:${i}`,
        privileged: i % 2 === 0,
      },
    ],
  });

/** A varied tree: every input kind, files that fail, and IAM files that join across files. */
function corpus(): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < 24; i++) files[`k8s/app-${String(i).padStart(2, '0')}.yaml`] = deployment(i);
  for (let i = 0; i < 12; i++) files[`ecs/task-${String(i).padStart(2, '0')}.json`] = task(i);
  files['cfn/stack.yaml'] = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: ecs-tasks.amazonaws.com }, Action: sts:AssumeRole }] }
      Policies: [{ PolicyName: all, PolicyDocument: { Statement: [{ Effect: Allow, Action: '*', Resource: '*' }] } }]
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      TaskRoleArn: !GetAtt Role.Arn
      ContainerDefinitions: [{ Name: app, Image: nginx, Privileged: true }]
`;
  files['iam/a-role.json'] = JSON.stringify({
    Role: {
      RoleName: 'role-0',
      Arn: 'arn:aws:iam::123456789012:role/role-0',
      AssumeRolePolicyDocument: {
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      },
    },
  });
  files['iam/b-role-policy.json'] = JSON.stringify({
    RoleName: 'role-0',
    PolicyName: 'admin',
    PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  });
  files['iam/c-orphan-policy.json'] = JSON.stringify({
    RoleName: 'role-9',
    PolicyName: 'admin',
    PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
  });
  files['tf/main.tf'] = `resource "aws_ecr_repository" "app" {
  name                 = "app"
  image_tag_mutability = "MUTABLE"
}
resource "aws_ecs_task_definition" "t" {
  family                = "tf"
  container_definitions = file("\${path.module}/containers.json")
}
`;
  files['tf/containers.json'] = JSON.stringify([{ name: 'x', image: 'nginx', privileged: true }]);
  files['bad/broken.yaml'] = 'apiVersion: v1\nkind: Pod\nmetadata: {name: [\n';
  files['bad/empty.yaml'] = '';
  files['bad/notes.yaml'] = 'just: a map\n';
  files['bad/large.json'] = JSON.stringify({
    family: 'big',
    containerDefinitions: [],
    pad: 'x'.repeat(300_000),
  });
  files['bad/unreadable.yaml'] = deployment(99);
  const dir = tempTree(files);
  chmodSync(path.join(dir, 'bad/unreadable.yaml'), 0o000);
  return dir;
}

// each test runs the CLI two to four times: under a full, parallel test run that takes minutes
describe('hako scan --jobs: the same report from a pool of workers', { timeout: 600_000 }, () => {
  const generated = corpus();
  const cases: [string, string[], string | undefined][] = [
    ['examples/', ['examples'], undefined],
    ['test/fixtures', ['test/fixtures'], undefined],
    ['a generated corpus', ['.', '--max-file-size', '0.2'], generated],
  ];
  for (const [name, args, cwd] of cases) {
    for (const format of ['json', 'sarif', 'text']) {
      it(`${name}, --format ${format}: --jobs 2 and 3 write the bytes --jobs 1 writes`, () => {
        const one = scan([...args, '--format', format, '--jobs', '1'], 'force,trace,batch=1', cwd);
        expect(one.trace).toBeUndefined(); // one job: no pool at all
        expect(one.code).toBe(1);
        expect(one.stdout.length).toBeGreaterThan(1000);
        // three workers once per input (json): more workers than batches in flight changes nothing else
        for (const jobs of format === 'json' ? ['2', '3'] : ['2']) {
          const many = scan([...args, '--format', format, '--jobs', jobs], 'force,trace,batch=1', cwd);
          expect(many.trace).toMatchObject({ jobs: Number(jobs), lost: 0 });
          expect(many.trace!.batches).toBeGreaterThan(3);
          expect(many.code).toBe(one.code);
          expect(many.stdout).toBe(one.stdout);
        }
      });
    }
  }

  it('the generated corpus holds what makes the merge hard (joins, failures, Terraform file())', () => {
    const r = JSON.parse(scan(['.', '--format', 'json', '--max-file-size', '0.2'], '', generated).stdout);
    const errors = r.errors.map((e: { file: string }) => e.file);
    expect(errors).toEqual(expect.arrayContaining(['bad/broken.yaml', 'bad/large.json']));
    const skipped = r.summary.skipped.map((s: { file: string }) => s.file);
    expect(skipped).toEqual(expect.arrayContaining(['bad/empty.yaml', 'bad/notes.yaml']));
    const rules = new Set(r.findings.map((f: { location: { file: string } }) => f.location.file));
    for (const f of ['cfn/stack.yaml', 'tf/main.tf', 'k8s/app-00.yaml', 'ecs/task-00.json'])
      expect(rules).toContain(f);
  });

  it('a worker that exits or throws loses no file: its batch is read in the main thread', () => {
    const one = scan(['.', '--format', 'json', '--jobs', '1', '--max-file-size', '0.2'], '', generated);
    const crashed = scan(
      ['.', '--format', 'json', '--jobs', '2', '--max-file-size', '0.2'],
      'force,trace,batch=4000,crash=1,throw=3',
      generated,
    );
    expect(crashed.trace).toMatchObject({ lost: 2 });
    expect(crashed.trace!.inThread).toBeGreaterThan(0);
    expect(crashed.stdout).toBe(one.stdout);
    expect(crashed.code).toBe(one.code);
  });

  it('the scan-wide YAML alias budget is spent in file order, as in one thread', () => {
    // each document expands about 78,000 alias nodes (under the 100,000 of one document), each
    // file two (under the 200,000 of one file): the seventh file crosses the 1,000,000 of a scan
    const doc = `a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: [*d, *d, *d, *d, *d, *d]
`;
    const files: Record<string, string> = {};
    for (let i = 0; i < 9; i++) files[`f${i}.yaml`] = `${doc}---\n${doc}`;
    files['g-small.yaml'] = 'a: &a [1]\nb: *a\n';
    const dir = tempTree(files);
    const one = scan(['.', '--format', 'json', '--jobs', '1'], '', dir);
    const errors = JSON.parse(one.stdout)
      .errors.map((e: { message: string }) => e.message)
      .join('\n');
    expect(errors).toMatch(/1000000/);
    const many = scan(['.', '--format', 'json', '--jobs', '2'], 'force,trace,batch=1', dir);
    expect(many.trace!.inThread).toBeGreaterThan(0);
    expect(many.stdout).toBe(one.stdout);
  });

  it('library: loadInputsAsync gives the same progress events and model with a pool', async () => {
    const { loadInputsAsync } = (await import(
      path.join(ROOT, 'dist', 'load.js')
    )) as typeof import('../../src/load.js');
    const run = async (jobs: number) => {
      const events: unknown[] = [];
      const loaded = await loadInputsAsync({
        paths: ['.'],
        cwd: generated,
        maxFileBytes: 200_000,
        jobs,
        onProgress: (e) => events.push(e),
      });
      return { events, loaded };
    };
    const before = process.env.HAKO_TEST_POOL;
    process.env.HAKO_TEST_POOL = 'force,batch=1';
    try {
      const one = await run(1);
      const two = await run(2);
      expect(two.events).toEqual(one.events);
      expect(one.events.filter((e) => (e as { phase: string }).phase === 'parse').length).toBeGreaterThan(40);
      expect(two.loaded.files).toBe(one.loaded.files);
      expect(two.loaded.read).toBe(one.loaded.read);
      expect(JSON.stringify(two.loaded.state)).toBe(JSON.stringify(one.loaded.state));
      // the workloads got their methods back
      const w = two.loaded.state.k8s.workloads[0]!;
      expect(w.srcAt('/containers/0').startLine).toBe(
        one.loaded.state.k8s.workloads[0]!.srcAt('/containers/0').startLine,
      );
      expect(w.podInput()).toEqual(one.loaded.state.k8s.workloads[0]!.podInput());
    } finally {
      if (before === undefined) delete process.env.HAKO_TEST_POOL;
      else process.env.HAKO_TEST_POOL = before;
    }
  });

  it('library: the workers skip the Kubernetes field check when the scan does not want it, as in process', async () => {
    const { loadInputsAsync } = (await import(
      path.join(ROOT, 'dist', 'load.js')
    )) as typeof import('../../src/load.js');
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: c, image: x, securityContext: {readOnlyRootFileSystem: true}}\n';
    const files: Record<string, string> = {};
    for (let i = 0; i < 10; i++) files[`p${i}.yaml`] = pod;
    const dir = tempTree(files);
    const problems = async (jobs: number, k8sFields?: boolean) => {
      const { state } = await loadInputsAsync({
        paths: ['.'],
        cwd: dir,
        jobs,
        ...(k8sFields === undefined ? {} : { k8sFields }),
      });
      return state.k8s.objects.map((o) => o.fieldProblems.length);
    };
    const before = process.env.HAKO_TEST_POOL;
    process.env.HAKO_TEST_POOL = 'force,batch=1';
    try {
      expect(await problems(2)).toEqual(Array(10).fill(1));
      expect(await problems(2, false)).toEqual(Array(10).fill(0));
      expect(await problems(1, false)).toEqual(Array(10).fill(0));
    } finally {
      if (before === undefined) delete process.env.HAKO_TEST_POOL;
      else process.env.HAKO_TEST_POOL = before;
    }
  });

  it('without --jobs the scan stays in one thread (the pool measured slower on 2 cores)', () => {
    const r = scan(['examples', '--format', 'json'], 'force,trace,batch=1');
    expect(r.trace).toBeUndefined();
    expect(JSON.parse(r.stdout).summary.files).toBeGreaterThan(10);
  });

  it('--jobs takes a whole number from 1', () => {
    const r = scan(['examples', '--jobs', '0'], '');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--jobs expects a whole number/);
  });
});
