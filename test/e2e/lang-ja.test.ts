/**
 * `--lang ja` speaks Japanese: `hako scan examples/insecure --lang ja` (text and JSON) holds no
 * English sentence outside file names, resource names, code spans, rule IDs and values taken from
 * the scanned files (the heuristic of test/meta/messages-i18n.test.ts). What stays English on
 * purpose is listed in UPSTREAM below, each with why.
 */
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { noteText } from '../../src/notes.js';
import { parseJson } from '../../src/parse/json.js';
import type { ScanResult } from '../../src/result.js';
import { hako, ROOT, tempTree } from '../helpers/cli.js';
import { englishRuns } from '../helpers/english.js';

/**
 * Message values hako passes through as others word them, by rule and data key: the Pod Security
 * Admission reasons and details (the API server prints them in English; hako quotes them verbatim so
 * they can be searched for) and the schema validation messages of HAKO-003 / ECS-017 (worded as the
 * Terraform provider, CloudFormation registry and ECS API word them).
 */
const UPSTREAM: Record<string, string[]> = {
  'K8S-001': ['violations'],
  'HAKO-003': ['detail'],
  'ECS-017': ['detail'],
};
const PSS_UPSTREAM = ['reason', 'detail'];
const upstreamKeys = (ruleId: string) => UPSTREAM[ruleId] ?? (/^K8S-1\d\d$/.test(ruleId) ? PSS_UPSTREAM : []);

const fileText = new Map<string, string>();
function inFile(file: string, value: string): boolean {
  if (!fileText.has(file)) {
    let text = '';
    try {
      text = readFileSync(path.join(ROOT, file), 'utf8');
    } catch {}
    fileText.set(file, text);
  }
  return fileText.get(file)!.includes(value);
}

/** A message with its values from the scanned file, and its upstream-worded values, blanked out. */
function withoutFileValues(
  text: string,
  file: string,
  data: Record<string, unknown> = {},
  ruleId = '',
): string {
  let out = text;
  const upstream = upstreamKeys(ruleId);
  for (const [k, v] of Object.entries(data))
    if (typeof v === 'string' && v.length > 0 && (upstream.includes(k) || inFile(file, v)))
      out = out.split(v).join(' \u0000 ');
  return out;
}

const english = (text: string) => englishRuns(text, { quotes: true });

