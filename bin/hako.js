#!/usr/bin/env node
// The `yaml` library reads process.env on every token; Node's process.env is a slow native
// accessor, so a plain copy makes YAML parsing ~20% faster (bench/README.md). Child processes
// still get this environment.
process.env = { ...process.env };
const { main } = await import('../dist/cli/main.js');

process.exitCode = await main(process.argv.slice(2));
