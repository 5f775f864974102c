import { describe, expect, it } from 'vitest';
import { isRootUser } from './ecs-non-root-user.js';

describe('isRootUser', () => {
  it.each([
    ['0', true],
    ['root', true],
    ['0:0', true],
    ['0:1000', true],
    ['root:root', true],
    ['root:staff', true],
    ['000', true],
    [' 0 ', true],
    ['1000', false],
    ['1000:0', false], // non-root user in the root group
    ['app', false],
    ['app:root', false],
    ['rootless', false],
    ['10', false],
    ['65534:65534', false],
  ])('%s → %s', (user, root) => expect(isRootUser(user)).toBe(root));
});
