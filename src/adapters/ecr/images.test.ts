import { describe, expect, it } from 'vitest';
import { parseImageRef, usersOfImages } from '../../engines/ecr-lifecycle/in-use.js';
import { readDescribeImages, splitJsonValues, timeOf } from './images.js';

describe('describe-images reader', () => {
  it('splits concatenated pages, strings with braces included', () => {
    const text = '{"a": "}{"}\n{"b": [1, {"c": "\\"}"}]}  [1]';
    expect(splitJsonValues(text).map(({ start, end }) => text.slice(start, end))).toEqual([
      '{"a": "}{"}',
      '{"b": [1, {"c": "\\"}"}]}',
      '[1]',
    ]);
  });

  it('reads ISO-8601 times (CLI v2) and epoch seconds (CLI v1)', () => {
    expect(timeOf('2026-11-28T00:00:00+00:00')).toBe(Date.parse('2026-11-28T00:00:00Z'));
    expect(timeOf(1764288000.5)).toBe(1764288000500);
    expect(timeOf('yesterday')).toBeUndefined();
    expect(timeOf(true)).toBeUndefined();
  });

  it('maps imageStatus ARCHIVED to the archive storage class and keeps pull and archive times', () => {
    const { images, problems } = readDescribeImages(
      'i.json',
      JSON.stringify({
        imageDetails: [
          {
            imageDigest: 'sha256:a',
            imagePushedAt: '2026-01-01T00:00:00Z',
            imageStatus: 'ARCHIVED',
            lastArchivedAt: '2026-06-01T00:00:00Z',
            lastRecordedPullTime: '2026-02-01T00:00:00Z',
          },
        ],
      }),
    );
    expect(problems).toEqual([]);
    expect(images[0]).toMatchObject({
      storageClass: 'archive',
      archivedAt: Date.parse('2026-06-01T00:00:00Z'),
      pulledAt: Date.parse('2026-02-01T00:00:00Z'),
      tags: [],
    });
  });

  it('reports each bad image with its line and a page that is not describe-images output', () => {
    const text = [
      '{"imageDetails": [',
      '  {"imageDigest": "sha256:a", "imagePushedAt": "2026-01-01T00:00:00Z", "imageTags": "v1"},',
      '  "oops",',
      '  {"imageDigest": "sha256:c", "imagePushedAt": "2026-01-01T00:00:00Z", "lastRecordedPullTime": "never"}',
      ']}',
      '{"repositories": []}',
      '{"imageDetails": [ }',
    ].join('\n');
    const { images, problems } = readDescribeImages('i.json', text);
    expect(images).toEqual([]);
    expect(problems.map((p) => `${p.line} ${p.note}`)).toEqual([
      '2 ecrImageBadTags',
      '3 ecrImageNotObject',
      '4 ecrImageBadTime',
      '6 ecrImagesShape',
      '7 jsonError',
    ]);
  });
});

describe('image references', () => {
  it('parses ECR references with tag, digest or both; other registries are not ECR images', () => {
    expect(parseImageRef('123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:v1')).toEqual({
      account: '123456789012',
      region: 'us-east-1',
      repository: 'team/app',
      tag: 'v1',
    });
    expect(parseImageRef('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app:v1@sha256:abc')).toMatchObject(
      {
        repository: 'app',
        tag: 'v1',
        digest: 'sha256:abc',
      },
    );
    expect(parseImageRef('123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/app')).toMatchObject({
      repository: 'app',
    });
    expect(parseImageRef('nginx:1.27')).toBeUndefined();
    expect(parseImageRef('public.ecr.aws/nginx/nginx:1.27')).toBeUndefined();
    expect(parseImageRef('localhost:5000/app:v1')).toBeUndefined();
  });

  it('joins by repository and account, by digest when one is written, else by tag (default latest)', () => {
    const images = [
      { digest: 'sha256:1', tags: ['v1', 'latest'], repository: 'app', registryId: '123456789012' },
      { digest: 'sha256:2', tags: ['v2'], repository: 'app', registryId: '123456789012' },
      { digest: 'sha256:3', tags: ['v1'], repository: 'other', registryId: '123456789012' },
    ];
    const ref = (reference: string) => {
      const r = parseImageRef(reference);
      if (!r) throw new Error(reference);
      return { reference, ref: r, user: reference, src: {} as never, resource: {} as never };
    };
    const users = usersOfImages(images, [
      ref('123456789012.dkr.ecr.us-east-1.amazonaws.com/app'),
      ref('123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1@sha256:2'),
      ref('999999999999.dkr.ecr.us-east-1.amazonaws.com/app:v2'),
    ]);
    expect([...users.entries()].map(([i, us]) => [i, us.map((u) => u.reference)])).toEqual([
      [0, ['123456789012.dkr.ecr.us-east-1.amazonaws.com/app']],
      [1, ['123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1@sha256:2']],
    ]);
  });
});
