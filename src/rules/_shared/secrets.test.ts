import { describe, expect, it } from 'vitest';
import { detectConfigSecret, detectSecret, isPlaceholder, isSensitiveName, nameWords } from './secrets.js';

// Credential-shaped test values are assembled at run time so the source holds no real-looking secret.
const AWS_KEY_ID = ['AKIA', 'Z7Q4M2RXK9TB3WEH'].join('');
const AWS_STS_KEY_ID = ['ASIA', 'Q2W3E4R5T6Y7U8I9'].join('');
const GITHUB = ['ghp', '_', 'a'.repeat(12), 'B'.repeat(12), '3'.repeat(12)].join('');
const GITHUB_PAT = ['github', '_pat_', '11ABCDEFG0', 'x'.repeat(30)].join('');
const GITLAB = ['glpat', '-', 'Ab3dEf6hIj9kLm2nOp5q'].join('');
const SLACK = ['xoxb', '-1234567890-0987654321-', 'AbCdEfGhIjKlMnOp'].join('');
const SLACK_HOOK = ['https://hooks.slack.com/services/', 'T0ABCDEF1/B0ABCDEF2/', 'q'.repeat(24)].join('');
const STRIPE = ['sk', '_live_', '4eC39HqLyjWDarjtT1zdp7dc'].join('');
const GOOGLE = ['AIza', 'SyD', 'k'.repeat(32)].join('');
const NPM = ['npm', '_', 'n'.repeat(36)].join('');
const JWT = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiJzdmMtYmlsbGluZyJ9', 'c2lnbmF0dXJlLXNpZ25hdHVyZQ'].join('.');
const PEM = ['-----BEGIN', 'RSA PRIVATE KEY-----\\nMIIEow...'].join(' ');

describe('nameWords', () => {
  it.each([
    ['DB_PASSWORD', ['DB', 'PASSWORD']],
    ['dbPassword', ['DB', 'PASSWORD']],
    ['db-password.v2', ['DB', 'PASSWORD', 'V2']],
    ['APIKey', ['APIKEY']],
    ['apiKey', ['API', 'KEY']],
  ])('%s', (name, words) => expect(nameWords(name)).toEqual(words));
});

describe('isSensitiveName', () => {
  it.each([
    // sensitive
    ['DB_PASSWORD', true],
    ['POSTGRES_PASSWD', true],
    ['SMTP_PASS', true],
    ['MYSQL_ROOT_PWD', true],
    ['dbPassword', true],
    ['JWT_SECRET', true],
    ['OAUTH_CLIENT_SECRET', true],
    ['SECRET_KEY_BASE', true],
    ['DJANGO_SECRET_KEY', true],
    ['AWS_SECRET_ACCESS_KEY', true],
    ['GITHUB_TOKEN', true],
    ['apiKey', true],
    ['APIKEY', true],
    ['X_API_KEY', true],
    ['STRIPE_PRIVATE_KEY', true],
    ['DATA_ENCRYPTION_KEY', true],
    ['SSH_PASSPHRASE', true],
    ['GOOGLE_APPLICATION_CREDENTIALS_JSON', true],
    // describes a secret rather than holding it
    ['DB_PASSWORD_FILE', false],
    ['PASSWORD_MIN_LENGTH', false],
    ['SECRET_ARN', false],
    ['DB_SECRET_NAME', false],
    ['AWS_ACCESS_KEY_ID', false],
    ['KMS_KEY_ID', false],
    ['TOKEN_ISSUER', false],
    ['TOKEN_URL', false],
    ['PASSWORD_RESET_EXPIRES_MINUTES', false],
    ['PASSWORD_HASH_ALGORITHM', false],
    ['SECRETS_PROVIDER', false],
    ['GOOGLE_APPLICATION_CREDENTIALS', true],
    // not about secrets at all
    ['PWD', false],
    ['OLDPWD', false],
    ['CACHE_KEY_PREFIX', false],
    ['PRIMARY_KEY', false],
    ['KEY', false],
    ['PASSENGER_APP_ENV', false],
    ['BYPASS_CACHE', false],
    ['TOKENIZER_MODEL', false],
    ['', false],
  ])('%s → %s', (name, sensitive) => expect(isSensitiveName(name)).toBe(sensitive));
});

