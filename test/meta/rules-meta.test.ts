/** Checks every rule's metadata against the house rules (architecture.md, "Rules"). */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type Catalogue,
  catalogueFile,
  committedAdditions,
  parseCatalogue,
  renderCatalogue,
  specFile,
} from '../../scripts/sync-catalogue.js';
import { loadExamples, runExample } from '../../src/docs/examples.js';
import { allRules } from '../../src/rules/index.js';
import { SEVERITIES } from '../../src/rules/types.js';

// The rule catalogue of the spec, kept inside the project (npm run sync-catalogue copies it from
// ../shared/spec/rules.md): a clone without the shared folder still checks every rule against it.
const catalogue = loadCatalogue();

function loadCatalogue(): Catalogue | undefined {
  try {
    return JSON.parse(readFileSync(catalogueFile, 'utf8')) as Catalogue;
  } catch {
    return undefined;
  }
}

describe('the rule catalogue (src/data/catalogue.json)', () => {
  it('is in the project', () => {
    expect(
      catalogue,
      'src/data/catalogue.json missing or not JSON: run npm run sync-catalogue',
    ).toBeDefined();
    expect(catalogue!.rules.length).toBeGreaterThan(0);
  });
  // CI has the team's shared/ folder beside the clone; there the copy must not have drifted.
  it.skipIf(!existsSync(specFile))('matches ../shared/spec/rules.md when it is beside the clone', () => {
    const spec = parseCatalogue(readFileSync(specFile, 'utf8'));
    expect(renderCatalogue({ ...spec, additions: committedAdditions() })).toBe(
      readFileSync(catalogueFile, 'utf8'),
    );
  });
  it('lists as additions only rules the spec does not have yet, each with a severity and a meaning', () => {
    const spec = new Set(catalogue!.rules.map((r) => r.id));
    for (const a of catalogue!.additions ?? []) {
      expect(spec.has(a.id), `${a.id} is in the spec now: remove it from additions`).toBe(false);
      expect(['critical', 'high', 'medium', 'low', 'info']).toContain(a.severity);
      expect(a.what.length).toBeGreaterThan(20);
    }
  });
});

/**
 * Message IDs no example can report, each with the reason. Keep it tiny: an ID that an input can
 * reach gets a bad example instead.
 */
const UNEXAMPLED_MESSAGES: Record<string, Record<string, string>> = {
  'ECR-006': {
    tooLong:
      'needs a policy of more than 30,720 characters; src/engines/ecr-lifecycle/validate.test.ts covers it',
  },
  'K8S-001': {
    violationNoDetail:
      'no Pod Security check leaves its detail empty today; the related entry follows the engine contract (a reason alone)',
  },
  'K8S-103': {
    violation:
      'the capability checks split every violation they can locate into added/notDropped; the generic form is left for one upstream reports without a field path',
  },
  'K8S-104': {
    violation:
      'the capability checks split every violation they can locate into added/notDropped; the generic form is left for one upstream reports without a field path',
  },
  'HAKO-002': {
    expired: 'only .hako.yaml `ignore` entries expire, and an example scans files without a config',
  },
};

describe('rule metadata', () => {
  it('has unique IDs and slugs', () => {
    const ids = allRules.flatMap((r) => [r.meta.id, ...(r.meta.aliases ?? [])]);
    expect(new Set(ids).size).toBe(ids.length);
    const slugs = allRules.map((r) => r.meta.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
  });

  for (const rule of allRules) {
    const m = rule.meta;
    describe(m.id, () => {
      it('is in the catalogue with the same severity', () => {
        expect(catalogue, 'src/data/catalogue.json missing: run npm run sync-catalogue').toBeDefined();
        const row = [...catalogue!.rules, ...(catalogue!.additions ?? [])].find((r) => r.id === m.id);
        expect(row, `${m.id} missing from the catalogue`).toBeDefined();
        if (/^K8S-1\d\d$/.test(m.id)) {
          // per-check PSS rules: baseline checks high, restricted-only checks medium
          expect(row!.what).toMatch(/^[A-Za-z_]+$/);
          expect(['high', 'medium']).toContain(m.severity);
          return;
        }
        expect(row!.severity).toBe(m.severity);
      });
      it('has a kebab-case slug that names its file and starts with its service', () => {
        expect(m.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(m.slug.startsWith(`${m.service}-`)).toBe(true);
        expect(m.id.toLowerCase().startsWith(m.service)).toBe(true);
        expect(() =>
          readFileSync(new URL(`../../src/rules/${m.service}/${m.slug}.ts`, import.meta.url)),
        ).not.toThrow();
      });
      it('has a valid severity, https references and remediation ending with a period', () => {
        expect(SEVERITIES).toContain(m.severity);
        expect(m.references.length).toBeGreaterThan(0);
        for (const r of m.references) expect(r).toMatch(/^https:\/\//);
        expect(m.remediation.en.trim()).toMatch(/[.]$/);
        expect(m.remediation.ja.trim()).toMatch(/[。.]$/);
      });
      it('has every text in English and Japanese, and the same message IDs in both', () => {
        for (const field of [m.title, m.rationale, m.remediation]) {
          expect(field.en.length).toBeGreaterThan(0);
          expect(field.ja.length).toBeGreaterThan(0);
          expect(field.ja).not.toBe(field.en);
        }
        expect(Object.keys(m.messages.ja).sort()).toEqual(Object.keys(m.messages.en).sort());
      });
      it('reports every message ID it declares in some bad example (or allow-lists it)', async () => {
        const declared = Object.keys(m.messages.en);
        const ex = loadExamples(rule);
        // main messages as the examples state them (test/rules/examples.test.ts checks they are real)
        const used = new Set((ex?.bad ?? []).flatMap((c) => (c.findings ?? []).map((f) => f.messageId)));
        // related-location templates are only seen by running the cases
        if (declared.some((id) => !used.has(id)))
          for (const c of ex?.bad ?? []) {
            const { mine } = await runExample(rule, c);
            for (const f of mine) {
              used.add(f.messageId);
              for (const r of f.related) if (r.messageId) used.add(r.messageId);
            }
          }
        const allowed = UNEXAMPLED_MESSAGES[m.id] ?? {};
        const unused = declared.filter((id) => !used.has(id) && !(id in allowed));
        expect(unused, 'add a bad example that reports it (or justify it in UNEXAMPLED_MESSAGES)').toEqual(
          [],
        );
        for (const id of Object.keys(allowed)) expect(declared, `stale allow-list entry ${id}`).toContain(id);
        for (const id of Object.keys(allowed)) expect(used.has(id), `${id} has an example now`).toBe(false);
      });
      it('has examples', () => {
        const ex = loadExamples(rule);
        expect(ex?.bad.length ?? 0).toBeGreaterThan(0);
        expect(ex?.good.length ?? 0).toBeGreaterThan(0);
      });
    });
  }
});
