/**
 * The streaming detector: every event is tested against each plan (plan.ts); matches with the same
 * key are one group (count, first and last time, source IPs), so a repeated action is one finding
 * with a count, not a flood. Memory grows with the number of distinct keys, not with events.
 */
import { format, type Lang, noEquivalents } from '../../rules/types.js';
import { AUDIT_META_BY_ID, AUDIT_NOTES, type AuditNoteId } from './meta.js';
import {
  type EventView,
  FINAL_STAGE,
  field,
  PLANS,
  type Plan,
  test,
  value,
  view,
  WORKLOADS,
} from './plan.js';
import type { AuditEvent } from './reader.js';

/** At most this many distinct source IPs / namespaces are kept per finding (the count stays exact). */
const MAX_LISTED = 10;

export interface AuditFinding {
  ruleId: string;
  slug: string;
  severity: string;
  title: string;
  message: string;
  resource: { kind: string | null; name: string | null; namespace: string | null; address: string };
  location: { file: string; startLine: number };
  related: { file: string; startLine: number; message: string }[];
  remediation: string;
  references: string[];
  equivalents: ReturnType<typeof noEquivalents>;
  suppressed: null;
  audit: {
    key: Record<string, string | null>;
    count: number;
    user: string | null;
    sourceIPs: string[];
    userAgent: string | null;
    firstSeen: string | null;
    lastSeen: string | null;
    verb: string | null;
    object: {
      resource: string | null;
      namespace: string | null;
      name: string | null;
      subresource: string | null;
    };
    namespaces?: string[];
    guardDuty: string | null;
  };
}

interface Group {
  plan: Plan;
  key: Record<string, string | null>;
  count: number;
  file: string;
  line: number;
  lastFile: string;
  lastLine: number;
  first: string | null;
  last: string | null;
  ips: Set<string>;
  ipsMore: boolean;
  userAgent: string | null;
  verb: string | null;
  object: AuditFinding['audit']['object'];
  namespaces?: Set<string>;
  clusterWide?: boolean;
}

const str = (x: unknown): string | null => (typeof x === 'string' ? x : null);

export class AuditDetector {
  private groups = new Map<string, Group>();
  events = 0;
  earlyStages = 0;
  noBody = 0;

  constructor(private readonly plans: Plan[] = PLANS) {}

  add(e: AuditEvent, file: string, line: number): void {
    this.events++;
    const v = view(e);
    if (!test(FINAL_STAGE, v)) {
      this.earlyStages++;
      return;
    }
    if (v.body === undefined || v.body === null) this.countNoBody(v);
    for (const plan of this.plans) {
      if (!test(plan.where, v)) continue;
      const key: Record<string, string | null> = {};
      for (const [k, val] of Object.entries(plan.key)) key[k] = value(val, v);
      const id = `${plan.id}\u0000${JSON.stringify(key)}`;
      let g = this.groups.get(id);
      const time = str(e.requestReceivedTimestamp) ?? str(e.stageTimestamp);
      if (!g) {
        g = {
          plan,
          key,
          count: 0,
          file,
          line,
          lastFile: file,
          lastLine: line,
          first: time,
          last: time,
          ips: new Set(),
          ipsMore: false,
          userAgent: str(e.userAgent),
          verb: str(e.verb),
          object: {
            resource: str(field(v, 'objectRef.resource')),
            namespace: str(field(v, 'objectRef.namespace')),
            name: str(field(v, 'objectRef.name')),
            subresource: str(field(v, 'objectRef.subresource')),
          },
        };
        if (plan.having) {
          g.namespaces = new Set();
          g.clusterWide = false;
        }
        this.groups.set(id, g);
      }
      g.count++;
      g.lastFile = file;
      g.lastLine = line;
      if (time !== null) {
        if (g.first === null || time < g.first) g.first = time;
        if (g.last === null || time > g.last) g.last = time;
      }
      const ips = Array.isArray(e.sourceIPs) ? e.sourceIPs : [];
      for (const ip of ips) {
        if (typeof ip !== 'string' || g.ips.has(ip)) continue;
        if (g.ips.size < MAX_LISTED) g.ips.add(ip);
        else g.ipsMore = true;
      }
      if (g.namespaces) {
        const ns = str(field(v, 'objectRef.namespace'));
        if (ns === null) g.clusterWide = true;
        else if (g.namespaces.size < 1000) g.namespaces.add(ns);
      }
    }
  }

