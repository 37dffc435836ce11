import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository root, from dist/testing/ where the compiled tests run. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const LAB_FIXTURES = join(REPO_ROOT, 'fixtures', 'mlops');
export const TEST_CASES = join(REPO_ROOT, 'test-cases');
/** The shipped command: the bundled CLI that package.json's bin points at. */
export const CLI = join(REPO_ROOT, 'dist', 'mlops-audit.mjs');
