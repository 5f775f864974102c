/**
 * `.hako.yaml`: found upward from the first scanned path, validated against the published JSON
 * Schema (schema/hako-config.schema.json) so a typo in the config is an error, not a silent no-op.
 */
import { lstatSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Ajv } from 'ajv';
import { parse as parseYamlValue } from 'yaml';
import { DEFAULT_MAX_FILE_BYTES, decode, readBytes } from './io/read.js';
import type { Src } from './model/source.js';
import { at, items } from './parse/tree.js';
import { parseYaml } from './parse/yaml.js';
import type { Lang, Severity } from './rules/types.js';

export interface IgnoreEntry {
  rule: string;
  resource?: string;
  path?: string;
  reason?: string;
  expires?: string;
}

export type RuleSetting = 'off' | 'on' | Severity | boolean | { enabled?: boolean; severity?: Severity };

export interface HakoConfig {
  rules?: Record<string, RuleSetting>;
  exclude?: string[];
  pss?: { level?: 'baseline' | 'restricted'; version?: string };
  ignore?: IgnoreEntry[];
  lang?: Lang;
  failOn?: Severity;
}

export class ConfigError extends Error {}

/**
 * The config file exists but cannot be read as text (a FIFO, a link to a device, too large, not
 * UTF-8): scanning goes on without it and the file is reported as HAKO-001 at `line`.
 */
export class ConfigUnreadable extends ConfigError {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line = 1,
  ) {
    super(`cannot read config ${file}: ${reason}`);
  }
}

export const CONFIG_FILE = '.hako.yaml';
const schemaUrl = new URL('../schema/hako-config.schema.json', import.meta.url);
let validator: ((v: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };

function validate(v: unknown): string[] {
  if (!validator) {
    // ajv (CommonJS, dozens of files) only when there is a config to check: not at every start
    const require = createRequire(import.meta.url);
    const { Ajv: AjvClass } = require('ajv') as { Ajv: typeof Ajv };
    const formats = require('ajv-formats') as { default: (a: Ajv) => void };
    const ajv = new AjvClass({ allErrors: true, strict: false });
    formats.default(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(schemaUrl, 'utf8')));
  }
  if (validator(v)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

/** Finds `.hako.yaml` in the directory of `start` or any parent. */
export function findConfig(start: string): string | undefined {
  let dir = path.resolve(start);
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) dir = path.dirname(dir);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE);
    // lstat: a dangling link or a FIFO is found too, and then reported, never waited on
    if (lstatSync(candidate, { throwIfNoEntry: false })) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Loads and validates a config file; also returns where each `ignore` entry is written (for HAKO-002). */
export function loadConfig(
  file: string,
  maxBytes = DEFAULT_MAX_FILE_BYTES,
): { config: HakoConfig; ignoreSrcs: Src[] } {
  const bytes = readBytes(file, maxBytes);
  if (!bytes.ok) {
    if (bytes.missing && lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink())
      throw new ConfigUnreadable(file, 'dangling symlink (its target does not exist); not read');
    if (bytes.missing) throw new ConfigError(`cannot read config ${file}: ${bytes.message}`);
    throw new ConfigUnreadable(file, bytes.message);
  }
  const r = decode(bytes.bytes, maxBytes);
  if (!r.ok) throw new ConfigUnreadable(file, r.message, r.line);
  const text = r.text;
  const config = parseConfig(text, file);
  const display = path.relative(process.cwd(), file).split(path.sep).join('/') || CONFIG_FILE;
  const doc = parseYaml(display, text).docs[0]?.node;
  const ignoreSrcs = items(at(doc, 'ignore')).map((n) => n.src);
  return { config, ignoreSrcs };
}

export function parseConfig(text: string, file = CONFIG_FILE): HakoConfig {
  let value: unknown;
  try {
    value = parseYamlValue(text) ?? {};
  } catch (e) {
    throw new ConfigError(`${file}: ${(e as Error).message.split('\n')[0]}`);
  }
  const problems = validate(value);
  if (problems.length > 0) throw new ConfigError(`${file}: invalid configuration: ${problems.join('; ')}`);
  return value as HakoConfig;
}

/** Effective enabled flag and severity of a rule under the config. */
export function ruleSetting(
  config: HakoConfig,
  id: string,
  def: Severity,
): { enabled: boolean; severity: Severity } {
  const s = config.rules?.[id];
  if (s === undefined || s === 'on' || s === true) return { enabled: true, severity: def };
  if (s === 'off' || s === false) return { enabled: false, severity: def };
  if (typeof s === 'string') return { enabled: true, severity: s };
  return { enabled: s.enabled ?? true, severity: s.severity ?? def };
}
