/**
 * Bad input gets a clear error and loses nothing: every malformed, hostile or odd input is
 * reported as HAKO-001 with its file and line, the good file beside it (a privileged ECS task
 * definition, ECS-003) is still checked, and nothing throws, crashes or hangs. The CLI cases run
 * the compiled `bin/hako.js` (`npm run build` first) in a child process with a 60 s hang guard
 * and a 256 MB heap, so a hang or a memory blow-up fails the test instead of the machine.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding, ScanResult } from '../../src/result.js';
import { type ScanOptions, type ScanOutput, scan } from '../../src/scan.js';
import { PRIVILEGED_TASK, ROOT, tempTree } from '../helpers/cli.js';

/** ECS-003 fires on line 4 of PRIVILEGED_TASK (the container with `privileged: true`). */
const GOOD = { file: 'task.json', line: 4 };

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: public.ecr.aws/nginx/nginx:1.27
          ports: [{ containerPort: 8080 }]
`;
const CONFIGMAP = (name: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: "1"\n`;

/** 10 levels of nine-fold aliases: 9^10 (3.5 billion) nodes if expanded. */
function aliasBomb(levels: number): string {
  const names = 'abcdefghijk';
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < levels; i++)
    lines.push(
      `${names[i]}: &${names[i]} [${Array(9)
        .fill(`*${names[i - 1]}`)
        .join(',')}]`,
    );
  return `${lines.join('\n')}\n`;
}

