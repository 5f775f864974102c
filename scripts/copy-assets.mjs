// Copies the non-TypeScript files the compiled code reads at run time (rule examples, shape data)
// from src/ to dist/, keeping their relative paths.
import { cpSync, readdirSync } from 'node:fs';
import path from 'node:path';

const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
for (const f of walk('src')) {
  if (f.endsWith('.examples.yaml') || f.split(path.sep).includes('data')) {
    if (f.endsWith('.ts')) continue;
    cpSync(f, path.join('dist', path.relative('src', f)));
  }
}
