/** Prometheus text exposition (format 0.0.4) of the webhook's counters and latency histogram. */

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly decisions = new Map<string, number>();
  private readonly bucketCounts = new Array<number>(BUCKETS.length).fill(0);
  private latencyCount = 0;
  private latencySum = 0;
  reloads = { ok: 0, failed: 0 };

  /** One HTTP request answered (any path). */
  request(path: string, code: number): void {
    const key = `path="${label(path)}",code="${code}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  /** One admission review decided, and how long it took (seconds). */
  decision(decision: string, kind: string, seconds: number): void {
    const key = `decision="${label(decision)}",kind="${label(kind)}"`;
    this.decisions.set(key, (this.decisions.get(key) ?? 0) + 1);
    this.latencyCount++;
    this.latencySum += seconds;
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= (BUCKETS[i] ?? 0)) this.bucketCounts[i]!++;
  }

  render(extra: {
    namespacesCached: number;
    ready: boolean;
    workers?: { size: number; busy: number; restarts: number; timeouts: number };
    cache?: { hits: number; misses: number; entries: number; max: number; bytes: number };
  }): string {
    const out: string[] = [];
    out.push('# HELP hako_webhook_requests_total HTTP requests answered, by path and status code.');
    out.push('# TYPE hako_webhook_requests_total counter');
    for (const [k, v] of [...this.requests].sort()) out.push(`hako_webhook_requests_total{${k}} ${v}`);
    out.push('# HELP hako_webhook_decisions_total Admission reviews decided, by decision and object kind.');
    out.push('# TYPE hako_webhook_decisions_total counter');
    for (const [k, v] of [...this.decisions].sort()) out.push(`hako_webhook_decisions_total{${k}} ${v}`);
    out.push('# HELP hako_webhook_review_duration_seconds Time to decide one admission review.');
    out.push('# TYPE hako_webhook_review_duration_seconds histogram');
    BUCKETS.forEach((b, i) => {
      out.push(`hako_webhook_review_duration_seconds_bucket{le="${b}"} ${this.bucketCounts[i]}`);
    });
    out.push(`hako_webhook_review_duration_seconds_bucket{le="+Inf"} ${this.latencyCount}`);
    out.push(`hako_webhook_review_duration_seconds_sum ${this.latencySum}`);
    out.push(`hako_webhook_review_duration_seconds_count ${this.latencyCount}`);
    out.push('# HELP hako_webhook_reloads_total Certificate and policy reloads, by result.');
    out.push('# TYPE hako_webhook_reloads_total counter');
    out.push(`hako_webhook_reloads_total{result="ok"} ${this.reloads.ok}`);
    out.push(`hako_webhook_reloads_total{result="failed"} ${this.reloads.failed}`);
    out.push('# HELP hako_webhook_namespaces_cached Namespaces whose labels this replica holds.');
    out.push('# TYPE hako_webhook_namespaces_cached gauge');
    out.push(`hako_webhook_namespaces_cached ${extra.namespacesCached}`);
    if (extra.cache) {
      const c = extra.cache;
      out.push('# HELP hako_webhook_decision_cache_hits_total Reviews answered from the decision cache.');
      out.push('# TYPE hako_webhook_decision_cache_hits_total counter');
      out.push(`hako_webhook_decision_cache_hits_total ${c.hits}`);
      out.push(
        '# HELP hako_webhook_decision_cache_misses_total Reviews judged because the cache had no entry.',
      );
      out.push('# TYPE hako_webhook_decision_cache_misses_total counter');
      out.push(`hako_webhook_decision_cache_misses_total ${c.misses}`);
      out.push('# HELP hako_webhook_decision_cache_entries Judgements the decision cache holds.');
      out.push('# TYPE hako_webhook_decision_cache_entries gauge');
      out.push(`hako_webhook_decision_cache_entries ${c.entries}`);
      out.push('# HELP hako_webhook_decision_cache_max_entries Size of the decision cache (0: off).');
      out.push('# TYPE hako_webhook_decision_cache_max_entries gauge');
      out.push(`hako_webhook_decision_cache_max_entries ${c.max}`);
      out.push('# HELP hako_webhook_decision_cache_bytes Estimated memory of the cached judgements.');
      out.push('# TYPE hako_webhook_decision_cache_bytes gauge');
      out.push(`hako_webhook_decision_cache_bytes ${c.bytes}`);
    }
    if (extra.workers) {
      const w = extra.workers;
      out.push('# HELP hako_webhook_workers Worker threads that judge reviews.');
      out.push('# TYPE hako_webhook_workers gauge');
      out.push(`hako_webhook_workers ${w.size}`);
      out.push(
        '# HELP hako_webhook_judgements_in_flight Judgements sent to the workers and not yet answered.',
      );
      out.push('# TYPE hako_webhook_judgements_in_flight gauge');
      out.push(`hako_webhook_judgements_in_flight ${w.busy}`);
      out.push(
        '# HELP hako_webhook_worker_restarts_total Judging workers replaced after they stopped or timed out.',
      );
      out.push('# TYPE hako_webhook_worker_restarts_total counter');
      out.push(`hako_webhook_worker_restarts_total ${w.restarts}`);
      out.push(
        '# HELP hako_webhook_judge_timeouts_total Judgements that took longer than --judge-timeout (answered as failurePolicy says; the worker was replaced).',
      );
      out.push('# TYPE hako_webhook_judge_timeouts_total counter');
      out.push(`hako_webhook_judge_timeouts_total ${w.timeouts}`);
    }
    out.push('# HELP hako_webhook_ready 1 when the webhook accepts reviews.');
    out.push('# TYPE hako_webhook_ready gauge');
    out.push(`hako_webhook_ready ${extra.ready ? 1 : 0}`);
    return `${out.join('\n')}\n`;
  }
}

/** A label value as the exposition format writes it (and no newline from a request). */
function label(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').slice(0, 100);
}
