/** scripts/pin-examples.ts: pins only what matches, edits the text in place, and is idempotent. */
import { describe, expect, it } from 'vitest';
import { pinText } from '../../scripts/pin-examples.js';
import { allRules } from '../../src/rules/index.js';

const rule = allRules.find((r) => r.meta.id === 'ECS-003')!;

const TASK = `      task.json: |
        {
          "family": "web",
          "containerDefinitions": [
            { "name": "app", "image": "nginx:1.27", "privileged": true }
          ]
        }
`;

const text = (tail: string) => `# a comment the pin keeps
bad:
  - name: privileged   # and this one
    files:
${TASK}${tail}good:
  - name: "nothing"
    files:
      task.json: '{ "family": "x", "containerDefinitions": [] }'
`;

describe('pin-examples', () => {
  it('replaces matching lines: with findings: and leaves every other byte alone', async () => {
    const before = text('    lines: [4]\n');
    const r = await pinText(rule, before, false);
    expect(r.problems).toEqual([]);
    expect(r.text).toBe(
      text(
        '    findings:\n      - { line: 4, column: 59, endLine: 4, endColumn: 63, messageId: privileged }\n',
      ),
    );
    // a second run changes nothing
    const again = await pinText(rule, r.text, true);
    expect(again).toEqual({ text: r.text, pinned: [], problems: [] });
  });

  it('leaves a case whose lines differ from the findings, and says so', async () => {
    const before = text('    lines: [3]\n');
    const r = await pinText(rule, before, true);
    expect(r.text).toBe(before);
    expect(r.problems).toEqual([' bad "privileged": lines [3] but the rule reports at [4]']);
  });

  it('pins a case with neither lines nor findings only with --accept-new', async () => {
    const before = text('');
    const refused = await pinText(rule, before, false);
    expect(refused.text).toBe(before);
    expect(refused.problems[0]).toMatch(/--accept-new/);
    const accepted = await pinText(rule, before, true);
    expect(accepted.text).toBe(
      text(
        '    findings:\n      - { line: 4, column: 59, endLine: 4, endColumn: 63, messageId: privileged }\n',
      ),
    );
    expect(accepted.pinned[0]).toMatch(/NEW, review/);
  });

  it('refuses to edit a lines: entry with a comment on its line', async () => {
    const before = text('    lines: [4] # keep\n');
    const r = await pinText(rule, before, false);
    expect(r.text).toBe(before);
    expect(r.problems[0]).toMatch(/edit by hand/);
  });
});
