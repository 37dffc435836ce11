import { parseArgs } from 'node:util';

export interface BenchOptions {
  notebooks: number;
  seed: number;
  runs: number;
  coldRuns: number;
  keep: boolean;
  profileDir?: string;
}

export const USAGE = `usage: node dist/bench/run.js [options]

  --notebooks N   notebooks in the synthetic repository (default 3000)
  --seed N        PRNG seed; the same seed gives the same repository (default 1337)
  --runs N        runs of each measured phase, best kept (default 2, at least 1)
  --cold-runs N   cold CLI scans of fixtures/mlops (default 7)
  --keep          keep the synthetic repository instead of removing it
  --profile DIR   write V8 CPU profiles of the worker processes into DIR
  -h, --help      show this help
`;

export function parseBenchArgs(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      notebooks: { type: 'string' },
      seed: { type: 'string' },
      runs: { type: 'string' },
      'cold-runs': { type: 'string' },
      keep: { type: 'boolean', default: false },
      profile: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  return {
    notebooks: count(values.notebooks, 3000, 'notebooks', 1),
    seed: count(values.seed, 1337, 'seed', 0),
    runs: count(values.runs, 2, 'runs', 1),
    coldRuns: count(values['cold-runs'], 7, 'cold-runs', 1),
    keep: values.keep ?? false,
    profileDir: values.profile,
  };
}

function count(value: string | undefined, fallback: number, name: string, minimum: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < minimum) throw new Error(`--${name} must be an integer >= ${minimum}`);
  return parsed;
}
