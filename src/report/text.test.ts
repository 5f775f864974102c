import { describe, expect, it } from 'vitest';
import { finding, resultOf } from '../../test/helpers/scan-result.js';
import { renderText } from './text.js';

const result = resultOf([
  finding({
    related: [
      { file: 'iam/role.json', startLine: 3, message: 'role "x"' },
      { file: 'a\u001b.json', startLine: 0, message: 'm' },
    ],
  }),
  finding({
    severity: 'low',
    message: 'evil \u202e name',
    suppressed: { kind: 'config', reason: 'ok\nnow' },
    location: { file: 'b.yaml', startLine: 12, startColumn: 3, endLine: 12, endColumn: 4 },
  }),
]);

describe('text report', () => {
  it('plain and coloured, with and without suppressed findings: the same lines as ever', () => {
    const render = (colour: boolean, showSuppressed: boolean) =>
      renderText(result, { colour, lang: 'en', version: '0', showSuppressed });
    expect(render(false, false)).toBe(
      'infra/task.json\n  5:7      CRITICAL ECS-003  container "app" runs privileged: it has root on the host\n           web — Container runs privileged\n           ↳ iam/role.json:3 role "x"\n           ↳ a\\x1b.json:0 m\n\n2 files, 1 resources: 1 findings (1 critical), 1 suppressed\n',
    );
    expect(render(false, true)).toBe(
      'b.yaml\n  12:3     LOW      ECS-003  evil \\u202e name [suppressed: ok\\x0anow]\n           web — Container runs privileged\n\ninfra/task.json\n  5:7      CRITICAL ECS-003  container "app" runs privileged: it has root on the host\n           web — Container runs privileged\n           ↳ iam/role.json:3 role "x"\n           ↳ a\\x1b.json:0 m\n\n2 files, 1 resources: 1 findings (1 critical), 1 suppressed\n',
    );
    expect(render(true, false)).toBe(
      '\u001b[1minfra/task.json\u001b[0m\n  5:7      \u001b[1;35mCRITICAL\u001b[0m ECS-003  container "app" runs privileged: it has root on the host\n\u001b[2m           web — Container runs privileged\u001b[0m\n\u001b[2m           ↳ iam/role.json:3 role "x"\u001b[0m\n\u001b[2m           ↳ a\\x1b.json:0 m\u001b[0m\n\n2 files, 1 resources: 1 findings (1 critical), 1 suppressed\n',
    );
    expect(render(true, true)).toBe(
      '\u001b[1mb.yaml\u001b[0m\n  12:3     \u001b[36mLOW     \u001b[0m ECS-003  evil \\u202e name\u001b[2m [suppressed: ok\\x0anow]\u001b[0m\n\u001b[2m           web — Container runs privileged\u001b[0m\n\n\u001b[1minfra/task.json\u001b[0m\n  5:7      \u001b[1;35mCRITICAL\u001b[0m ECS-003  container "app" runs privileged: it has root on the host\n\u001b[2m           web — Container runs privileged\u001b[0m\n\u001b[2m           ↳ iam/role.json:3 role "x"\u001b[0m\n\u001b[2m           ↳ a\\x1b.json:0 m\u001b[0m\n\n2 files, 1 resources: 1 findings (1 critical), 1 suppressed\n',
    );
  });
});
