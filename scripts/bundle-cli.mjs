// Bundles the compiled CLI and its dependencies into one file: loading one module instead of a few hundred
// keeps the cold start of a small scan well under half a second (about 0.25 s for a notebook, 0.3 s for
// the lab fixtures, against 0.5 s unbundled on the same machine).
import { chmodSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { build } from 'esbuild';

// A scan imports each kind's reader and rule group on first use (src/artifacts/parsers/on-demand.ts,
// src/rules/on-demand.ts) and requires the Python parser and YAML library only where a file needs them
// (src/python/parser.ts, src/secrets/artifact-secrets.ts).
// Left as they are, esbuild would give each of those imports its chunks, and in Node 20 every module file
// costs more to resolve and link than a small one saves in parsing (a lab scan read 56 files instead of
// 11 and ran longer). Made require() calls here, they stay in the scan's chunk, wrapped by esbuild so that
// a group's top-level code runs only when the scan first meets its kind; the compiled modules in dist/
// (tests, the library) keep their real dynamic imports.
const ON_DEMAND = /[\\/]dist[\\/](?:artifacts[\\/]parsers[\\/]on-demand|rules[\\/]on-demand|python[\\/]parser|secrets[\\/]artifact-secrets)\.js$/;
const inlineOnDemand = {
  name: 'inline-on-demand',
  setup(build) {
    build.onLoad({ filter: ON_DEMAND }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const contents = source
        .replace(/\bimport\((['"]\.[^'"]+['"])\)/g, 'Promise.resolve().then(() => require($1))')
        .replace(/\bcreateRequire\(import\.meta\.url\)\((['"][^'"]+['"])\)/g, 'require($1)');
      if (contents === source) throw new Error(`${path}: no on-demand import to inline; update scripts/bundle-cli.mjs`);
      return { contents, loader: 'js', resolveDir: dirname(path) };
    });
  },
};

const result = await build({
  entryPoints: ['dist/cli.js'],
  // Code splitting: commands other than scan (report, fix, rules, probe) are loaded on demand from chunks
  // beside the entry file, so a scan does not parse them. Chunks stay in dist/ so paths relative to the bundle hold.
  outdir: 'dist',
  entryNames: 'mlops-audit',
  chunkNames: 'mlops-audit-chunk-[hash]',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  mainFields: ['module', 'main'],
  plugins: [inlineOnDemand],
  // Bundled CommonJS dependencies call require(); an ES module has none, so the bundle makes one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  legalComments: 'linked',
  // Less text for V8 to scan at start-up; names are kept so stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  // Which modules went into which chunk: src/cli/cold-start.test.ts checks what a scan reads (not shipped).
  metafile: true,
  logLevel: 'warning',
});
writeFileSync('dist/mlops-audit.meta.json', JSON.stringify(result.metafile));

// npx runs the bin file directly, so it must be executable (the shebang comes from src/cli.ts).
chmodSync('dist/mlops-audit.mjs', 0o755);
