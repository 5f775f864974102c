import { describe, expect, it } from 'vitest';
import { json, runRule } from '../../../test/helpers/run-rule.js';

describe('ECS-017 did-you-mean', () => {
  it('suggests once per unknown key (the message does not repeat the hint)', async () => {
    const task = {
      family: 'web',
      containerDefinitions: [{ name: 'web', image: 'nginx:1.27', memory: 256, privilaged: false }],
    };
    const found = await runRule('ECS-017', { 'task.json': json(task) });
    expect(found).toHaveLength(1);
    const message = found[0]!.message;
    expect(message.match(/did you mean/g)).toHaveLength(1);
    expect(message).toContain('"privilaged"');
    expect(message).toContain('(did you mean "privileged"?)');
  });

  it('still lists the valid fields when nothing is close', async () => {
    const task = {
      family: 'web',
      containerDefinitions: [{ name: 'web', image: 'nginx:1.27', memory: 256, zzzzzzzzzzzz: 1 }],
    };
    const [f] = await runRule('ECS-017', { 'task.json': json(task) });
    expect(f?.message).toContain('valid fields: ');
    expect(f?.message).not.toContain('did you mean');
  });
});
