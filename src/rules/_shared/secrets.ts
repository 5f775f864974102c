/**
 * Secret-looking values in plain environment variables (ECS-008, K8S-007). Two independent signals:
 * - the value matches a credential format (AWS access key ID, PEM private key, GitHub/GitLab/Slack/
 *   Stripe/npm tokens, Google API key, JWT, a password inside a URL or connection string), whatever
 *   the variable is called;
 * - the name says secret (`DB_PASSWORD`, `API_KEY`, `GITHUB_TOKEN`...) and the value is a literal,
 *   not a reference (`${VAR}`, `$(VAR)`, an ARN, a secret-store URI, a file path), a boolean, a
 *   number or a placeholder.
 * Names that describe a secret rather than hold it (`DB_PASSWORD_FILE`, `SECRET_ARN`,
 * `PASSWORD_MIN_LENGTH`, `AWS_ACCESS_KEY_ID`) are not sensitive by name. Placeholders (`changeme`,
 * `INSERT_..._HERE`, `<your-password>`, `TODO`, ...: `isPlaceholder`) are never secrets, also inside
 * a URL or connection string. `detectConfigSecret` judges ConfigMap-style entries, including whole
 * config files held in one value. Messages built from a hit never include the value.
 * `reportPlainSecret` is the report loop body ECS-008 and K8S-007 share.
 */
import type { Resource } from '../../model/resource.js';
import { isKnown, type Val } from '../../model/source.js';
import { NOTES, type NoteId } from '../../notes.js';
import type { RuleContext } from '../types.js';

export type SecretHit =
  /** The value matches a credential format; `label` names it (e.g. "AWS access key ID"), `note` in each language. */
  | { kind: 'pattern'; label: string; note: NoteId }
  /** The name is sensitive and the value a literal. */
  | { kind: 'name' };

interface CredentialFormat {
  /** English, in `data`; the message shows the note in the scan's language. */
  label: string;
  note: NoteId;
  test(value: string): boolean;
}

const named = (note: NoteId, test: (v: string) => boolean): CredentialFormat => ({
  label: NOTES.en[note],
  note,
  test,
});
const re = (note: NoteId, pattern: RegExp): CredentialFormat => named(note, (v) => pattern.test(v));

/** `scheme://user:password@host`, the password not itself a reference. */
const URL_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:([^\s/@]+)@/gi;
/** `...;Password=...;` in ADO/JDBC/ODBC-style connection strings. */
const CONN_PASSWORD = /(?:^|;)\s*(?:password|pwd)\s*=\s*([^;]+)/gi;

function someGroup(pattern: RegExp, value: string, ok: (group: string) => boolean): boolean {
  for (const m of value.matchAll(pattern)) if (m[1] !== undefined && ok(m[1].trim())) return true;
  return false;
}

export const CREDENTIAL_FORMATS: readonly CredentialFormat[] = [
  re('credentialAwsAccessKey', /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/),
  re('credentialPrivateKey', /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/),
  re('credentialGithubToken', /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/),
  re('credentialGitlabToken', /\bglpat-[A-Za-z0-9_-]{20,}/),
  re('credentialSlackToken', /\bxox[abposr]-[A-Za-z0-9-]{10,}/),
  re(
    'credentialSlackWebhook',
    /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{16,}/,
  ),
  re('credentialStripeKey', /\b[rs]k_live_[A-Za-z0-9]{20,}/),
  re('credentialGoogleApiKey', /\bAIza[A-Za-z0-9_-]{35}\b/),
  re('credentialNpmToken', /\bnpm_[A-Za-z0-9]{36}\b/),
  re('credentialJwt', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/),
  named('credentialUrlPassword', (v) => someGroup(URL_PASSWORD, v, isInlinePassword)),
  named('credentialConnPassword', (v) => someGroup(CONN_PASSWORD, v, isInlinePassword)),
];

/** Words that make a variable name sensitive on their own. */
const SECRET_WORDS = new Set([
  'PASSWORD',
  'PASSWORDS',
  'PASSWD',
  'PASS',
  'PWD',
  'PASSPHRASE',
  'SECRET',
  'SECRETS',
  'TOKEN',
  'APIKEY',
  'CREDENTIAL',
  'CREDENTIALS',
  'CREDS',
]);

/** Words that make `<word>_KEY` sensitive (`API_KEY`, `PRIVATE_KEY`, `ENCRYPTION_KEY`...). */
const KEY_QUALIFIERS = new Set([
  'API',
  'ACCESS',
  'PRIVATE',
  'ENCRYPTION',
  'SIGNING',
  'MASTER',
  'AUTH',
  'APP',
  'SESSION',
  'HMAC',
  'JWT',
  'LICENSE',
  'CLIENT',
  'SERVICE',
  'WEBHOOK',
]);

