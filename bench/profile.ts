/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time per function and per module
 * (an npm package, a directory of dist/, or a V8 pseudo-frame such as the garbage collector),
 * highest first, with the share of the whole run. Paths are shown relative to the repository.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface Hotspot {
  fn: string;
  where: string;
  selfMs: number;
  percent: number;
}

export function hotspots(file: string, root: string, top = 15): { functions: Hotspot[]; modules: Hotspot[] } {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  // self time from the samples and their time deltas (hitCount has no time unit)
  const self = new Map<number, number>();
  const samples = prof.samples ?? [];
  const deltas = prof.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const next = deltas[i + 1] ?? 0;
    self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + next);
  }
  const total = (prof.endTime - prof.startTime) / 1000;
  const functions = new Map<string, Hotspot>();
  const modules = new Map<string, Hotspot>();
  const add = (into: Map<string, Hotspot>, fn: string, where: string, us: number) => {
    const key = `${fn} ${where}`;
    const h = into.get(key) ?? { fn, where, selfMs: 0, percent: 0 };
    h.selfMs += us / 1000;
    into.set(key, h);
  };
  for (const [id, us] of self) {
    const cf = byId.get(id)?.callFrame;
    if (!cf) continue;
    const fn = cf.functionName || '(anonymous)';
    const rel = shorten(cf.url.replace(/^file:\/\//, ''), root);
    add(functions, fn, rel ? `${rel}:${cf.lineNumber + 1}` : '', us);
    add(modules, rel ? moduleOf(rel) : fn.startsWith('(') ? fn : '(native)', '', us);
  }
  const best = (m: Map<string, Hotspot>) => {
    const list = [...m.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, top);
    for (const h of list) {
      h.percent = Math.round((h.selfMs / total) * 1000) / 10;
      h.selfMs = Math.round(h.selfMs);
    }
    return list;
  };
  return { functions: best(functions), modules: best(modules) };
}

function shorten(url: string, root: string): string {
  if (!url) return '';
  const rel = path.relative(root, url);
  return rel.startsWith('..') ? url : rel.replace(/^node_modules\//, '');
}

/** `yaml/dist/parse/parser.js` → `yaml`; `dist/parse/yaml.js` → `dist/parse`; `node:fs` as is. */
function moduleOf(rel: string): string {
  const parts = rel.split('/');
  if (parts[0] === 'dist' || parts[0] === 'src') return parts.slice(0, parts.length > 2 ? 2 : 1).join('/');
  if (rel.startsWith('node:') || path.isAbsolute(rel)) return rel;
  return parts[0]!.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}
