#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_PROBE_TIMEOUT, REPORT_FORMATS } from './cli/formats.js';
import { runScan, FORMATS } from './cli/scan-command.js';
import { UsageError } from './cli/usage.js';
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
  .option('--summary', 'text format: add the hardening summary (platform issues by severity, with blast radius and one control)')
  .action(async (paths: string[], options) => {
    process.exitCode = await runScan(paths, options);
  });

program
  .command('report')
  .description('write the platform report: map, hardening summary, attack paths, checklist, promotion and serving reviews, backlog')
  .argument('[paths...]', 'files or folders to scan (default: the current folder)')
  .addOption(new Option('-f, --format <format>', 'report format').choices(REPORT_FORMATS).default('html'))
  .option('-o, --output <file>', 'write the report to a file instead of standard output')
  .option('--inventory <file>', 'platform inventory (default: an mlops-inventory.json among the scanned files)')
  .option('--max-file-size <size>', 'skip files larger than this', '20MB')
  .option('--no-gitignore', 'also scan files that .gitignore excludes')
  .option('--no-progress', 'no progress line on standard error')
  .action(async (paths: string[], options) => {
    const { runReport } = await import('./cli/report-command.js');
    process.exitCode = await runReport(paths, options);
  });

program
  .command('fix')
  .description('fix GitHub Actions workflows and rewrite IAM identity policies to least privilege: print a unified diff, or apply it with --write')
  .argument('[paths...]', 'workflow files, IAM policy JSON files or folders (default: the current folder)')
  .option('--write', 'write the fixed files (atomically) instead of printing the diff')
  .option('--show-secrets', 'print the diff with secret values whole, so that it applies (by default they are masked and the diff is for reading)')
  .option('--aws-role-arn <arn>', 'role that configure-aws-credentials assumes in place of static AWS keys')
  .option('--aws-region <region>', 'region for configure-aws-credentials (default: AWS_REGION or AWS_DEFAULT_REGION in the workflow)')
  .option('--inventory <file>', 'platform inventory (default: an mlops-inventory.json next to each workflow)')
  .option('--max-file-size <size>', 'skip files larger than this', '20MB')
  .option('--no-gitignore', 'also fix files that .gitignore excludes')
  .addOption(new Option('--purpose <purpose>', 'IAM: what the policy is for (default: from the inventory component that uses the role)').choices(['inference', 'training-job', 'notebook', 'ci-deployer']))
  .option('--bucket <bucket>', 'IAM: model artifact (or, for notebooks, experiment tracking) bucket (default: inventory storage, then the MLflow artifact store)')
  .option('--prefix <prefix>', 'IAM: key prefix in --bucket (default: inventory storage, then the MLflow artifact store)')
  .option('--data-bucket <bucket>', 'IAM: training data bucket for training-job and notebook (default: inventory storage holding data)')
  .option('--data-prefix <prefix>', 'IAM: key prefix in --data-bucket')
  .option('--log-group <name>', 'IAM: CloudWatch Logs group the workload writes to (default: /aws/inference/<service> for inference)')
  .option('--region <region>', 'IAM: AWS region of the log group and other resources (default: the inventory platform)')
  .option('--account <id>', 'IAM: 12-digit AWS account id (default: the inventory platform)')
  .option('--service <name>', 'IAM: workload name for the default log group (default: the inventory component)')
  .option('--create-log-group', 'IAM: the log group is not created beforehand; also grant logs:CreateLogGroup on that group only')
  .option('--ecr-repository <name>', 'IAM (training-job): ECR repository to pull the training image from')
  .option('--pass-role-arn <arn>', 'IAM (training-job, ci-deployer): the one execution role it may pass, to SageMaker only')
  .option('--endpoint <name>', 'IAM (ci-deployer): SageMaker endpoint it updates')
  .option('--model-package-group <name>', 'IAM (ci-deployer): SageMaker model package group it registers versions in')
  .action(async (paths: string[], options) => {
    const { runFix } = await import('./fix/fix-command.js');
    process.exitCode = await runFix(paths, options);
  });

program
  .command('lab')
  .description('start the MLOps Platform Security Lab on this machine: prints a URL with an access token, opens nothing')
  .option('--port <port>', 'port to listen on (0 for any free port)', '8766')
  .option('--host <host>', 'address to listen on; beyond loopback only with --token', '127.0.0.1')
  .option('--data-dir <dir>', 'folder of the lab database (default: MLOPS_AUDIT_LAB_DIR, else a per-user data folder)')
  .option('--token <token>', 'access token to use instead of a random one (required with a non-loopback --host)')
  .action(async (options: { port: string; host: string; dataDir?: string; token?: string }) => {
    // Loaded from its own compiled files, not the bundle: the lab needs the native SQLite module and only
    // this command pays for it.
    const lab = (await import(new URL('./lab/server/main.js', import.meta.url).href)) as typeof import('./lab/server/main.js');
    process.exitCode = await lab.runLab(options);
  });

program
  .command('probe')
  .description('probe running MLflow, Jupyter, JupyterHub and inference services with read-only requests and report findings')
  .argument('[urls...]', 'base URLs of the services, e.g. http://10.0.3.12:5000')
  .option('--inventory <file>', 'also probe the url of every component in this platform inventory')
  .option('--try-default-credentials', 'also try the vendor default admin password (MLflow basic-auth) on one read endpoint')
  .option('--allow-unsafe-methods', 'allow requests other than GET, HEAD and OPTIONS (calls POST prediction routes with an empty body)')
  .addOption(new Option('-f, --format <format>', 'report format').choices(FORMATS).default('text'))
  .option('-o, --output <file>', 'write the report to a file instead of standard output')
  .option('--timeout <ms>', 'timeout of each request in milliseconds', DEFAULT_PROBE_TIMEOUT)
  .option('--summary', 'text: add the hardening summary; json: add the platform analysis (findings joined to inventory components by url)')
  .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(['critical', 'high', 'medium', 'low', 'info', 'none']).default('high'))
  .option('--color', 'force colour')
  .option('--no-color', 'no colour')
  .action(async (urls: string[], options) => {
    const { runProbe } = await import('./cli/probe-command.js');
    process.exitCode = await runProbe(urls, options);
  });

program
  .command('rules')
  .description('list the rules')
  .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
  .action(async (options: { format: string }) => {
    const { runRules } = await import('./cli/rules-command.js');
    process.exitCode = runRules(options.format);
  });

program
  .command('explain')
  .description('show the documentation of one rule')
  .argument('<rule>', 'rule id, e.g. notebook/credential-in-output')
  .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'markdown']).default('text'))
  .action(async (rule: string, options: { format: string }) => {
    const { runExplain } = await import('./cli/rules-command.js');
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
