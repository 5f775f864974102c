/** `hako audit query`: the Logs Insights subset, its errors and its evaluation. */
import { describe, expect, it } from 'vitest';
import { parseQuery, QueryRunner, QuerySyntaxError } from './query.js';

const events = [
  {
    verb: 'get',
    user: { username: 'bob', groups: ['dev'] },
    objectRef: { resource: 'secrets', namespace: 'a' },
    responseStatus: { code: 200 },
    requestReceivedTimestamp: 't1',
  },
  {
    verb: 'list',
    user: { username: 'bob', groups: ['dev'] },
    objectRef: { resource: 'secrets', namespace: 'b' },
    responseStatus: { code: 403 },
    requestReceivedTimestamp: 't2',
  },
  {
    verb: 'get',
    user: { username: 'amy', groups: ['ops'] },
    objectRef: { resource: 'pods', namespace: 'a' },
    responseStatus: { code: 200 },
    requestReceivedTimestamp: 't3',
  },
  {
    verb: 'delete',
    user: { username: 'system:admin' },
    objectRef: { resource: 'secrets', namespace: 'a' },
    responseStatus: { code: 200 },
    requestReceivedTimestamp: 't4',
  },
];

function run(q: string) {
  const r = new QueryRunner(parseQuery(q));
  for (const [i, e] of events.entries()) r.add({ e, file: 'f', line: i + 1 });
  return r.result();
}

describe('audit query', () => {
  it('stats count(*) by nested fields, as product.md shows', () => {
    expect(
      run('filter objectRef.resource = "secrets" | stats count(*) by user.username | sort count(*) desc'),
    ).toEqual([
      { 'user.username': 'bob', 'count(*)': 2 },
      { 'user.username': 'system:admin', 'count(*)': 1 },
    ]);
  });
  it('comparisons, like with a substring or a regex, in, and/or/not, parentheses', () => {
    const users = (q: string) => run(`${q} | fields user.username, @line`).map((r) => r['@line']);
    expect(users('filter responseStatus.code >= 400')).toEqual([2]);
    expect(users('filter responseStatus.code < 300 and verb != "get"')).toEqual([4]);
    expect(users('filter user.username like "adm"')).toEqual([4]);
    expect(users('filter user.username like /^B/i')).toEqual([1, 2]);
    expect(users('filter user.username =~ /^system:/')).toEqual([4]);
    expect(users('filter verb in ["list", "delete"]')).toEqual([2, 4]);
    expect(users('filter verb not in ["list", "delete"]')).toEqual([1, 3]);
    expect(users('filter not (verb = "get" or objectRef.namespace = "b")')).toEqual([4]);
    expect(users('filter user.username not like "o"')).toEqual([3, 4]);
    expect(users('filter user.groups.0 = "ops"')).toEqual([3]);
  });
  it('a missing field matches no comparison (as in SQL), and not-in does not match it either', () => {
    expect(run('filter user.groups.0 != "dev" | fields @line')).toEqual([{ '@line': 3 }]);
  });
  it('fields with aliases, sort, limit; stats after which a filter reads the counts', () => {
    expect(run('fields user.username as who, verb | sort who asc | limit 2')).toEqual([
      { who: 'amy', verb: 'get' },
      { who: 'bob', verb: 'get' },
    ]);
    expect(run('stats count(*) as n by objectRef.namespace | filter n > 1')).toEqual([
      { 'objectRef.namespace': 'a', n: 3 },
    ]);
  });
  it('reports truncation against the limit', () => {
    const r = new QueryRunner(parseQuery('fields verb | limit 1'));
    for (const [i, e] of events.entries()) r.add({ e, file: 'f', line: i + 1 });
    expect(r.result()).toHaveLength(1);
    expect(r.truncated).toBe(true);
  });
  it('syntax errors name the position', () => {
    const err = (q: string) => {
      try {
        parseQuery(q);
      } catch (e) {
        expect(e).toBeInstanceOf(QuerySyntaxError);
        return [(e as QuerySyntaxError).column, (e as QuerySyntaxError).detail];
      }
      throw new Error(`no error for ${q}`);
    };
    expect(err('filter verb = | stats count(*)')).toEqual([
      15,
      'expected a field, a string or a number, found "|"',
    ]);
    expect(err('fields verb | sortt verb')).toEqual([
      15,
      'expected a command (fields, filter, stats, sort, limit), found "sortt"',
    ]);
    expect(err('filter verb like 3')).toEqual([18, 'expected a "string" or /regex/ after like, found "3"']);
    expect(err('filter verb = "get')).toEqual([15, 'unterminated string']);
    expect(err('stats sum(x)')).toEqual([
      7,
      'expected count(...) (the only aggregate supported), found "sum"',
    ]);
    expect(err('limit 0')).toEqual([7, 'expected a positive whole number after limit, found "0"']);
    expect(err('filter verb in ["a" "b"]')).toEqual([21, 'expected "]", found "b"']);
    expect(err('filter a =~ /(/')).toEqual([13, expect.stringMatching(/^invalid regex/)]);
  });
});
