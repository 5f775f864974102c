/** Schema problems are model data; a problem a service rule validates is left to that rule when it runs. */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInputs } from '../load.js';
import { initHcl } from '../parse/hcl/syntax.js';
import { scan } from '../scan.js';

const replication = `${JSON.stringify(
  {
    replicationConfiguration: {
      rules: [
        {
          destinations: [{ region: 'eu-west-1', registryId: '111122223333' }],
          repositoryFilters: [
            { filter: 'prefix-list', filterValues: ['prod'] },
            { filter: 'Prod', filterType: 'PREFIX_MATCH' },
          ],
        },
      ],
    },
  },
  null,
  2,
)}\n`;
const inputs = [{ path: 'replication.json', content: replication }];

beforeAll(async () => {
  await initHcl();
});

describe('schema problems on the model', () => {
  it('the adapters store each check’s problems, marking the ones ECR-008 validates', () => {
    const { state } = loadInputs({ inputs });
    const problems = state.inputs.schemaChecks.flatMap((c) => c.problems ?? []);
    const covered = problems.filter((p) => p.coveredBy === 'ECR-008').map((p) => p.kind);
    expect(covered.sort()).toEqual(['missing-required', 'unknown-key']);
    // the upper-case filter breaks the API's pattern, which ECR-008 does not check
    expect(problems.filter((p) => p.coveredBy === undefined).map((p) => p.kind)).toEqual(['invalid-value']);
  });

  it('task definitions carry their shape problems', () => {
    const td = { family: 'app', containerDefinitions: [{ name: 'a', image: 'x', memoryy: 512 }] };
    const { state } = loadInputs({ inputs: [{ path: 'td.json', content: JSON.stringify(td) }] });
    expect(state.aws.ecs.taskDefinitions[0]?.shapeProblems?.map((p) => p.kind)).toEqual(['unknown-key']);
  });

  it('one problem, one finding: with ECR-008 running HAKO-003 leaves it the filter type and keys', async () => {
    const both = await scan({ inputs, rules: ['HAKO-003', 'ECR-008'] });
    const lines = (id: string) =>
      both.findings
        .filter((f) => f.ruleId === id)
        .map((f) => `${f.location.startLine}:${f.location.startColumn}`);
    expect(lines('ECR-008').sort()).toEqual(['12:11', '14:13']);
    expect(lines('HAKO-003')).toEqual(['19:23']);
  });

  it('alone, HAKO-003 reports every problem', async () => {
    const alone = await scan({ inputs, rules: ['HAKO-003'] });
    expect(alone.findings.filter((f) => f.ruleId === 'HAKO-003')).toHaveLength(3);
  });
});
