import { describe, expect, it } from 'vitest';
import { sameRole } from './ecs-task-role-not-execution-role.js';

describe('sameRole', () => {
  const A = 'arn:aws:iam::111122223333:role/app';
  it.each([
    [A, A, true],
    [A, 'arn:aws:iam::111122223333:role/App', true], // role names are case-insensitive
    [A, 'arn:aws:iam::111122223333:role/team/app', true], // the path is not part of the identity
    ['app', A, true], // taskRoleArn may be a bare role name
    ['arn:aws-cn:iam::111122223333:role/app', 'app', true],
    [A, 'arn:aws:iam::444455556666:role/app', false],
    [A, 'arn:aws:iam::111122223333:role/app-execution', false],
    ['', '', false],
  ])('%s vs %s → %s', (a, b, same) => expect(sameRole(a, b)).toBe(same));
});
