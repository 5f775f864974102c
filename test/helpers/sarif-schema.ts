/**
 * Validates a SARIF log against the official SARIF 2.1.0 schema vendored in
 * test/fixtures/sarif (see its README for provenance). The schema is draft-04 and one of its
 * patterns is invalid under the `u` flag, hence `unicodeRegExp: false`.
 */
import { readFileSync } from 'node:fs';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';

// CommonJS packages seen through NodeNext: the class and the plugin sit on `.default`.
const AjvDraft04 = AjvDraft04Module.default;
const addFormats = addFormatsModule.default;

const schema = JSON.parse(
  readFileSync(new URL('../fixtures/sarif/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8'),
) as object;

const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** Schema violations as `path message` lines; empty when the log is valid. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