describe('detectSecret', () => {
  const cases: [name: string, value: string, expected: string | undefined][] = [
    // credential formats, whatever the name
    ['AWS_ACCESS_KEY_ID', AWS_KEY_ID, 'AWS access key ID'],
    ['UPLOADER_ID', AWS_STS_KEY_ID, 'AWS access key ID'],
    ['TLS_KEY', PEM, 'private key'],
    ['CI_BOT', GITHUB, 'GitHub token'],
    ['RELEASE_BOT', GITHUB_PAT, 'GitHub token'],
    ['GITLAB', GITLAB, 'GitLab token'],
    ['SLACK_BOT', SLACK, 'Slack token'],
    ['ALERTS_HOOK', SLACK_HOOK, 'Slack webhook URL'],
    ['PAYMENTS', STRIPE, 'Stripe secret key'],
    ['MAPS', GOOGLE, 'Google API key'],
    ['NPM_CONFIG', NPM, 'npm token'],
    ['SERVICE_ROLE', JWT, 'JSON Web Token'],
    ['DATABASE_URL', 'postgres://app:s3cr3t-Pa55@db.internal:5432/app', 'password in a URL'],
    ['REDIS_URL', 'redis://:hunter2@cache:6379/0', 'password in a URL'],
    ['AMQP_URL', 'amqp://svc:123456@mq:5672/', 'password in a URL'],
    ['DB_CONN', 'Server=db;Database=app;User Id=app;Password=Tr0ub4dor;', 'password in a connection string'],
    // sensitive name with a literal value
    ['DB_PASSWORD', 'hunter2', 'name'],
    ['POSTGRES_PASSWORD', 'pg-Pr0d-2024', 'name'],
    ['JWT_SECRET', 'a-long-random-looking-string', 'name'],
    ['AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY', 'name'],
    ['apiKey', 'k-2f9a7c1e', 'name'],
    // harmless: descriptive names
    ['PASSWORD_MIN_LENGTH', '8', undefined],
    ['PASSWORD_POLICY', 'strict', undefined],
    ['DB_PASSWORD_FILE', '/run/secrets/db', undefined],
    ['SECRET_ARN', 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-AbCdEf', undefined],
    ['DB_SECRET_NAME', 'prod/db', undefined],
    ['TOKEN_ISSUER', 'https://auth.example.com/', undefined],
    ['TOKEN_TYPE', 'Bearer', undefined],
    // harmless: references, booleans, numbers, placeholders, empty
    ['DB_PASSWORD', '', undefined],
    ['DB_PASSWORD', '   ', undefined],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR} reference is the input
    ['DB_PASSWORD', '${DB_PASSWORD}', undefined],
    ['DB_PASSWORD', '$DB_PASSWORD', undefined],
    ['DB_PASSWORD', '$(DB_PASSWORD)', undefined],
    ['DB_PASSWORD', '{{resolve:secretsmanager:prod/db:SecretString:password}}', undefined],
    ['DB_PASSWORD', 'arn:aws:ssm:eu-west-1:111122223333:parameter/prod/db/password', undefined],
    ['DB_PASSWORD', 'vault:secret/data/db#password', undefined],
    ['DB_PASSWORD', 'op://prod/db/password', undefined],
    ['DB_PASSWORD', '/run/secrets/db', undefined],
    ['GITHUB_TOKEN', 'true', undefined],
    ['REQUIRE_PASSWORD', 'false', undefined],
    ['API_KEY', '12345', undefined],
    ['DB_PASSWORD', '<set me>', undefined],
    ['DB_PASSWORD', '********', undefined],
    ['DB_PASSWORD', 'REDACTED', undefined],
    // harmless: URLs and strings that only look close
    ['DATABASE_URL', 'postgres://app@db.internal:5432/app', undefined],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR} reference is the input
    ['DATABASE_URL', 'postgres://app:${DB_PASSWORD}@db.internal:5432/app', undefined],
    ['UPSTREAM', 'http://api.internal:8080/v1/users@me', undefined],
    ['LOG_LEVEL', 'debug', undefined],
    ['AWS_REGION', 'eu-west-1', undefined],
    ['SHORT_ID', 'AKIA1234', undefined],
    ['PASSENGER_APP_ENV', 'production', undefined],
  ];
  it.each(cases)('%s=%s', (name, value, expected) => {
    const hit = detectSecret(name, value);
    expect(hit === undefined ? undefined : hit.kind === 'pattern' ? hit.label : 'name').toBe(expected);
  });
});

