#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { runExplain, runRules } from './cli/rules-command.js';
import { runScan, FORMATS } from './cli/scan-command.js';
import { UsageError } from './cli/usage.js';
import { runFix } from './fix/fix-command.js';
import { VERSION } from './version.js';

const program = new Command('mlops-audit')
  .description('Audit ML platforms (notebooks, pipelines, registries, IAM, serving) for security gaps.')
  .version(VERSION)
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) })
  .showSuggestionAfterError();

program
  .command('scan')
  .description('scan files and folders and report findings')
  .argument('[paths...]', 'files or folders to scan (default: the current folder)')
  .addOption(new Option('-f, --format <format>', 'report format').choices(FORMATS).default('text'))
  .option('-o, --output <file>', 'write the report to a file instead of standard output')
  .addOption(new Option('--min-severity <severity>', 'report only findings at or above this severity').choices(['critical', 'high', 'medium', 'low', 'info']).default('info'))
  .addOption(new Option('--fail-on <severity>', 'exit 1 when a reported finding is at or above this severity').choices(['critical', 'high', 'medium', 'low', 'info', 'none']).default('high'))
  .option('--max-file-size <size>', 'skip files larger than this', '20MB')
  .option('--no-gitignore', 'also scan files that .gitignore excludes')
  .option('--inventory <file>', 'platform inventory (default: an mlops-inventory.json among the scanned files)')
  .option('--color', 'force colour')
  .option('--no-color', 'no colour')
  .option('--no-progress', 'no progress line on standard error')
  .action(async (paths: string[], options) => {
    process.exitCode = await runScan(paths, options);
  });

program
  .command('fix')
  .description('fix GitHub Actions workflows: print a unified diff, or apply it with --write')
  .argument('[paths...]', 'workflow files or folders (default: the current folder)')
  .option('--write', 'write the fixed files (atomically) instead of printing the diff')
  .option('--aws-role-arn <arn>', 'role that configure-aws-credentials assumes in place of static AWS keys')
  .option('--aws-region <region>', 'region for configure-aws-credentials (default: AWS_REGION or AWS_DEFAULT_REGION in the workflow)')
  .option('--inventory <file>', 'platform inventory (default: an mlops-inventory.json next to each workflow)')
  .option('--max-file-size <size>', 'skip files larger than this', '20MB')
  .option('--no-gitignore', 'also fix files that .gitignore excludes')
  .action(async (paths: string[], options) => {
    process.exitCode = await runFix(paths, options);
  });

program
  .command('rules')
  .description('list the rules')
  .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
  .action((options: { format: string }) => {
    process.exitCode = runRules(options.format);
  });

program
  .command('explain')
  .description('show the documentation of one rule')
  .argument('<rule>', 'rule id, e.g. notebook/credential-in-output')
  .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'markdown']).default('text'))
  .action((rule: string, options: { format: string }) => {
    process.exitCode = runExplain(rule, options.format);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version end through here with status 0; every other commander error is a usage error.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof UsageError) {
    process.stderr.write(`mlops-audit: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`mlops-audit: internal error: ${(error as Error).message}\n`);
    process.exitCode = 2;
  }
}
