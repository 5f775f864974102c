/**
 * Judging on worker threads (`hako webhook serve --workers N`): a review's judgement is synchronous
 * CPU work after the request is parsed (the scan pipeline on one object), so one thread caps a
 * replica at one core. The main thread keeps TLS, HTTP, admission semantics and both caches (the
 * decision cache and the namespace cache: one copy, so a Namespace review is seen by every later
 * review whichever worker judges it); workers are pure judges (src/webhook/worker.ts).
 *
 * A judgement goes to the worker with the fewest in flight. The policy is sent to a worker with
 * its first judgement after a reload (the main thread owns the policy; a worker keeps the last one
 * it was sent). A worker that dies fails its in-flight judgements (the server answers those as its
 * failurePolicy says) and is replaced.
 *
 * A judgement that takes longer than the pool's timeout (`--judge-timeout`) fails with
 * {@link JudgeTimeout} (answered as the failurePolicy says, counted in /metrics): a stuck judgement
 * cannot be interrupted inside its thread, so that worker is stopped and replaced, and the other
 * judgements it held are sent again to its replacement. Only the API server's `timeoutSeconds`
 * bounded a stuck judgement before.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { WebhookPolicy } from './policy.js';
import type { Judged, JudgeInput } from './review.js';
import type { JudgeMessage } from './worker.js';

type Reply = { id: number; judged: Judged } | { id: number; error: string };

/** A judgement that did not finish within the pool's timeout. */
export class JudgeTimeout extends Error {
  constructor(ms: number) {
    super(`the judgement took longer than ${ms} ms`);
  }
}

interface Pending {
  resolve: (j: Judged) => void;
  reject: (e: Error) => void;
  input: JudgeInput;
  policy: WebhookPolicy;
  /** Bounded by the timeout: its clock starts once the worker has started (answered once). */
  timed: boolean;
  timer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Stopped by the pool (a judgement timed out): its exit is no failure of the pool. */
  stopped: boolean;
  /** The policy generation this worker holds (0: none yet). */
  generation: number;
  /** Whether it has answered once (it started). */
  answered: boolean;
}

/** The default size of the pool: every core, when there is more than one (else judge in-thread). */
export function defaultWorkers(): number {
  const n = availableParallelism();
  return n > 1 ? n : 0;
}

export class JudgePool {
  private readonly slots: Slot[] = [];
  private readonly generations = new WeakMap<WebhookPolicy, number>();
  private generation = 0;
  private nextId = 1;
  private closing = false;
  /** Why the workers cannot judge (one stopped before it ever answered). */
  private broken: Error | undefined;
  /** Workers replaced after they died or were stopped for a judgement that timed out. */
  restarts = 0;
  /** Judgements that took longer than the timeout. */
  timeouts = 0;
  /** The warm-up judgement: a replacement worker runs it (untimed) before any other. */
  private warmUp: { input: JudgeInput; policy: WebhookPolicy } | undefined;

  /** `timeoutMs`: how long one judgement may take (0: no limit; the warm-up has none). */
  constructor(
    readonly size: number,
    readonly timeoutMs = 0,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError('a judge pool needs at least one worker');
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /** Judgements sent and not yet answered. */
  get busy(): number {
    let n = 0;
    for (const s of this.slots) n += s.pending.size;
    return n;
  }

  /** Judges on the least busy worker. */
  readonly judge = (input: JudgeInput, policy: WebhookPolicy): Promise<Judged> => {
    let best = this.slots[0] as Slot;
    for (const s of this.slots) if (s.pending.size < best.pending.size) best = s;
    return this.send(best, input, policy);
  };

  /** One judgement on every worker (the first one loads the rules and parsers): before /readyz says ready. */
  async warm(input: JudgeInput, policy: WebhookPolicy): Promise<void> {
    this.warmUp = { input, policy };
    await Promise.all(this.slots.map((s) => this.send(s, input, policy, false)));
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private send(slot: Slot, input: JudgeInput, policy: WebhookPolicy, timed = true): Promise<Judged> {
    if (this.closing) return Promise.reject(new Error('the judging workers are stopping'));
    if (this.broken) return Promise.reject(this.broken);
    let g = this.generations.get(policy);
    if (g === undefined) {
      g = ++this.generation;
      this.generations.set(policy, g);
    }
    const id = this.nextId++;
    const message: JudgeMessage = { id, input, ...(slot.generation !== g ? { policy } : {}) };
    slot.generation = g;
    return new Promise<Judged>((resolve, reject) => {
      const p: Pending = { resolve, reject, input, policy, timed: timed && this.timeoutMs > 0 };
      // a worker that has not started yet (loading the rules) is not timed until it has
      if (slot.answered) this.startClock(slot, id, p);
      slot.pending.set(id, p);
      slot.worker.postMessage(message);
    });
  }

  private startClock(slot: Slot, id: number, p: Pending): void {
    if (!p.timed || p.timer) return;
    p.timer = setTimeout(() => this.expire(slot, id), this.timeoutMs);
    p.timer.unref();
  }

  /** Judgement `id` on `slot` timed out: fail it, stop the worker, judge its others on a new one. */
  private expire(slot: Slot, id: number): void {
    const p = slot.pending.get(id);
    const i = this.slots.indexOf(slot);
    if (!p || i < 0) return;
    slot.pending.delete(id);
    this.timeouts++;
    p.reject(new JudgeTimeout(this.timeoutMs));
    slot.stopped = true;
    const others = [...slot.pending.values()];
    slot.pending.clear();
    void slot.worker.terminate();
    if (this.closing) {
      for (const o of others) o.reject(new Error('the judging workers are stopping'));
      return;
    }
    this.restarts++;
    const fresh = this.spawn();
    this.slots[i] = fresh;
    for (const o of others) {
      clearTimeout(o.timer);
      this.send(fresh, o.input, o.policy).then(o.resolve, o.reject);
    }
  }

  private spawn(): Slot {
    // compiled: worker.js beside this file; from the TypeScript sources (tests), through tsx
    const worker = import.meta.url.endsWith('.ts')
      ? new Worker(
          `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(new URL('./worker.ts', import.meta.url).href)}); })`,
          { eval: true },
        )
      : new Worker(new URL('./worker.js', import.meta.url));
    worker.unref();
    const slot: Slot = { worker, pending: new Map(), stopped: false, generation: 0, answered: false };
    worker.on('message', (m: Reply) => {
      if (!slot.answered) {
        slot.answered = true;
        for (const [id, q] of slot.pending) this.startClock(slot, id, q);
      }
      const p = slot.pending.get(m.id);
      if (!p) return;
      slot.pending.delete(m.id);
      clearTimeout(p.timer);
      if ('error' in m) p.reject(new Error(m.error));
      else p.resolve(m.judged);
    });
    let failed = false;
    const fail = (e: Error) => {
      if (failed || slot.stopped) return;
      failed = true;
      for (const p of slot.pending.values()) {
        clearTimeout(p.timer);
        p.reject(e);
      }
      slot.pending.clear();
      // a worker that never answered cannot start (no respawn loop): the pool refuses from now on
      if (!slot.answered) this.broken = e;
      const i = this.slots.indexOf(slot);
      if (i >= 0 && !this.closing && !this.broken) {
        this.restarts++;
        this.slots[i] = this.spawn();
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a judging worker stopped (exit code ${code})`)));
    // a replacement loads the rules on the warm-up judgement, first and untimed
    if (this.warmUp) this.send(slot, this.warmUp.input, this.warmUp.policy, false).catch(() => {});
    return slot;
  }
}