const DEEP_JSON = '['.repeat(100_000);
const DEEP_YAML = `${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;

async function scanDir(dir: string, extra: Partial<ScanOptions> = {}): Promise<ScanOutput> {
  return scan({ paths: ['.'], cwd: dir, rules: ['HAKO-001', 'ECS-003'], ...extra });
}

function blindSpots(out: ScanResult, file: string): Finding[] {
  return out.findings.filter((f) => f.ruleId === 'HAKO-001' && f.location.file === file);
}

/** The one assertion every case makes: reported where it broke, and the neighbour still checked. */
function expectReported(
  out: ScanResult,
  file: string,
  want: { line: number; column?: number; message: RegExp },
): void {
  const found = blindSpots(out, file);
  expect(found.map((f) => `${f.location.startLine}: ${f.message}`)).toContainEqual(
    expect.stringMatching(new RegExp(`^${want.line}: cannot be read: .*${want.message.source}`)),
  );
  if (want.column !== undefined) {
    const at = found.find((f) => f.location.startLine === want.line);
    expect(at?.location.startColumn).toBe(want.column);
  }
  expect(out.errors).toContainEqual(expect.objectContaining({ file, line: want.line }));
  expectGoodStillScanned(out);
}

function expectGoodStillScanned(out: ScanResult): void {
  const ecs = out.findings.filter((f) => f.ruleId === 'ECS-003');
  expect(ecs.map((f) => `${f.location.file}:${f.location.startLine}`)).toEqual([`${GOOD.file}:${GOOD.line}`]);
}

function expectClean(out: ScanResult, file: string): void {
  expect(blindSpots(out, file)).toEqual([]);
  expect(out.errors.filter((e) => e.file === file)).toEqual([]);
  expectGoodStillScanned(out);
}

interface Case {
  name: string;
  file: string;
  text: string | Buffer;
  line: number;
  column?: number;
  message: RegExp;
}

const MALFORMED: Case[] = [
  {
    name: 'YAML: bad indentation',
    file: 'indent.yaml',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n labels: {}\n',
    line: 5,
    column: 1,
    message: /must start at the same column/,
  },
  {
    name: 'YAML: unclosed flow collection',
    file: 'flow.yaml',
    text: 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: [1, 2\n  b: 3\n',
    line: 5,
    message: /Flow sequence .* end with a \]/,
  },
  {
    name: 'YAML: tab indentation',
    file: 'tabs.yaml',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: a\n',
    line: 4,
    column: 1,
    message: /Tabs are not allowed as indentation/,
  },
  {
    name: 'YAML: two document markers on one line',
    file: 'markers.yaml',
    text: `${CONFIGMAP('a')}--- ---\napiVersion: v1\n`,
    line: 7,
    message: /document 1: .*directives-end marker/,
  },
  {
    name: 'YAML: unclosed quote',
    file: 'quote.yaml',
    text: 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "unclosed\n  b: 3\n',
    line: 6,
    message: /Missing closing "quote/,
  },
  {
    name: 'JSON: trailing comma',
    file: 'trailing.json',
    text: '{\n  "family": "web",\n  "containerDefinitions": [],\n}\n',
    line: 4,
    column: 1,
    message: /Unexpected token RBrace .*trailing comma/,
  },
  {
    name: 'JSON: truncated',
    file: 'truncated.json',
    text: '{\n  "family": "web",\n  "containerDefinitions": [\n',
    line: 3,
    column: 28,
    message: /unexpected end of input \(truncated file/,
  },
  {
    name: 'JSON: unquoted key',
    file: 'unquoted.json',
    text: '{\n  family: "web"\n}\n',
    line: 2,
    column: 3,
    message: /Unexpected identifier 'family'/,
  },
  {
    name: 'JSON: 100,000 levels of [ (would overflow the stack)',
    file: 'deep.json',
    text: DEEP_JSON,
    line: 1,
    column: 257,
    message: /nested more than 256 levels deep/,
  },
  {
    name: 'YAML: 100,000 levels of flow nesting',
    file: 'deep.yaml',
    text: DEEP_YAML,
    line: 1,
    column: 257,
    message: /nested more than 256 levels deep/,
  },
  {
    name: 'YAML: 1,000 levels of block nesting',
    file: 'deep-block.yaml',
    text: `${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')}\n`,
    line: 257,
    message: /nested more than 256 levels deep/,
  },
  {
    name: 'YAML: alias bomb ("billion laughs", 10 levels)',
    file: 'bomb.yaml',
    text: aliasBomb(10),
    // the alias whose expansion crosses the bound (line 6: nine `*e`, 9^6 nodes)
    line: 6,
    message: /aliases expand to more than 100000 nodes/,
  },
  {
    name: 'binary file with a .yaml name',
    file: 'image.yaml',
    text: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
    line: 1,
    message: /binary file \(contains NUL bytes\)/,
  },
  {
    name: 'Latin-1 (invalid UTF-8) text',
    file: 'latin1.yaml',
    text: Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n', 'latin1'),
    line: 1,
    message: /not valid UTF-8/,
  },
  {
    name: 'misspelt built-in kind, at the line of `kind`',
    file: 'typo.yaml',
    text: 'apiVersion: apps/v1\nkind: Deploymnet\nmetadata:\n  name: web\n',
    line: 2,
    column: 7,
    message: /unknown kind "Deploymnet" in apps\/v1 \(did you mean Deployment\?\)/,
  },
  {
    name: 'a document without apiVersion/kind among Kubernetes documents',
    file: 'mixed.yaml',
    text: `${CONFIGMAP('a')}---\nreplicas: 3\nimage: nginx\n`,
    line: 8,
    message: /document 1 is of no kind hako reads/,
  },
];