describe('hako scan examples/insecure --lang ja', () => {
  it('JSON: no English sentence in messages, related, titles, remediations, skip reasons', () => {
    const r = hako(['scan', 'examples/insecure', '--lang', 'ja', '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as ScanResult;
    expect(out.findings.length).toBeGreaterThan(50);
    const found: string[] = [];
    for (const f of out.findings) {
      const at = `${f.ruleId} ${f.location.file}:${f.location.startLine}`;
      for (const [what, text] of [
        ['message', f.message],
        ['title', f.title],
        ['remediation', f.remediation],
        ...f.related
          .filter((x) => !(f.ruleId === 'K8S-001' && x.messageId?.startsWith('violation')))
          .map((x) => [`related ${x.file}:${x.startLine}`, withoutFileValues(x.message, x.file)]),
      ] as [string, string][])
        for (const run of english(
          what === 'message' ? withoutFileValues(text, f.location.file, f.data, f.ruleId) : text,
        ))
          found.push(`${at} ${what}: ${run}`);
    }
    for (const s of out.summary.skipped)
      for (const run of english(s.reason)) found.push(`skipped ${s.file}: ${run}`);
    expect(found).toEqual([]);
  });

  it('text: no English sentence in any line', () => {
    const json = JSON.parse(
      hako(['scan', 'examples/insecure', '--lang', 'ja', '--format', 'json']).stdout,
    ) as ScanResult;
    const upstream = new Set<string>();
    for (const f of json.findings) {
      for (const k of upstreamKeys(f.ruleId)) {
        const v = f.data?.[k];
        if (typeof v === 'string' && v !== '') upstream.add(v);
      }
      if (f.ruleId === 'K8S-001')
        for (const x of f.related) if (x.messageId?.startsWith('violation')) upstream.add(x.message);
    }
    const r = hako(['scan', 'examples/insecure', '--lang', 'ja']);
    expect(r.code).toBe(1);
    const found = r.stdout.split('\n').flatMap((l) => {
      let line = l;
      for (const v of upstream) line = line.split(v).join(' \u0000 ');
      return english(line).map((run) => `${l.trim().slice(0, 60)}: ${run}`);
    });
    expect(found).toEqual([]);
  });
});

describe("hako's own notes, skip reasons and input errors --lang ja", () => {
  const POD =
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:latest\n';
  const dir = () =>
    tempTree({
      'pod.yaml': POD,
      'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
      'chart/templates/deploy.yaml': 'kind: {{ .Values.kind }}\n',
      'broken.json': '{"family": "web",',
      'main.tf':
        'resource "aws_ecs_cluster" "main" {\n  count = var.on ? 1 : 0\n  name  = "main"\n}\nvariable "on" {}\n',
    });

  it('JSON: notes on resources, skip reasons and hako-worded input errors are Japanese', () => {
    const r = hako(['scan', '.', '--lang', 'ja', '--format', 'json'], { cwd: dir() });
    const out = JSON.parse(r.stdout) as ScanResult;
    const notes = out.findings.flatMap((f) => f.related.filter((x) => x.noteId));
    expect(notes.map((x) => x.noteId)).toEqual(
      expect.arrayContaining(['namespaceAssumed', 'presenceUnresolved']),
    );
    for (const x of notes) expect(english(x.message), x.message).toEqual([]);
    expect(out.summary.skipped.map((s) => s.reason)).toEqual([
      'Helm チャートのテンプレートです。`helm template chart | hako scan -` でレンダリングしてください',
    ]);
    const unreadable = out.findings.find((f) => f.ruleId === 'HAKO-001');
    expect(unreadable?.message).toMatch(/^読み取れません: JSON の構文エラー: /);
    // data keeps the English words (filters and fingerprints do not depend on --lang)
    expect(unreadable?.data?.reason).toMatch(/^JSON: /);
    expect(out.errors[0]?.message).toMatch(/^JSON の構文エラー: /);
  });

  it('text: the summary, skip lines and notes are Japanese; English stays English', () => {
    const ja = hako(['scan', '.', '--lang', 'ja'], { cwd: dir() }).stdout;
    expect(ja).toMatch(/^ファイル \d+ 件、リソース \d+ 件: 検出 \d+ 件（/m);
    expect(ja).toContain('読み取っていません: chart/templates — Helm チャートのテンプレートです。');
    expect(ja).toContain('名前空間の指定がないため default とみなしました');
    // a parser library's own words stay after the translated lead-in
    for (const l of ja.split('\n'))
      expect(english(l.replace(/(JSON|YAML)[^:]*の構文エラー: .*/, '')), l).toEqual([]);
    const en = hako(['scan', '.'], { cwd: dir() }).stdout;
    expect(en).toMatch(/^\d+ files, \d+ resources: \d+ findings \(/m);
    expect(en).toContain('not read: chart/templates — Helm chart templates: render with');
    expect(en).toContain('namespace not set: assumed default');
  });
});

describe('rarer input errors hako words itself --lang ja', () => {
  const scanJa = (files: Record<string, string>, extra: string[] = []) => {
    const r = hako(['scan', '.', '--lang', 'ja', '--format', 'json', ...extra], { cwd: tempTree(files) });
    const out = JSON.parse(r.stdout) as ScanResult;
    return new Map(
      out.findings.filter((f) => f.ruleId === 'HAKO-001').map((f) => [f.location.file, f.message] as const),
    );
  };

  it('unknown kinds and API versions the API server does not serve', () => {
    const msgs = scanJa({
      'typo.yaml': 'apiVersion: apps/v1\nkind: Deploymnet\nmetadata:\n  name: a\n',
      'foo.yaml': 'apiVersion: v1\nkind: Foo\nmetadata:\n  name: a\n',
      'home.yaml': 'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: a\n',
      'old.yaml': 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: a\n',
    });
    expect(msgs.get('typo.yaml')).toBe(
      '読み取れません: apps/v1 に kind "Deploymnet" はないため、API サーバーに拒否されます（Deployment の誤りでは?）',
    );
    expect(msgs.get('foo.yaml')).toBe(
      '読み取れません: v1 に kind "Foo" はないため、API サーバーに拒否されます',
    );
    expect(msgs.get('home.yaml')).toBe(
      '読み取れません: kind "Deployment" は v1 では提供されていないため、API サーバーに拒否されます。apiVersion apps/v1 を使ってください',
    );
    expect(msgs.get('old.yaml')).toBe(
      '読み取れません: extensions/v1beta1 Deployment は現在の Kubernetes では提供されていない（1.16 で削除）ため、API サーバーに拒否されます。apps/v1 を使ってください',
    );
    for (const m of msgs.values()) expect(english(m), m).toEqual([]);
  });
});

describe('files hako refuses to read --lang ja', () => {
  it('a file over --max-file-size, a dangling symlink, a broken kustomization', () => {
    const dir = tempTree({
      'big.yaml': `# ${'x'.repeat(2 * 1024 * 1024)}\n`,
      'k/kustomization.yaml': 'patches: [\n',
    });
    symlinkSync('missing.yaml', path.join(dir, 'gone.yaml'));
    const r = hako(['scan', '.', '--lang', 'ja', '--format', 'json', '--max-file-size', '1'], { cwd: dir });
    const out = JSON.parse(r.stdout) as ScanResult;
    const msgs = new Map(
      out.findings.filter((f) => f.ruleId === 'HAKO-001').map((f) => [f.location.file, f.message] as const),
    );
    expect(msgs.get('big.yaml')).toBe(
      '読み取れません: ファイルが 2.0 MB あり、上限の 1.0 MB を超えているためスキャンしません（上限は --max-file-size で引き上げられます）',
    );
    expect(msgs.get('gone.yaml')).toBe(
      '読み取れません: シンボリックリンクのリンク先が存在しないため、読み取りません',
    );
    expect(msgs.get('k/kustomization.yaml')).toMatch(/^読み取れません: kustomization の解析エラー: /);
    // data keeps the English words
    const big = out.findings.find((f) => f.location.file === 'big.yaml');
    expect(big?.data?.reason).toBe(
      'file is 2.0 MB, over the 1.0 MB limit (raise it with --max-file-size); not scanned',
    );
  });

  it('standard input over the limit', () => {
    const r = hako(['scan', '-', '--lang', 'ja', '--format', 'json', '--max-file-size', '1'], {
      input: `# ${'x'.repeat(2 * 1024 * 1024)}\n`,
    });
    const out = JSON.parse(r.stdout) as ScanResult;
    expect(out.findings.find((f) => f.ruleId === 'HAKO-001')?.message).toBe(
      '読み取れません: 標準入力が上限の 1.0 MB を超えているためスキャンしません（上限は --max-file-size で引き上げられます）',
    );
  });
});

describe('Terraform modules hako does not expand --lang ja', () => {
  it('a module cycle', () => {
    const dir = tempTree({
      'main.tf': 'module "a" {\n  source = "./a"\n}\n',
      'a/main.tf': 'module "back" {\n  source = "../a"\n}\n',
    });
    const r = hako(['scan', '.', '--lang', 'ja', '--format', 'json'], { cwd: dir });
    const out = JSON.parse(r.stdout) as ScanResult;
    const cycle = out.findings.find((f) => f.ruleId === 'HAKO-001');
    expect(cycle?.message).toMatch(
      /^読み取れません: HCL: module "back"（ソース "\.\.\/a"）でモジュールの循環参照になる（.+）ため、展開しません$/,
    );
    expect(cycle?.data?.reason).toMatch(/closes a module cycle/);
  });
});

describe('HAKO-003 details hako words itself --lang ja', () => {
  it('an EKS access entry as a manifest, both endpoints off, a schema hint', () => {
    const dir = tempTree({
      'entry.yaml': 'apiVersion: eks.amazonaws.com/v1\nkind: AccessEntry\nmetadata:\n  name: a\n',
      'main.tf': [
        'resource "aws_eks_cluster" "c" {',
        '  name     = "c"',
        '  role_arn = "arn:aws:iam::111122223333:role/eks"',
        '  vpc_config {',
        '    subnet_ids              = ["subnet-1"]',
        '    endpoint_public_access  = false',
        '    endpoint_private_access = false',
        '  }',
        '}',
        'resource "aws_ecr_repository" "r" {',
        '  name                = "r"',
        '  image_tag_mutabilty = "IMMUTABLE"',
        '}',
        '',
      ].join('\n'),
    });
    const run = (lang: string) =>
      (
        JSON.parse(hako(['scan', '.', '--lang', lang, '--format', 'json'], { cwd: dir }).stdout) as ScanResult
      ).findings.filter((f) => f.ruleId === 'HAKO-003');
    const ja = run('ja');
    const byLine = (file: string, line: number) =>
      ja.find((f) => f.location.file === file && f.location.startLine === line);
    expect(byLine('entry.yaml', 2)?.message).toMatch(
      /^リソースのスキーマに合いません: AccessEntry は Kubernetes の kind ではありません。/,
    );
    expect(byLine('main.tf', 6)?.message).toMatch(
      /^リソースのスキーマに合いません: パブリックとプライベートのエンドポイントアクセスが両方とも無効です。/,
    );
    expect(byLine('main.tf', 12)?.message).toMatch(/（"image_tag_mutability" の誤りではありませんか）$/);
    for (const f of ja)
      expect(english(withoutFileValues(f.message, f.location.file, f.data, f.ruleId))).toEqual([]);
    // data and the English message keep the English words
    const en = run('en');
    expect(en.find((f) => f.location.file === 'main.tf' && f.location.startLine === 12)?.message).toMatch(
      / \(did you mean "image_tag_mutability"\?\)$/,
    );
    expect(byLine('main.tf', 6)?.data?.detail).toMatch(/^public and private endpoint access are both off/);
  });
});

describe('CloudFormation templates hako cannot expand --lang ja', () => {
  it('`Resources` not a map, a malformed Fn::ForEach', () => {
    const dir = tempTree({
      'list.yaml': "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  - a\n",
      'loop.yaml': [
        "AWSTemplateFormatVersion: '2010-09-09'",
        'Transform: AWS::LanguageExtensions',
        'Resources:',
        '  Fn::ForEach::Topics:',
        '    - Name',
        '',
      ].join('\n'),
    });
    const out = JSON.parse(
      hako(['scan', '.', '--lang', 'ja', '--format', 'json'], { cwd: dir }).stdout,
    ) as ScanResult;
    const msgs = new Map(
      out.findings.filter((f) => f.ruleId === 'HAKO-001').map((f) => [f.location.file, f.message] as const),
    );
    expect(msgs.get('list.yaml')).toBe(
      '読み取れません: CloudFormation: `Resources` が論理 ID のマップではありません',
    );
    expect(msgs.get('loop.yaml')).toBe(
      '読み取れません: CloudFormation: Fn::ForEach::Topics は [識別子, コレクション, {key: 値}] の形でなければならないため、展開しません',
    );
  });
});

describe('HCL, YAML and Terraform JSON hako refuses to parse --lang ja', () => {
  it('nesting beyond the limit, a plan format_version hako does not read', () => {
    const deep = (n: number) =>
      `${Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} 1\n`;
    const dir = tempTree({
      'deep.yaml': deep(300),
      'deep.tf': `${'b {\n'.repeat(300)}${'}\n'.repeat(300)}`,
      'plan.json': JSON.stringify({
        format_version: '2.0',
        terraform_version: '9.0.0',
        planned_values: {},
      }),
    });
    const out = JSON.parse(
      hako(['scan', '.', '--lang', 'ja', '--format', 'json'], { cwd: dir }).stdout,
    ) as ScanResult;
    const msgs = new Map(
      out.findings.filter((f) => f.ruleId === 'HAKO-001').map((f) => [f.location.file, f.message] as const),
    );
    expect(msgs.get('deep.yaml')).toBe(
      '読み取れません: YAML ドキュメント 0 は入れ子が 256 段を超えるため、スキャンしません',
    );
    expect(msgs.get('deep.tf')).toBe(
      '読み取れません: HCL: ブロックの入れ子が 256 段を超えるため、スキャンしません',
    );
    expect(msgs.get('plan.json')).toBe(
      '読み取れません: Terraform JSON の format_version 2.0 は hako が読み取る版（1.x）ではありません',
    );
  });
});

describe('a host path mount without a container path --lang ja', () => {
  it('ECS-020: the related entry says the containerPath is missing, in Japanese', () => {
    const dir = tempTree({
      'td.json': JSON.stringify({
        family: 'web',
        containerDefinitions: [{ name: 'web', image: 'nginx:1', mountPoints: [{ sourceVolume: 'sock' }] }],
        volumes: [{ name: 'sock', host: { sourcePath: '/var/run/docker.sock' } }],
      }),
    });
    const run = (lang: string) =>
      (
        JSON.parse(hako(['scan', '.', '--lang', lang, '--format', 'json'], { cwd: dir }).stdout) as ScanResult
      ).findings.find((f) => f.ruleId === 'ECS-020');
    expect(run('ja')?.related.map((x) => x.message)).toEqual([
      'コンテナ "web" がマウントしています（containerPath の指定なし）',
    ]);
    expect(run('en')?.related.map((x) => x.message)).toEqual([
      'mounted by container "web" at (no containerPath)',
    ]);
  });
});

describe('YAML aliases hako does not expand --lang ja', () => {
  /** A document whose aliases expand to ever more nodes (a small "billion laughs"): 86,856 for (4, 6). */
  const laughs = (levels: number, last: number) => {
    const lines = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= levels; i++)
      lines.push(
        `l${i}: &l${i} [${Array.from({ length: i === levels ? last : 10 }, () => `*l${i - 1}`).join(', ')}]`,
      );
    return `${lines.join('\n')}\n`;
  };
  const scan = (lang: string, files: Record<string, string>) => {
    const out = JSON.parse(
      hako(['scan', '.', '--lang', lang, '--format', 'json'], { cwd: tempTree(files) }).stdout,
    ) as ScanResult;
    return out.findings.filter((f) => f.ruleId === 'HAKO-001');
  };

  it('an alias without an anchor, an alias bomb, the file budget spent', () => {
    const files = {
      'noanchor.yaml': 'kind: Pod\nspec:\n  x: *nothing\n',
      'bomb.yaml': laughs(5, 8),
      // five documents of 86,856 alias nodes: the third spends the file's budget, one error names the rest
      'many.yaml': Array.from({ length: 5 }, () => laughs(4, 6)).join('---\n'),
    };
    const ja = scan('ja', files);
    const msgs = ja.map((f) => `${f.location.file}:${f.location.startLine} ${f.message}`);
    expect(msgs).toEqual([
      'bomb.yaml:5 読み取れません: YAML ドキュメント 0: エイリアスの展開が 100000 ノードを超える（エイリアス爆弾?）ため、スキャンしません',
      'many.yaml:17 読み取れません: YAML ドキュメント 2: このファイルのエイリアスの展開が 200000 ノードを超える（エイリアス爆弾?）ため、スキャンしません',
      'many.yaml:18 読み取れません: YAML の残りのドキュメント 2 件（3 から 4）: エイリアスの展開の上限に達したためエイリアスを展開せず、スキャンしません',
      'noanchor.yaml:3 読み取れません: YAML ドキュメント 0: エイリアス *nothing が指すアンカーがこのドキュメントのそれより前にないため、スキャンしません',
    ]);
    for (const f of ja) expect(english(f.message), f.message).toEqual([]);
    // data and the English message keep the English words
    const en = scan('en', files);
    expect(en.map((f) => f.data?.reason)).toEqual([
      'YAML document 0: its aliases expand to more than 100000 nodes (an alias bomb?); not scanned',
      'YAML document 2: the aliases of this file expand to more than 200000 nodes (an alias bomb?); not scanned',
      'YAML 2 more documents (3 to 4): aliases not expanded (alias budget spent); not scanned',
      'YAML document 0: alias *nothing names no anchor defined before it in this document; not scanned',
    ]);
  });
});

describe('a .gitignore hako cannot read --lang ja', () => {
  it('the refusal and the wrapper around it are both Japanese (a note nested in a note)', () => {
    const dir = tempTree({ 'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n' });
    // a directory named .gitignore: not a regular file, so its patterns cannot be applied
    mkdirSync(path.join(dir, '.gitignore'));
    const run = (lang: string) =>
      (
        JSON.parse(hako(['scan', '.', '--lang', lang, '--format', 'json'], { cwd: dir }).stdout) as ScanResult
      ).findings.find((f) => f.ruleId === 'HAKO-001' && f.location.file === '.gitignore');
    const ja = run('ja');
    expect(ja?.message).toBe(
      '読み取れません: 通常のファイルではない（FIFO、ソケット、デバイス）ため、読み取りません（その除外パターンは適用されていません）',
    );
    expect(ja?.data?.reason).toBe(
      'not a regular file (FIFO, socket or device); not read (its ignore patterns were not applied)',
    );
    expect(run('en')?.message).toMatch(/\(its ignore patterns were not applied\)$/);
  });
});

describe('HAKO-003 Kubernetes field problems --lang ja', () => {
  it('where a misplaced field belongs and the type words are Japanese', () => {
    const dir = tempTree({
      'pod.yaml': [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: web',
        'spec:',
        '  securityContext:',
        '    privileged: true',
        '  containers:',
        '    - name: web',
        '      image: nginx:1.27',
        '      hostNetwork: true',
        '      securityContext:',
        '        fsGroup: 1000',
        '      env:',
        '        - name: PORT',
        '          value: 8080',
        '      resources:',
        '        limits:',
        '          cpu: [1]',
        '',
      ].join('\n'),
    });
    const run = (lang: string) =>
      new Map(
        (
          JSON.parse(
            hako(['scan', '.', '--lang', lang, '--format', 'json'], { cwd: dir }).stdout,
          ) as ScanResult
        ).findings
          .filter((f) => f.ruleId === 'HAKO-003')
          .map((f) => [f.location.startLine, f] as const),
      );
    const ja = run('ja');
    expect(ja.get(7)?.message).toBe(
      '未知のフィールド "spec.securityContext.privileged": PodSecurityContext に "privileged" はありません。"privileged" は SecurityContext（containers[].securityContext） のフィールドです',
    );
    expect(ja.get(11)?.message).toBe(
      '未知のフィールド "spec.containers[0].hostNetwork": Container に "hostNetwork" はありません。"hostNetwork" は PodSpec（Pod の spec） のフィールドです',
    );
    expect(ja.get(13)?.message).toBe(
      '未知のフィールド "spec.containers[0].securityContext.fsGroup": SecurityContext に "fsGroup" はありません。"fsGroup" は PodSecurityContext（Pod の spec の securityContext） のフィールドです',
    );
    expect(ja.get(16)?.message).toBe(
      '"spec.containers[0].env[0].value" の型は 文字列 でなければなりません（整数 が書かれています）。"8080" と書いてください',
    );
    expect(ja.get(19)?.message).toBe(
      '"spec.containers[0].resources.limits.cpu" の型は 数量（文字列または数値） でなければなりません（リスト が書かれています）',
    );
    for (const f of ja.values()) expect(english(f.message), f.message).toEqual([]);
    // data and the English message keep the English words
    const en = run('en');
    expect(en.get(13)?.data?.home).toBe('PodSecurityContext (the pod spec securityContext)');
    expect(en.get(16)?.message).toBe(
      '"spec.containers[0].env[0].value" must be of type string, not integer (write "8080")',
    );
    expect(en.get(19)?.data).toMatchObject({ expected: 'quantity (string or number)', actual: 'list' });
  });
});

describe('words hako adds to a finding or a parser error --lang ja', () => {
  it('ECS-008 / K8S-007: the credential format is named in Japanese; data keeps the English', () => {
    const dir = tempTree({
      'td.json': JSON.stringify({
        family: 'web',
        containerDefinitions: [
          {
            name: 'web',
            image: 'nginx:1.27',
            environment: [{ name: 'DATABASE_URL', value: 'postgres://app:s3cr3t-Pa55@db.internal:5432/app' }],
          },
        ],
      }),
      'cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: shop\ndata:\n  DSN: "Server=db;Database=app;Password=s3cr3t-Pa55;"\n',
    });
    const run = (lang: string) =>
      (
        JSON.parse(hako(['scan', '.', '--lang', lang, '--format', 'json'], { cwd: dir }).stdout) as ScanResult
      ).findings.filter((f) => f.ruleId === 'ECS-008' || f.ruleId === 'K8S-007');
    const ja = run('ja');
    expect(ja.map((f) => f.message)).toEqual([
      'ConfigMap "app": キー "DSN" に認証情報が平文で含まれています（接続文字列内のパスワード）。ConfigMap は機密データ用ではありません',
      'コンテナ "web" の環境変数 "DATABASE_URL" に URL 内のパスワード が平文で含まれています',
    ]);
    for (const f of ja) expect(english(f.message), f.message).toEqual([]);
    expect(ja.map((f) => f.data?.label)).toEqual(['password in a connection string', 'password in a URL']);
  });

  it('JSON errors hako words itself: a truncated file, a trailing comma', () => {
    const dir = tempTree({
      'cut.json': '{"family": "web", "containerDefinitions": [\n',
      'comma.json': '{"family": "web",}\n',
    });
    const out = JSON.parse(
      hako(['scan', '.', '--lang', 'ja', '--format', 'json'], { cwd: dir }).stdout,
    ) as ScanResult;
    const msgs = new Map(out.errors.map((e) => [e.file, e.message] as const));
    expect(msgs.get('cut.json')).toBe(
      'JSON の構文エラー: 入力が途中で終わっています（ファイルが切れている? 閉じていない [ または { がある?）',
    );
    // the library's words stay, hako's hint after them is Japanese
    expect(msgs.get('comma.json')).toBe(
      'JSON の構文エラー: Unexpected token RBrace found.（直前に余分なカンマがあります）',
    );
    // an empty text never reaches the scan (nothing to read); the parser words it all the same
    const empty = parseJson('empty.json', '  \n').errors[0];
    expect(empty && noteText('ja', { note: empty.note!, data: empty.data })).toBe(
      'JSON の構文エラー: 空のファイルです（JSON の値が必要です）',
    );
    expect(empty?.message).toBe('JSON: empty file (expected a JSON value)');
  });
});
