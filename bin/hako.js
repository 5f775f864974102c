#!/usr/bin/env node
import { existsSync } from 'node:fs';

// A checkout that was never built has no dist/: say what to do instead of a stack trace.
const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('hako: dist/ is missing: run npm run build first\n');
  process.exit(2);
}
// The `yaml` library reads process.env on every token; Node's process.env is a slow native
// accessor, so a plain copy makes YAML parsing ~20% faster (bench/README.md). Child processes
// still get this environment.
process.env = { ...process.env };
const { main } = await import(entry.href);

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  // never 1 ("findings") for a crash: 3 is hako's own failure
  process.stderr.write(`hako: internal error (exit 3): ${e instanceof Error ? (e.stack ?? e.message) : e}\n`);
  process.exitCode = 3;
}