describe('malformed and hostile files (scan())', () => {
  it.each(MALFORMED)('$name → HAKO-001 at line $line', async (c) => {
    const dir = tempTree({ [GOOD.file]: PRIVILEGED_TASK });
    writeFileSync(path.join(dir, c.file), c.text);
    const out = await scanDir(dir);
    expectReported(out, c.file, c);
  });

  it('survives two overflow-deep YAML files in one process (a caught stack overflow can break V8 later)', async () => {
    const dir = tempTree({
      [GOOD.file]: PRIVILEGED_TASK,
      'a.yaml': DEEP_YAML,
      'b.yaml': DEEP_YAML,
      'c.json': DEEP_JSON,
    });
    const out = await scanDir(dir);
    for (const f of ['a.yaml', 'b.yaml', 'c.json']) expectReported(out, f, { line: 1, message: /nested/ });
    // and ordinary YAML still parses afterwards
    const again = await scan({ inputs: [{ path: 'ok.yaml', content: DEPLOYMENT }] });
    expect(again.errors).toEqual([]);
    expect(again.summary.resources).toBe(1);
  });

  it('a broken document in a stream: reported with its index and line, its neighbours scanned', async () => {
    const text = `${CONFIGMAP('first')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: second\n---\n${CONFIGMAP('third')}`;
    const dir = tempTree({ [GOOD.file]: PRIVILEGED_TASK, 'stream.yaml': text });
    const out = await scanDir(dir);
    expectReported(out, 'stream.yaml', { line: 11, message: /YAML document 1: Flow map/ });
    expect(blindSpots(out, 'stream.yaml')).toHaveLength(1);
    expect(out.summary.resources).toBe(3); // two ConfigMaps and the task definition
  });

  it.each([
    ['empty YAML', 'empty.yaml', ''],
    ['only comments', 'comments.yaml', '# nothing here yet\n# really\n'],
    ['only a document marker', 'marker.yaml', '---\n'],
    ['consecutive document markers', 'markers.yaml', `---\n---\n${CONFIGMAP('a')}`],
    ['a custom resource', 'cr.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n'],
    ['an empty JSON object', 'empty-object.json', '{}\n'],
  ])('%s is not an error', async (_name, file, text) => {
    const dir = tempTree({ [GOOD.file]: PRIVILEGED_TASK, [file]: text });
    expectClean(await scanDir(dir), file);
  });

  it('a JSON file of unknown shape: HAKO-001 when named, listed in summary.skipped when walked into', async () => {
    const dir = tempTree({
      [GOOD.file]: PRIVILEGED_TASK,
      'package-lock.json': '{\n  "lockfileVersion": 3\n}\n',
    });
    const walked = await scanDir(dir);
    expectClean(walked, 'package-lock.json');
    expect(walked.summary.skipped).toEqual([{ file: 'package-lock.json', reason: 'of no kind hako reads' }]);
    const named = await scanDir(dir, { paths: ['package-lock.json', GOOD.file] });
    expectReported(named, 'package-lock.json', { line: 1, message: /of no kind hako reads/ });
    expect(named.summary.skipped).toEqual([]);
  });
});

