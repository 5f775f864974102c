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
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { WebhookPolicy } from './policy.js';
import type { Judged, JudgeInput } from './review.js';
import type { JudgeMessage } from './worker.js';

type Reply = { id: number; judged: Judged } | { id: number; error: string };

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (j: Judged) => void; reject: (e: Error) => void }>;
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
  /** Workers replaced after they died. */
  restarts = 0;

  constructor(readonly size: number) {
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
    await Promise.all(this.slots.map((s) => this.send(s, input, policy)));
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private send(slot: Slot, input: JudgeInput, policy: WebhookPolicy): Promise<Judged> {
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
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage(message);
    });
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
    const slot: Slot = { worker, pending: new Map(), generation: 0, answered: false };
    worker.on('message', (m: Reply) => {
      slot.answered = true;
      const p = slot.pending.get(m.id);
      if (!p) return;
      slot.pending.delete(m.id);
      if ('error' in m) p.reject(new Error(m.error));
      else p.resolve(m.judged);
    });
    let failed = false;
    const fail = (e: Error) => {
      if (failed) return;
      failed = true;
      for (const p of slot.pending.values()) p.reject(e);
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
    return slot;
  }
}
