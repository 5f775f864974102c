import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // hako's default language follows the locale (LC_ALL, LC_MESSAGES, LANG): tests expect English
    // unless they say otherwise, whatever the developer's locale (test/e2e/lang-env.test.ts sets its own)
    env: { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '' },
  },
});
