import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// Builds the lab's front end into dist/lab/web/, which `mlops-audit lab` serves. The server's CSP allows
// no inline script or style, so every script and style ships as a file.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [preact()],
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('../dist/lab/web/', import.meta.url)),
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: false,
  },
  logLevel: 'warn',
});