describe('the file system (scan())', () => {
  it('symlink loops, a self-referencing link and a dangling link', async () => {
    const dir = tempTree({ [GOOD.file]: PRIVILEGED_TASK, 'sub/ok.yaml': CONFIGMAP('ok') });
    symlinkSync('..', path.join(dir, 'sub', 'loop'));
    symlinkSync('self.yaml', path.join(dir, 'self.yaml'));
    symlinkSync('missing.yaml', path.join(dir, 'dangling.yaml'));
    symlinkSync('missing', path.join(dir, 'README')); // not a file hako would read: no word
    const out = await scanDir(dir);
    expectReported(out, 'sub/loop', { line: 1, message: /symlink loop/ });
    expectReported(out, 'self.yaml', { line: 1, message: /symlink loop/ });
    expectReported(out, 'dangling.yaml', { line: 1, message: /dangling symlink/ });
    expect(out.errors.map((e) => e.file).sort()).toEqual(['dangling.yaml', 'self.yaml', 'sub/loop']);
    expect(out.summary.resources).toBe(2);
    // named on the command line, the self-referencing link is a blind spot too (not a usage error)
    const named = await scanDir(dir, { paths: ['self.yaml', GOOD.file] });
    expectReported(named, 'self.yaml', { line: 1, message: /symlink loop/ });
    expect(named.fatal).toEqual([]);
  });

  it('links to links do not make the walk exponential', async () => {
    const files: Record<string, string> = { [GOOD.file]: PRIVILEGED_TASK, 'd0/cm.yaml': CONFIGMAP('x') };
    const dir = tempTree(files);
    for (let i = 1; i <= 24; i++) {
      mkdirSync(path.join(dir, `d${i}`));
      symlinkSync(`../d${i - 1}`, path.join(dir, `d${i}`, 'a'));
      symlinkSync(`../d${i - 1}`, path.join(dir, `d${i}`, 'b'));
    }
    const out = await scanDir(dir); // 2^24 paths to d0 if every link were walked
    expect(out.errors).toEqual([]);
    expect(out.summary.resources).toBe(2);
    expectGoodStillScanned(out);
  });

  it('a file over the size limit is refused from its size, never read', async () => {
    const dir = tempTree({ [GOOD.file]: PRIVILEGED_TASK });
    const big = path.join(dir, 'huge.yaml');
    const fd = openSync(big, 'w');
    try {
      execFileSync('truncate', ['-s', `${50 * 1024 * 1024}`, big]); // sparse: 50 MB on no disk
    } finally {
      closeSync(fd);
    }
    const reads: string[] = [];
    const out = await scanDir(dir, {
      readFile: (abs) => {
        reads.push(path.basename(abs));
        return readFileSync(abs);
      },
    });
    expectReported(out, 'huge.yaml', { line: 1, message: /file is 50\.0 MB, over the 32\.0 MB limit/ });
    expect(reads).toEqual([GOOD.file]);
  });

  it('an unreadable file (EACCES through the readFile seam: CI runs as root)', async () => {
    const dir = tempTree({ [GOOD.file]: PRIVILEGED_TASK, 'secret.yaml': CONFIGMAP('s') });
    const out = await scanDir(dir, {
      readFile: (abs) => {
        if (abs.endsWith('secret.yaml'))
          throw Object.assign(new Error(`EACCES: permission denied, open '${abs}'`), { code: 'EACCES' });
        return readFileSync(abs);
      },
    });
    expectReported(out, 'secret.yaml', { line: 1, message: /EACCES: permission denied/ });
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file (chmod 000, when not root)', async () => {
    const dir = tempTree({ [GOOD.file]: PRIVILEGED_TASK, 'secret.yaml': CONFIGMAP('s') });
    chmodSync(path.join(dir, 'secret.yaml'), 0o000);
    expectReported(await scanDir(dir), 'secret.yaml', { line: 1, message: /EACCES/ });
  });

  it('a FIFO in a scanned directory is reported, never opened', async () => {
    const dir = tempTree({ [GOOD.file]: PRIVILEGED_TASK });
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    execFileSync('mkfifo', [path.join(dir, 'pipe')]); // not a name hako reads: no word
    const out = await scanDir(dir);
    expectReported(out, 'pipe.yaml', { line: 1, message: /not a regular file \(FIFO/ });
    expect(out.errors.map((e) => e.file)).toEqual(['pipe.yaml']);
  });

  it('a directory named x.yaml is walked, not read', async () => {
    const dir = tempTree({ [GOOD.file]: PRIVILEGED_TASK, 'x.yaml/cm.yaml': CONFIGMAP('x') });
    for (const paths of [['.'], ['x.yaml', GOOD.file]]) {
      const out = await scanDir(dir, { paths });
      expect(out.errors).toEqual([]);
      expect(out.summary.resources).toBe(2);
      expectGoodStillScanned(out);
    }
  });

  it('.gitignore and --exclude keep files out of the scan', async () => {
    const dir = tempTree({
      [GOOD.file]: PRIVILEGED_TASK,
      '.gitignore': 'generated/\n*.tmp.yaml\n',
      'generated/broken.yaml': 'a: [\n',
      'scratch.tmp.yaml': 'a: [\n',
      'nested/.gitignore': 'local.yaml\n',
      'nested/local.yaml': 'a: [\n',
      'vendor/broken.json': '{',
      'charts/x/templates/deploy.yaml': '{{ .Values.broken }}: [\n',
    });
    const out = await scanDir(dir, { exclude: ['vendor/**', 'charts/*/templates/'] });
    expect(out.errors).toEqual([]);
    expect(out.findings.filter((f) => f.ruleId === 'HAKO-001')).toEqual([]);
    expectGoodStillScanned(out);
    // without them, every one of those files is a blind spot
    const all = await scan({
      paths: ['generated', 'scratch.tmp.yaml', 'nested/local.yaml', 'vendor', 'charts'],
      cwd: dir,
    });
    expect(all.errors.map((e) => e.file).sort()).toEqual([
      'charts/x/templates/deploy.yaml',
      'generated/broken.yaml',
      'nested/local.yaml',
      'scratch.tmp.yaml',
      'vendor/broken.json',
    ]);
  });
});

interface CliOut {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: ScanResult;
  stderr: string;
}

/** The compiled CLI with a hang guard and a small heap: a hang or a memory blow-up fails here. */
function cli(args: string[], opts: { cwd: string; input?: string }): CliOut {
  const bin = path.join(ROOT, 'bin', 'hako.js');
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js')))
    throw new Error('dist/ missing: run npm run build');
  const r = spawnSync(process.execPath, ['--max-old-space-size=256', bin, ...args], {
    cwd: opts.cwd,
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
  });
  expect(r.signal, `hako ${args.join(' ')} was killed (hang?): ${r.stderr}`).toBeNull();
  return { code: r.status, signal: r.signal, out: JSON.parse(r.stdout) as ScanResult, stderr: r.stderr };
}

describe('the compiled CLI', () => {
  it('scans a directory of hostile inputs to the end, reporting each and keeping the good finding', () => {
    const dir = tempTree({
      [GOOD.file]: PRIVILEGED_TASK,
      'deep-1.yaml': DEEP_YAML,
      'deep-2.yaml': DEEP_YAML,
      'deep.json': DEEP_JSON,
      'bomb.yaml': aliasBomb(10),
      'trailing.json': '{\n  "family": "web",\n}\n',
      'typo.yaml': 'apiVersion: apps/v1\nkind: Deploymnet\nmetadata:\n  name: web\n',
      'sub/ok.yaml': DEPLOYMENT,
    });
    symlinkSync('..', path.join(dir, 'sub', 'loop'));
    symlinkSync('self.yaml', path.join(dir, 'self.yaml'));
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    const r = cli(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const at = (file: string) => blindSpots(r.out, file).map((f) => f.location.startLine);
    expect(at('deep-1.yaml')).toEqual([1]);
    expect(at('deep-2.yaml')).toEqual([1]);
    expect(at('deep.json')).toEqual([1]);
    expect(at('bomb.yaml')).toEqual([6]);
    expect(at('trailing.json')).toEqual([3]);
    expect(at('typo.yaml')).toEqual([2]);
    expect(at('sub/loop')).toEqual([1]);
    expect(at('self.yaml')).toEqual([1]);
    expect(at('pipe.yaml')).toEqual([1]);
    expect(at('sub/ok.yaml')).toEqual([]);
    expectGoodStillScanned(r.out);
    expect(r.out.summary.resources).toBe(2); // the task definition and the Deployment
  });

  it('refuses a 50 MB file by its size and still finishes', () => {
    const dir = tempTree({ [GOOD.file]: PRIVILEGED_TASK });
    execFileSync('truncate', ['-s', `${50 * 1024 * 1024}`, path.join(dir, 'huge.json')]);
    const r = cli(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expectReported(r.out, 'huge.json', { line: 1, message: /over the 32\.0 MB limit/ });
  });

  it('reads a Deployment from standard input (`hako scan -`)', () => {
    const dir = tempTree({});
    const r = cli(['scan', '-', '--format', 'json'], { cwd: dir, input: DEPLOYMENT });
    expect(r.out.errors).toEqual([]);
    expect(r.out.summary.resources).toBe(1);
    expect(r.out.findings.filter((f) => f.ruleId === 'HAKO-001')).toEqual([]);
  });

  it('reports a broken document on standard input against <stdin>, with its line', () => {
    const dir = tempTree({ [GOOD.file]: PRIVILEGED_TASK });
    const r = cli(['scan', '-', GOOD.file, '--format', 'json'], {
      cwd: dir,
      input: `${DEPLOYMENT}---\napiVersion: v1\nkind: ConfigMap\n\tdata: {}\n`,
    });
    expect(r.code).toBe(1);
    expectReported(r.out, '<stdin>', { line: 21, message: /YAML document 1: Tabs/ });
    expect(r.out.summary.resources).toBe(2);
  });
});