  /** Writes whose body the body-based detections need, logged at level Metadata. */
  private countNoBody(v: EventView): void {
    const r = str(field(v, 'objectRef.resource'));
    const verb = str(field(v, 'verb'));
    if (!r || !verb || !['create', 'update', 'patch'].includes(verb)) return;
    if (r === 'rolebindings' || r === 'clusterrolebindings' || r === 'services' || WORKLOADS.includes(r)) {
      if (str(field(v, 'objectRef.subresource')) === null) this.noBody++;
    }
  }

  findings(lang: Lang): AuditFinding[] {
    const out: AuditFinding[] = [];
    for (const g of this.groups.values()) {
      if (g.plan.having) {
        const n = g.namespaces!.size;
        if (!g.clusterWide && n < g.plan.having.distinctNamespaces) continue;
      }
      out.push(this.finding(g, lang));
    }
    const order = (f: AuditFinding) =>
      `${f.ruleId}\u0000${f.location.file}\u0000${String(f.location.startLine).padStart(12, '0')}`;
    return out.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  }

  private finding(g: Group, lang: Lang): AuditFinding {
    const meta = AUDIT_META_BY_ID.get(g.plan.id)!;
    const o = g.object;
    const address = [o.resource ?? '', o.namespace ?? '', o.name ?? '']
      .filter((x, i) => i === 0 || x !== '')
      .join('/');
    const objectText = `${o.resource ?? '(non-resource)'}${o.subresource ? `/${o.subresource}` : ''} ${
      o.namespace ? `${o.namespace}/` : ''
    }${o.name ?? '*'}`;
    const ips = [...g.ips].join(', ') + (g.ipsMore ? ', …' : '') || '-';
    const namespaces = g.namespaces
      ? [...(g.clusterWide ? ['*'] : []), ...[...g.namespaces].sort()].slice(0, MAX_LISTED)
      : undefined;
    const data: Record<string, string | number> = {
      ...Object.fromEntries(Object.entries(g.key).map(([k, x]) => [k, x ?? '-'])),
      user: g.key.user ?? '-',
      count: g.count,
      object: objectText,
      verb: g.verb ?? '-',
      ips,
      ...(namespaces ? { namespaces: namespaces.join(', ') } : {}),
    };
    let guardDuty = meta.guardDuty;
    if (guardDuty?.includes('{tactic}')) guardDuty = format(guardDuty, { tactic: String(g.key.tactic) });
    if (guardDuty === '{dashboard}')
      guardDuty =
        g.key.dashboard === 'Kubeflow'
          ? 'Policy:Kubernetes/KubeflowDashboardExposed'
          : 'Policy:Kubernetes/ExposedDashboard';
    return {
      ruleId: meta.id,
      slug: meta.slug,
      severity: meta.severity,
      title: meta.title[lang],
      message: format(meta.message[lang], data),
      resource: { kind: o.resource, name: o.name, namespace: o.namespace, address },
      location: { file: g.file, startLine: g.line },
      related:
        g.count > 1
          ? [
              {
                file: g.lastFile,
                startLine: g.lastLine,
                message: auditNote(lang, 'lastSeen', { count: g.count }),
              },
            ]
          : [],
      remediation: meta.remediation[lang],
      references: meta.references,
      equivalents: noEquivalents(),
      suppressed: null,
      audit: {
        key: g.key,
        count: g.count,
        user: g.key.user ?? null,
        sourceIPs: [...g.ips],
        userAgent: g.userAgent,
        firstSeen: g.first,
        lastSeen: g.last,
        verb: g.verb,
        object: o,
        ...(namespaces ? { namespaces } : {}),
        guardDuty,
      },
    };
  }
}

export function auditNote(lang: Lang, id: AuditNoteId, data?: Record<string, string | number>): string {
  return format(AUDIT_NOTES[lang][id], data);
}