/**
 * A last word that makes the variable describe a secret instead of holding it: where it is
 * (`_FILE`, `_ARN`, `_URL`), what it is called (`_NAME`, `_ID`), or a setting about it
 * (`_MIN_LENGTH`, `_TTL`, `_POLICY`).
 */
const DESCRIPTIVE_LAST_WORDS = new Set([
  'FILE',
  'FILES',
  'PATH',
  'DIR',
  'ARN',
  'ID',
  'IDS',
  'NAME',
  'USER',
  'USERNAME',
  'URL',
  'URI',
  'ENDPOINT',
  'HOST',
  'HOSTNAME',
  'PORT',
  'REGION',
  'LENGTH',
  'LEN',
  'SIZE',
  'MIN',
  'MAX',
  'COUNT',
  'TTL',
  'EXPIRY',
  'EXPIRES',
  'EXPIRATION',
  'TIMEOUT',
  'LIFETIME',
  'DURATION',
  'INTERVAL',
  'SECONDS',
  'MINUTES',
  'HOURS',
  'DAYS',
  'POLICY',
  'ENABLED',
  'DISABLED',
  'ENABLE',
  'REQUIRED',
  'HEADER',
  'TYPE',
  'ALGORITHM',
  'ALG',
  'MODE',
  'LOCATION',
  'REF',
  'PARAM',
  'PARAMETER',
  'VERSION',
  'ROTATION',
  'ISSUER',
  'AUDIENCE',
  'SCOPE',
  'SCOPES',
  'PREFIX',
  'SUFFIX',
  'FORMAT',
  'FIELD',
  'PROVIDER',
  'STORE',
  'BACKEND',
  'SOURCE',
  'ATTEMPTS',
  'RETRIES',
  'COMPLEXITY',
  'STRENGTH',
  'PATTERN',
  'REGEX',
]);

/** Shell variables that happen to contain a sensitive word. */
const WELL_KNOWN_NAMES = new Set(['PWD', 'OLDPWD']);

/** `dbPassword`, `db-password`, `DB_PASSWORD` → `['DB', 'PASSWORD']`. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toUpperCase());
}

/** True when the variable name says it holds a secret. */
export function isSensitiveName(name: string): boolean {
  const words = nameWords(name);
  const last = words[words.length - 1];
  if (last === undefined || WELL_KNOWN_NAMES.has(name.toUpperCase()) || DESCRIPTIVE_LAST_WORDS.has(last))
    return false;
  return words.some(
    (w, i) => SECRET_WORDS.has(w) || (w === 'KEY' && i > 0 && KEY_QUALIFIERS.has(words[i - 1] ?? '')),
  );
}

const REFERENCE = [
  /\$\{[^}]*\}/, // ${VAR}, Terraform/envsubst/CloudFormation Sub
  /\$\([^)]*\)/, // $(VAR), Kubernetes dependent variables
  /\{\{[^}]*\}\}/, // {{resolve:secretsmanager:...}}, Helm/Jinja templates
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $VAR
  /^arn:aws[a-z-]*:/, // any ARN (Secrets Manager, SSM, KMS)
  /^(?:ssm|secretsmanager|awssm|aws-sm|vault|op|gsm|azkv|ref\+[a-z0-9]+):/i, // secret-store URIs
];
const FILE_PATH = /^(?:\/|\.{1,2}\/|~\/|file:|[A-Za-z]:\\)/;
const BOOLEAN = /^(?:true|false|yes|no|on|off|enabled|disabled)$/i;
const NUMBER = /^[-+]?(?:\d+(?:\.\d+)?|\.\d+)$/;
/**
 * Values that stand for a secret someone still has to fill in: `<your-password>`, `changeme`,
 * `CHANGE_ME`, `REPLACE_ME`, `TODO`, `example`, `xxx`, `INSERT_API_KEY_HERE`, `DB_PASSWORD_VAL`,
 * `your-api-key`, `yourpassword`... (whole value, any case).
 */
const PLACEHOLDERS: readonly RegExp[] = [
  /^(?:<[^>]*>|\[[^\]]*\]|\*+|x{3,}|\.{3,}|-|null|nil|none|undefined|redacted|masked|hidden)$/i,
  /^(?:change[_-]?(?:me|it|this)|replace[_-]?(?:me|this)|fill[_-]?(?:me|in)|update[_-]?me|set[_-]?me)$/i,
  /^(?:todo|tbd|tba|fixme|placeholder|example|sample|dummy)$/i,
  /^(?:insert|put|enter|add|paste)[_-][a-z0-9_-]*$/i, // INSERT_PASSWORD_HERE, put-your-key-here
  /^your[_-][a-z0-9_-]+$/i, // your-password, YOUR_API_KEY
  /^your(?:password|passwd|pass|secret|token|(?:api|access|secret)?key)$/i, // yourpassword (kubernetes/examples mysql)
  /^[a-z0-9_-]+[_-]here$/i, // api_key_here
  /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_VAL(?:UE)?$/, // DB_PASSWORD_VAL, SECRET_VALUE
];

