/** The Terraform adapter gives references and data sources their AWS meaning (the evaluator knows none). */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform interpolation is the input under test
import { describe, expect, it } from 'vitest';
import type { Src } from '../../model/source.js';
import { loadTerraform, type TfSource } from '../../parse/hcl/module.js';
import { initHcl } from '../../parse/hcl/syntax.js';
import { at, toPlain } from '../../parse/tree.js';
import { awsHooks, referenceOf, renderReferences } from './references.js';

await initHcl();

const pos = (s: Src | undefined) =>
  s ? [s.file, s.startLine, s.startColumn, s.endLine, s.endColumn] : undefined;

function load(files: Record<string, string>) {
  const sources: TfSource[] = Object.entries(files).map(([display, text]) => ({ display, text }));
  const out = loadTerraform(sources, undefined, { hooks: awsHooks });
  out.dispose();
  return out;
}

describe('references rendered as AWS identifiers', () => {
  it('stand-in ARNs and names of the resources hako models; the reference stays known', () => {
    const out = load({
      'main.tf': `
resource "aws_iam_role" "exec" {
  name = "app-exec"
}
resource "aws_iam_role" "anon" {}
resource "aws_ecs_cluster" "main" {
  name = "main"
}
resource "aws_ecs_task_definition" "app" {
  family = "app"
}
resource "t" "r" {
  a = aws_iam_role.exec.arn
  b = aws_iam_role.anon.id
  c = aws_iam_role.anon.arn
  d = aws_ecs_cluster.main.id
  e = aws_ecs_task_definition.app.arn
  f = "\${aws_iam_role.exec.arn}/x"
  g = aws_iam_role.exec.unique_id
}
`,
    });
    const b = renderReferences(out.resources.find((r) => r.type === 't')!.body);
    expect(toPlain(at(b, 'a'))).toBe('arn:aws:iam::<unknown>:role/app-exec');
    expect(referenceOf(at(b, 'a'))).toMatchObject({ address: 'aws_iam_role.exec', attribute: 'arn' });
    expect(toPlain(at(b, 'b'))).toBe('aws_iam_role.anon');
    expect(toPlain(at(b, 'c'))).toBe('arn:aws:iam::<unknown>:role/aws_iam_role.anon');
    expect(toPlain(at(b, 'd'))).toBe('arn:aws:ecs:<unknown>:<unknown>:cluster/main');
    expect(toPlain(at(b, 'e'))).toBe('arn:aws:ecs:<unknown>:<unknown>:task-definition/app');
    expect(toPlain(at(b, 'f'))).toBe('arn:aws:iam::<unknown>:role/app-exec/x');
    expect(at(b, 'g')?.kind).toBe('unresolved');
    expect(pos(at(b, 'a')?.src)).toEqual(['main.tf', 13, 7, 13, 28]);
  });
});

describe('data "aws_iam_policy_document"', () => {
  it('renders the policy JSON from the statement blocks, at their positions', () => {
    const out = load({
      'main.tf': `data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["111122223333"]
    }
  }
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "merged" {
  source_policy_documents = [data.aws_iam_policy_document.trust.json]
}
resource "t" "r" {
  v = data.aws_iam_policy_document.trust.json
  w = data.aws_iam_policy_document.merged.json
  x = data.aws_iam_policy_document.nope.json
}
`,
    });
    const b = out.resources[0]?.body;
    expect(toPlain(at(b, 'v'))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['sts:AssumeRole'],
          Principal: { Service: ['ecs-tasks.amazonaws.com'] },
          Condition: { StringEquals: { 'aws:SourceAccount': ['111122223333'] } },
        },
        { Effect: 'Deny', Action: ['s3:*'], Resource: ['*'] },
      ],
    });
    expect(pos(at(b, 'v', 'Statement', 0, 'Action')?.src)?.slice(1)).toEqual([3, 15, 3, 33]);
    expect(pos(at(b, 'v', 'Statement', 0, 'Effect')?.src)?.slice(1)).toEqual([2, 3, 13, 4]);
    expect(at(b, 'w')?.kind).toBe('unresolved');
    expect(at(b, 'x')?.kind).toBe('unresolved');
  });
});
