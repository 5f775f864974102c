import { describe, expect, it } from 'vitest';
import { isPrivateEcrRegistry, isTemplated, parseImage } from './image.js';

describe('parseImage', () => {
  it.each([
    ['nginx', { repository: 'nginx' }],
    ['nginx:1.27', { repository: 'nginx', tag: '1.27' }],
    ['library/nginx:latest', { repository: 'library/nginx', tag: 'latest' }],
    ['host:5000/app', { registry: 'host:5000', repository: 'app' }],
    ['host:5000/team/app:2.0', { registry: 'host:5000', repository: 'team/app', tag: '2.0' }],
    ['localhost/app', { registry: 'localhost', repository: 'app' }],
    [
      'public.ecr.aws/nginx/nginx:1.27',
      { registry: 'public.ecr.aws', repository: 'nginx/nginx', tag: '1.27' },
    ],
    ['app@sha256:abc', { repository: 'app', digest: 'sha256:abc' }],
    [
      'host:5000/app:latest@sha256:abc',
      { registry: 'host:5000', repository: 'app', tag: 'latest', digest: 'sha256:abc' },
    ],
  ])('%s', (ref, want) => {
    expect(parseImage(ref)).toEqual({ registry: undefined, tag: undefined, digest: undefined, ...want });
  });
});

describe('isPrivateEcrRegistry', () => {
  it.each([
    ['111122223333.dkr.ecr.us-east-1.amazonaws.com', true],
    ['111122223333.dkr.ecr-fips.us-gov-west-1.amazonaws.com', true],
    ['111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn', true],
    ['111122223333.dkr-ecr.eu-west-1.on.aws', true],
    ['public.ecr.aws', false],
    ['docker.io', false],
    ['111122223333.dkr.ecr.us-east-1.amazonaws.com.evil.example', false],
    [undefined, false],
  ])('%s → %s', (registry, want) => expect(isPrivateEcrRegistry(registry)).toBe(want));
});

describe('isTemplated', () => {
  it.each([
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${TAG} is the input
    ['app:${TAG}', true],
    ['{{ .Values.image }}', true],
    ['app:$(TAG)', true],
    ['app:1.0', false],
  ])('%s → %s', (ref, want) => expect(isTemplated(ref)).toBe(want));
});
