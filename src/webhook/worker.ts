/**
 * A judging worker of src/webhook/pool.ts: a pure judge. It holds no cache and no state besides
 * the policy it was last sent; the main thread keeps the decision and namespace caches, applies
 * admission semantics, exemptions and modes, and sends only the judgements those leave to make.
 */
import { parentPort } from 'node:worker_threads';
import type { WebhookPolicy } from './policy.js';
import { type JudgeInput, judgeInput } from './review.js';

/** A request from the pool: a judgement, with the policy when it changed since the last one. */
export interface JudgeMessage {
  id: number;
  input: JudgeInput;
  policy?: WebhookPolicy;
}

/**
 * For tests only: `HAKO_TEST_WEBHOOK=hang=TOKEN` makes a judgement whose object's JSON holds TOKEN
 * never finish (a busy loop, as a stuck rule would), to test the pool's judgement timeout.
 */
const hang = /(?:^|,)hang=([^,]+)/.exec(process.env.HAKO_TEST_WEBHOOK ?? '')?.[1];

let policy: WebhookPolicy | undefined;
parentPort?.on('message', (m: JudgeMessage) => {
  if (m.policy) policy = m.policy;
  if (hang !== undefined && JSON.stringify(m.input.obj).includes(hang)) for (;;);
  const reply = (v: object) => parentPort?.postMessage({ id: m.id, ...v });
  if (!policy) {
    reply({ error: 'no policy sent to the judging worker' });
    return;
  }
  judgeInput(m.input, policy).then(
    (judged) => reply({ judged }),
    (e: unknown) => reply({ error: e instanceof Error ? e.message : String(e) }),
  );
});