describe('placeholders are not secrets (#8.8)', () => {
  // each fired as a plain-text secret before: sensitive name and a literal value
  const placeholders = [
    'INSERT_PASSWORD_HERE',
    'insert-api-key',
    'DB_PASSWORD_VAL',
    'SECRET_VALUE',
    '<your-password>',
    '[password]',
    'changeme',
    'CHANGE_ME',
    'change-it',
    'REPLACE_ME',
    'replace-this',
    'TODO',
    'tbd',
    'FIXME',
    'example',
    'EXAMPLE',
    'placeholder',
    'dummy',
    'xxx',
    'XXXXXXXX',
    '...',
    'your-password',
    'YOUR_API_KEY',
    'yourpassword',
    'YourSecretKey',
    'put_your_token_here',
    '"changeme"',
    '',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR} reference is the input
    '${DB_PASSWORD}',
    '$(DB_PASSWORD)',
    '{{ .Values.db.password }}',
  ];
  it.each(placeholders)('DB_PASSWORD=%s does not fire', (value) => {
    expect(detectSecret('DB_PASSWORD', value)).toBeUndefined();
  });
  it.each(placeholders.filter((v) => !/[${}()]/.test(v)))('%s is a placeholder', (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });

  it.each([
    ['DB_PASSWORD', 'hunter2', 'name'],
    ['DB_PASSWORD', 'changeme2024!', 'name'],
    ['DB_PASSWORD', 'example-Pr0d-pass', 'name'],
    ['API_TOKEN', 'todo-list-4f9c2a', 'name'],
    ['DB_PASSWORD', 'password', 'name'],
    ['DB_PASSWORD', 'yourpassword123', 'name'],
    ['DATABASE_URL', 'postgres://app:Xk9-ry2!@db.internal/app', 'password in a URL'],
    ['DEPLOY_KEY_ID', AWS_KEY_ID, 'AWS access key ID'],
  ])('real-looking %s=%s still fires', (name, value, expected) => {
    const hit = detectSecret(name, value);
    expect(hit === undefined ? undefined : hit.kind === 'pattern' ? hit.label : 'name').toBe(expected);
  });

  it.each([
    ['DATABASE_URL', 'postgres://app:changeme@db.internal/app'],
    ['DATABASE_URL', 'postgres://app:<password>@db.internal/app'],
    ['DB_CONN', 'Server=db;User Id=app;Password=CHANGE_ME;'],
  ])('a placeholder inside a credential format does not fire: %s=%s', (name, value) => {
    expect(detectSecret(name, value)).toBeUndefined();
  });
});

describe('detectConfigSecret (ConfigMap data)', () => {
  it('judges a one-line entry like an environment variable', () => {
    expect(detectConfigSecret('db.password', 's3cr3t-Value')).toEqual({
      kind: 'name',
      line: 0,
      key: 'db.password',
    });
    expect(detectConfigSecret('db.password', 'CHANGE_ME')).toBeUndefined();
    expect(detectConfigSecret('log.level', 'debug')).toBeUndefined();
  });
  it('finds the line of a secret inside a file held in one entry', () => {
    const props = ['server.port=8080', 'spring.datasource.password=changeme', 'api.token: "Zt8-q1x7Lm"'].join(
      '\n',
    );
    expect(detectConfigSecret('application.properties', props)).toEqual({
      kind: 'name',
      line: 2,
      key: 'api.token',
    });
    const pem = ['# tls', ['-----BEGIN', 'PRIVATE KEY-----'].join(' '), 'MIIE...'].join('\n');
    expect(detectConfigSecret('tls.key', pem)).toMatchObject({
      kind: 'pattern',
      label: 'private key',
      line: 1,
    });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR} reference is the input
    expect(detectConfigSecret('app.env', 'LOG_LEVEL=info\nDB_PASSWORD=${DB_PASSWORD}')).toBeUndefined();
  });
});