/** True when the value is a stand-in for a secret rather than one (see PLACEHOLDERS). */
export function isPlaceholder(value: string): boolean {
  const v = value
    .trim()
    .replace(/^(['"])(.*)\1$/, '$2')
    .trim();
  return v === '' || PLACEHOLDERS.some((r) => r.test(v));
}

/**
 * True when the value is a literal that could be the secret itself: not empty, not a reference
 * to where the secret lives, not a boolean, number or placeholder.
 */
export function isLiteral(value: string): boolean {
  const v = value.trim();
  if (v === '' || isReference(v)) return false;
  return !(FILE_PATH.test(v) || BOOLEAN.test(v) || NUMBER.test(v) || isPlaceholder(v));
}

function isReference(v: string): boolean {
  return REFERENCE.some((r) => r.test(v));
}

/** A password written inside a URL or connection string (digits count there: it is no port). */
function isInlinePassword(v: string): boolean {
  return v !== '' && !isReference(v) && !isPlaceholder(v);
}

/** The credential format the value matches, if any. */
export function credentialFormat(value: string): string | undefined {
  return CREDENTIAL_FORMATS.find((f) => f.test(value))?.label;
}

const patternHit = (value: string): SecretHit | undefined => {
  const f = CREDENTIAL_FORMATS.find((c) => c.test(value));
  return f && { kind: 'pattern', label: f.label, note: f.note };
};

/** Whether an environment variable looks like it carries a secret in plain text. */
export function detectSecret(name: string, value: string): SecretHit | undefined {
  if (isPlaceholder(value)) return undefined;
  const pattern = patternHit(value);
  if (pattern !== undefined) return pattern;
  if (isSensitiveName(name) && isLiteral(value)) return { kind: 'name' };
  return undefined;
}

/** A hit in a configuration entry; `line` is the 0-based line inside the value it was found on. */
export type ConfigSecretHit = SecretHit & { line: number; key: string };

/** `name=value`, `name: value`, `export NAME="value"` lines of a config file held in one entry. */
const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]\s*(.*?)\s*$/;

/**
 * Whether a configuration entry (a ConfigMap `data` key and value, or any key/value pair of a
 * config file) carries a secret in plain text: the pair itself as an environment variable would,
 * then, for a value holding a whole file (`application.properties`, `.env`, YAML), each
 * `name=value` / `name: value` line inside it. `key` of the hit is the name that matched.
 */
export function detectConfigSecret(key: string, value: string): ConfigSecretHit | undefined {
  const lines = value.split(/\r?\n/);
  if (lines.length <= 1) {
    const hit = detectSecret(key, value);
    return hit ? { ...hit, line: 0, key } : undefined;
  }
  for (const [i, line] of lines.entries()) {
    const m = ASSIGNMENT.exec(line);
    const hit =
      m?.[1] !== undefined ? detectSecret(m[1], (m[2] ?? '').replace(/^(['"])(.*)\1$/, '$2')) : undefined;
    if (hit && m?.[1] !== undefined) return { ...hit, line: i, key: m[1] };
    const pattern = patternHit(line);
    if (pattern !== undefined && !isPlaceholder(line)) return { ...pattern, line: i, key };
  }
  return undefined;
}

/** A name and its plain value: an environment variable, a ConfigMap key. */
export interface PlainEntry {
  name: Val<string>;
  /** Absent when the entry has no plain value (`valueFrom`). */
  value?: Val<string> | undefined;
}

/**
 * Reports a plain entry that looks like a secret, at its value: `messageIds.pattern` (with `label`
 * added to the data) for a credential format, `messageIds.name` for a sensitive name. Entries whose
 * name or value hako could not resolve, or whose value is a default hako filled in, are not judged.
 */
export function reportPlainSecret<M extends string>(
  ctx: RuleContext<M>,
  entry: PlainEntry,
  finding: {
    resource: Resource;
    messageIds: Record<SecretHit['kind'], M>;
    data: () => Record<string, string>;
  },
): void {
  const { name, value } = entry;
  if (!isKnown(name) || !isKnown(value) || value.origin === 'default') return;
  const hit = detectSecret(name.value, value.value);
  if (hit === undefined) return;
  const data = finding.data();
  ctx.report({
    at: value.src,
    resource: finding.resource,
    messageId: finding.messageIds[hit.kind],
    ...(hit.kind === 'pattern'
      ? {
          data: { ...data, label: hit.label },
          localized: { label: { en: hit.label, ja: NOTES.ja[hit.note] } },
        }
      : { data }),
  });
}
