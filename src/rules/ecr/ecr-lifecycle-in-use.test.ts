/** ECR-007 inside `hako scan`: what it cannot judge is said, bad images are HAKO-001, never a wrong simulation. */
import { describe, expect, it } from 'vitest';
import { scan } from '../../scan.js';

const NOW = new Date('2026-11-28T00:00:00Z');

const policyTf = (countNumber: number) => `resource "aws_ecr_lifecycle_policy" "app" {
  repository = "app"
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = ${countNumber} }
      action       = { type = "expire" }
    }]
  })
}
`;

const images = (details: unknown[]) => JSON.stringify({ imageDetails: details }, null, 2);
const img = (digest: string, tag: string, pushed: string, repositoryName = 'app') => ({
  ...(repositoryName ? { repositoryName } : {}),
  imageDigest: digest,
  imageTags: [tag],
  imagePushedAt: pushed,
});
const TD = JSON.stringify({
  family: 'web',
  containerDefinitions: [{ name: 'web', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1' }],
});

const run = async (files: Record<string, string>, rules = ['ECR-007']) => {
  const r = await scan({
    inputs: Object.entries(files).map(([path, content]) => ({ path, content })),
    rules,
    now: NOW,
  });
  return {
    findings: r.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.startLine} ${f.message}`),
    skipped: r.summary.skipped.map((s) => `${s.file} ${s.reason}`),
  };
};

describe('ECR-007 in a scan', () => {
  const two = images([
    img('sha256:2', 'v2', '2026-11-20T00:00:00Z'),
    img('sha256:1', 'v1', '2026-11-01T00:00:00Z'),
  ]);

  it('reports the rule, the image and who runs it; judged at the scan date', async () => {
    const r = await run({ 'main.tf': policyTf(1), 'images.json': two, 'td.json': TD });
    expect(r.findings).toEqual([
      'ECR-007 main.tf:4 lifecycle policy of "app": rule 1 would expire image 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1 (sha256:1), which TaskDefinition "web" still runs',
    ]);
    expect(r.skipped).toEqual([]);
  });

  it('an image page with a problem is HAKO-001 with its line, and nothing of it is simulated', async () => {
    const bad = images([
      img('sha256:2', 'v2', '2026-11-20T00:00:00Z'),
      { repositoryName: 'app', imageDigest: 'sha256:1', imageTags: ['v1'] },
    ]);
    const r = await run({ 'main.tf': policyTf(1), 'images.json': bad, 'td.json': TD });
    expect(r.findings).toEqual([
      'HAKO-001 images.json:11 cannot be read: describe-images: image sha256:1 has no imagePushedAt (its age and rank are unknown); no lifecycle simulation is made',
    ]);
  });

  it('says what it cannot judge: images without repositoryName, a repository without a scanned policy, an invalid policy', async () => {
    const anonymous = images([img('sha256:1', 'v1', '2026-11-01T00:00:00Z', '')]);
    expect((await run({ 'main.tf': policyTf(1), 'images.json': anonymous, 'td.json': TD })).skipped).toEqual([
      'images.json describe-images: images without repositoryName cannot be joined to a lifecycle policy (ECR-007 not judged)',
    ]);
    expect((await run({ 'images.json': two, 'td.json': TD })).skipped).toEqual([
      'images.json describe-images: no lifecycle policy of repository app in the scanned files (ECR-007 not judged for it)',
    ]);
    const invalid = await run({ 'main.tf': policyTf(0), 'images.json': two, 'td.json': TD }, [
      'ECR-006',
      'ECR-007',
    ]);
    expect(invalid.findings.map((f) => f.slice(0, 16))).toEqual(['ECR-006 main.tf:']);
    expect(invalid.skipped).toEqual([
      'main.tf lifecycle policy of app not simulated: it is invalid (ECR-006) or not fully resolved',
    ]);
  });

  it('without describe-images output the rule stays silent and adds nothing to skipped', async () => {
    const r = await run({ 'main.tf': policyTf(1), 'td.json': TD });
    expect(r).toEqual({ findings: [], skipped: [] });
  });

  it('Japanese messages and notes', async () => {
    const r = await scan({
      inputs: [
        { path: 'main.tf', content: policyTf(1) },
        { path: 'images.json', content: two },
        { path: 'td.json', content: TD },
      ],
      rules: ['ECR-007'],
      now: NOW,
      lang: 'ja',
    });
    expect(r.findings[0]?.message).toContain('TaskDefinition "web" が実行中のイメージ');
    expect(r.findings[0]?.related[0]?.message).toContain('を TaskDefinition "web" が使用しています');
  });
});
