#!/usr/bin/env node
// What `npx interlock` runs. npm links a package's bin only if the file exists at install time (bin-links skips a
// missing one silently), and dist/ is built after `npm ci`: pointing the bin at dist/bin.js left no
// node_modules/.bin/interlock. This committed launcher is always there and runs the built CLI.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write(
    `interlock: the CLI is not built yet (no ${fileURLToPath(built)}). Run \`npm run build\` at the repository root, then try again.\n`,
  );
  process.exit(2);
}
await import(built.href);
