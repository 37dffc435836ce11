import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository root, from dist/testing/ where the compiled tests run. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const LAB_FIXTURES = join(REPO_ROOT, 'fixtures', 'mlops');
export const TEST_CASES = join(REPO_ROOT, 'test-cases');
export const CLI = join(REPO_ROOT, 'dist', 'cli.js');
