// Bundles the compiled CLI into one file: loading one module instead of dozens keeps the cold start of a
// small scan well under half a second. The YAML library and the Python grammar stay outside the bundle
// and are loaded only when a scan needs them (src/core/lazy.ts).
import { chmodSync } from 'node:fs';
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/cli.js'],
  outfile: 'dist/mlops-audit.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  mainFields: ['module', 'main'],
  external: ['yaml', '@lezer/python', '@lezer/common', '@lezer/lr'],
  // Bundled CommonJS dependencies call require(); an ES module has none, so the bundle makes one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  legalComments: 'linked',
  logLevel: 'warning',
});

// npx runs the bin file directly, so it must be executable (the shebang comes from src/cli.ts).
chmodSync('dist/mlops-audit.mjs', 0o755);
