#!/usr/bin/env node
// The `yaml` library reads process.env on every token; Node's process.env is a slow native
// accessor, so a plain copy makes YAML parsing ~20% faster (bench/README.md). Child processes
// still get this environment.
process.env = { ...process.env };
const { main } = await import('../dist/cli/main.js');

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  // never 1 ("findings") for a crash: 3 is hako's own failure
  process.stderr.write(`hako: internal error (exit 3): ${e instanceof Error ? (e.stack ?? e.message) : e}\n`);
  process.exitCode = 3;
}
