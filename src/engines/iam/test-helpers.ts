/** Policy builders shared by the IAM evaluator's table tests (not compiled into dist/). */

/** The accounts and Region the tables use. */
export const A = '111111111111';
export const R = 'us-east-1';

export type Stmt = Record<string, unknown>;

export const doc = (...Statement: Stmt[]) => ({ Version: '2012-10-17', Statement });

export const allow = (
  Action: string | string[],
  Resource: string | string[] = '*',
  extra: Stmt = {},
): Stmt => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});

export const deny = (
  Action: string | string[],
  Resource: string | string[] = '*',
  extra: Stmt = {},
): Stmt => ({
  Effect: 'Deny',
  Action,
  Resource,
  ...extra,
});
