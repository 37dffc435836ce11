// The HTML report's browser test drives Debian's Chromium through playwright-core; nothing downloads a
// browser. On a machine without it, the test command installs the Debian package (root and apt-get
// needed) so `npm ci && npm test` works on a fresh machine as well as in CI.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  if (!root || !apt) {
    console.error(`The browser tests need Chromium at ${CHROMIUM}: install the Debian package "chromium" (apt-get install chromium) and run the tests again.`);
    process.exit(1);
  }
  console.error('Installing Debian\'s chromium for the browser tests (apt-get)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', 'chromium']]) {
    const run = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (run.status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed (exit ${run.status}); install chromium and run the tests again.`);
      process.exit(1);
    }
  }
}
