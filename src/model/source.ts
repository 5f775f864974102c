/**
 * Source locations and located values: every model leaf a rule may read carries where it came
 * from and whether it was written, defaulted or could not be resolved.
 */

import type { Src } from '../source.js';

export type { Src } from '../source.js';

/** How a value came to be: written in the file, taken from the provider/API default, or not knowable statically. */
export type Origin = 'explicit' | 'default' | 'unresolved';

export interface Val<T> {
  value: T;
  src: Src;
  origin: Origin;
}

export function explicit<T>(value: T, src: Src): Val<T> {
  return { value, src, origin: 'explicit' };
}

/** A default value located at the enclosing block, so a finding points where the setting is missing. */
export function defaulted<T>(value: T, at: Src): Val<T> {
  return { value, src: at, origin: 'default' };
}

export function unresolved<T>(value: T, src: Src): Val<T> {
  return { value, src, origin: 'unresolved' };
}

/** True when the value is known (explicit or default). Unresolved values never fire a rule alone. */
export function isKnown<T>(v: Val<T> | undefined): v is Val<T> {
  return v !== undefined && v.origin !== 'unresolved';
}

/** Known and equal to `true`. */
export function isTrue(v: Val<unknown> | undefined): boolean {
  return isKnown(v) && v.value === true;
}

/** Known and equal to `false`. */
export function isFalse(v: Val<unknown> | undefined): boolean {
  return isKnown(v) && v.value === false;
}

/** Known and satisfies the predicate; false on unresolved or absent values. */
export function testVal<T>(v: Val<T> | undefined, pred: (value: T) => boolean): boolean {
  return isKnown(v) && pred(v.value);
}

export function srcLabel(src: Src): string {
  return `${src.file}:${src.startLine}:${src.startColumn}`;
}
