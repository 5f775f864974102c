/**
 * Three-valued logic for linting mode: a condition on a key missing from the context is neither
 * true nor false but 'unknown'. AND/OR/NOT follow Kleene's strong logic, so an unknown that cannot
 * change the outcome (false AND unknown) disappears. Sound but not complete: two conditions on the
 * same unknown key are treated as independent.
 */

export type Tri = boolean | 'unknown';

export const U = 'unknown' as const;

export function and(...xs: Tri[]): Tri {
  let unknown = false;
  for (const x of xs) {
    if (x === false) return false;
    if (x === U) unknown = true;
  }
  return unknown ? U : true;
}

export function or(...xs: Tri[]): Tri {
  let unknown = false;
  for (const x of xs) {
    if (x === true) return true;
    if (x === U) unknown = true;
  }
  return unknown ? U : false;
}

export function not(x: Tri): Tri {
  return x === U ? U : !x;
}

/** AND over a list, short-circuiting on false. */
export function every<T>(items: Iterable<T>, f: (item: T) => Tri): Tri {
  let unknown = false;
  for (const item of items) {
    const v = f(item);
    if (v === false) return false;
    if (v === U) unknown = true;
  }
  return unknown ? U : true;
}

/** OR over a list, short-circuiting on true. */
export function some<T>(items: Iterable<T>, f: (item: T) => Tri): Tri {
  let unknown = false;
  for (const item of items) {
    const v = f(item);
    if (v === true) return true;
    if (v === U) unknown = true;
  }
  return unknown ? U : false;
}
