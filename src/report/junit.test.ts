import { describe, expect, it } from 'vitest';
import {
  controlCharacters,
  finding,
  HOSTILE,
  resultOf,
  sampleResult,
} from '../../test/helpers/scan-result.js';
import { elements, parseXml, type XmlElement } from '../../test/helpers/xml.js';
import { stripControl } from './escape.js';
import type { ReportOptions } from './index.js';
import { renderJunit } from './junit.js';

const opts: ReportOptions = { colour: false, lang: 'en', version: '1.2.3' };
const parse = (xml: string) => parseXml(xml);
const num = (e: XmlElement, a: string) => Number(e.attrs[a]);

describe('JUnit report', () => {
  const xml = renderJunit(sampleResult(), opts);
  const root = parse(xml);
  const suites = elements(root, 'testsuite');
  const cases = elements(root, 'testcase');
  const byName = (n: string) => cases.find((c) => c.attrs.name === n)!;

  it('is well-formed XML with a declaration and a <testsuites> root', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(root.name).toBe('testsuites');
    expect(root.children.every((c) => c.name === 'testsuite')).toBe(true);
  });

  it('has one suite per rule with findings, in rule order, named by ID and title', () => {
    expect(suites.map((s) => s.attrs.name)).toEqual([
      'ECS-003: Container runs privileged',
      'HAKO-001: Input could not be read',
      'HAKO-002: Suppression without a reason',
    ]);
  });

  it('has one testcase per (rule, resource, file), named without line numbers', () => {
    expect(cases.map((c) => [c.attrs.classname, c.attrs.name, c.attrs.file])).toEqual([
      ['hako.ECS-003', 'TaskDefinition batch (infra/batch task.json)', 'infra/batch task.json'],
      ['hako.ECS-003', 'TaskDefinition old (infra/old.json)', 'infra/old.json'],
      ['hako.ECS-003', 'TaskDefinition web (infra/task.json)', 'infra/task.json'],
      ['hako.ECS-003', 'Deployment/prod/api (k8s/api.yaml)', 'k8s/api.yaml'],
      ['hako.HAKO-001', 'broken.yaml', 'broken.yaml'],
      ['hako.HAKO-002', `ConfigMap/a<b>/x|y (/elsewhere/odd #1.yaml)`, '/elsewhere/odd #1.yaml'],
    ]);
    for (const c of cases) expect(c.attrs.time).toBe('0');
  });

  it('gives a failing testcase exactly one <failure>, typed with its highest severity, listing every finding', () => {
    const web = byName('TaskDefinition web (infra/task.json)');
    const failures = elements(web, 'failure');
    expect(failures).toHaveLength(1);
    const f = failures[0]!;
    expect(f.attrs.type).toBe('critical');
    expect(f.attrs.message).toBe('container "app" runs privileged: it has root on the host (+1)');
    expect(f.text).toContain('[critical] infra/task.json:5:7 container "app" runs privileged');
    expect(f.text).toContain('[critical] infra/task.json:12:7 container "sidecar" runs privileged');
    expect(f.text).toContain('infra/iam.json:3 execution role defined here');
    expect(f.text).toContain('Resource: TaskDefinition web');
    expect(f.text).toContain('Remediation: Remove `privileged`.');
    expect(f.text).toContain('References: https://docs.aws.amazon.com/');
  });

  it('fails a testcase with a mix of suppressed and active findings, mentioning the suppressed one', () => {
    const batch = byName('TaskDefinition batch (infra/batch task.json)');
    expect(elements(batch, 'skipped')).toHaveLength(0);
    const f = elements(batch, 'failure')[0]!;
    expect(f.attrs.type).toBe('medium');
    expect(f.attrs.message).toBe('container "app" runs privileged: it has root on the host');
    expect(f.text).toContain('(suppressed, config: legacy; tracked in OPS-12)');
  });

  it('skips a testcase whose findings are all suppressed, with the reason', () => {
    const api = byName('Deployment/prod/api (k8s/api.yaml)');
    expect(elements(api, 'failure')).toHaveLength(0);
    expect(elements(api, 'skipped').map((s) => s.attrs.message)).toEqual([
      'suppressed (annotation): needs /dev/fuse',
    ]);
    expect(elements(byName('TaskDefinition old (infra/old.json)'), 'skipped')[0]!.attrs.message).toBe(
      'suppressed (baseline): in baseline',
    );
  });

  it('counts tests, failures and skipped per suite and in total', () => {
    for (const s of suites) {
      const cs = elements(s, 'testcase');
      expect(num(s, 'tests')).toBe(cs.length);
      expect(num(s, 'failures')).toBe(cs.filter((c) => elements(c, 'failure').length > 0).length);
      expect(num(s, 'skipped')).toBe(cs.filter((c) => elements(c, 'skipped').length > 0).length);
      expect(num(s, 'errors')).toBe(0);
    }
    expect([num(root, 'tests'), num(root, 'failures'), num(root, 'skipped'), num(root, 'errors')]).toEqual([
      6, 4, 2, 0,
    ]);
  });

  it('escapes hostile text and strips control characters, keeping the rest intact', () => {
    const odd = byName('ConfigMap/a<b>/x|y (/elsewhere/odd #1.yaml)');
    const f = elements(odd, 'failure')[0]!;
    // Newlines in attributes and CR in text are written as references, so they survive parsing.
    expect(f.attrs.message).toBe(stripControl(HOSTILE));
    expect(f.text).toContain(stripControl(HOSTILE));
    expect(f.text).toContain('Resource: ConfigMap/a<b>/x|y\n');
    expect(controlCharacters(xml)).toEqual([]);
  });

  it('writes one passing testcase when there are no findings', () => {
    const empty = parse(renderJunit(resultOf([]), opts));
    expect([num(empty, 'tests'), num(empty, 'failures'), num(empty, 'skipped')]).toEqual([1, 0, 0]);
    const only = elements(empty, 'testcase');
    expect(only.map((c) => [c.attrs.classname, c.attrs.name, c.children.length])).toEqual([
      ['hako', 'no findings', 0],
    ]);
  });

  it('counts a run with only suppressed findings as skipped, not failed', () => {
    const r = parse(
      renderJunit(resultOf([finding({ suppressed: { kind: 'comment', reason: 'ok' } })]), opts),
    );
    expect([num(r, 'tests'), num(r, 'failures'), num(r, 'skipped')]).toEqual([1, 0, 1]);
  });

  it('labels the failure body in Japanese with --lang ja', () => {
    const ja = parse(renderJunit(sampleResult(), { ...opts, lang: 'ja' }));
    const f = elements(ja, 'failure')[0]!;
    expect(f.text).toContain('対処: ');
    expect(f.text).toContain('リソース: ');
  });
});
