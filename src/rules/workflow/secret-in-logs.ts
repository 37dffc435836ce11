import { isMap, isScalar } from 'yaml';
import { expressionsIn } from '../../artifacts/workflow/expressions.js';
import { workflowSecrets } from '../../artifacts/workflow/workflow-secrets.js';
import type { Job, Step, WorkflowArtifact } from '../../artifacts/workflow/workflow.js';
import type { FixSuggestion, Severity } from '../../core/finding.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule, type ReportInput } from '../../core/rule.js';
import { redact } from '../../secrets/redact.js';
import { scriptSecretFlows, type ScriptRef, type SecretFlow } from './script-secret-flow.js';
import { RUN_READERS, inputsAreSecrets, jobLabel, listOf, runnerOf, runsSentence, secretEnvAt, stepLabel, type SecretEnvVar } from './secret-scope.js';
import { isPosixShell, shellOf, uploadOf, workingDirectoryOf } from './uploads.js';

// Owner of `toJSON(secrets)` inside `run:` scripts (the runner shows the evaluated script in the step's
// log header); workflow/secret-overexposure owns it everywhere else (env, with, reusable-workflow calls).

const MASKING =
  "GitHub masks a registered secret's exact value (and a few common encodings of the whole value) in logs, but not a value that has been changed: base64 of `user:token`, JSON with escaped characters, a substring, hex, a value printed in pieces. Files and artifacts are never masked.";

export default defineRule({
  id: 'workflow/secret-in-logs',
  artifact: 'workflow',
  title: 'Secret sent to a job log, step output, summary or uploaded artifact',
  category: 'secret-exposure',
  severity: 'high',
  confidence: 'high',
  frameworks: frameworks(
    'OWASP-LLM-2025:LLM02:2025',
    'OWASP-LLM-2025:LLM03:2025',
    'OWASP-ML-2023:ML06:2023',
    'MITRE-ATLAS:AML.T0055',
    'NIST-AI-RMF:MEASURE 2.7',
    'ISO-42001:A.6.2.8',
    'CWE:CWE-532',
    'CWE:CWE-538',
    'CWE:CWE-200',
  ),
  control:
    'Never print, trace or publish a secret: pass it to the one step that needs it through `env:` and hand it to the tool on stdin or in a file outside the workspace; report only that it is set (`${NAME:+yes}`), turn off `set -x` in steps that use secrets, and register any value derived from a secret with `echo "::add-mask::$VALUE"` before anything prints it.',
  docs: {
    summary:
      "Follows GitHub Secrets through `run:` scripts (bash and sh): `echo`, `printf` and `cat <<EOF` of `${{ secrets.X }}`, or of an environment variable or shell variable that holds one, when the output reaches the job log (directly, through `tee`, or through filters such as `base64`, `cut` or `jq`); secrets written into `$GITHUB_OUTPUT` or `$GITHUB_STEP_SUMMARY`; secrets written to a file (`>`, `>>`, `tee`) that a later step of the same job uploads with actions/upload-artifact or actions/upload-pages-artifact; environment dumps (`env`, `printenv`, `export -p`, `env | sort`) in steps whose environment holds secrets; `set -x` in a script that then uses secrets; and `${{ toJSON(secrets) }}` anywhere in a script. Output piped into a consuming program (`docker login --password-stdin`, `gh auth login --with-token`) is not reported, nor are values registered with `::add-mask::`, `${#NAME}` and `${NAME:+set}`. Printing a secret's exact value to the log is medium (GitHub masks it); changed values, tracing of derived values, files and artifacts are high. This rule owns `toJSON(secrets)` inside `run:` scripts; workflow/secret-overexposure reports it everywhere else.",
    risk:
      `Job logs, step summaries and artifacts are readable by everyone who can read the repository (anyone, for a public one) for 90 days by default, and artifacts can be downloaded and kept. ${MASKING} On an ML platform the secrets in CI are the Hugging Face, Weights & Biases, registry and cloud credentials that can publish or replace a model.`,
    bad: {
      language: 'yaml',
      code: 'env:\n  HF_TOKEN: ${{ secrets.HF_TOKEN }}\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          set -x\n          echo "Using token $HF_TOKEN"\n          echo -n "ci:$HF_TOKEN" | base64          # not masked\n          echo "HF_TOKEN=$HF_TOKEN" > model/.env   # uploaded below\n          env | sort\n      - uses: actions/upload-artifact@v4\n        with:\n          name: model\n          path: model/',
      note: 'The base64 line and the artifact carry the token in a form GitHub does not mask.',
    },
    good: {
      language: 'yaml',
      code: 'jobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Push the model\n        env:\n          HF_TOKEN: ${{ secrets.HF_TOKEN }}   # only this step gets it\n        run: |\n          set -euo pipefail                    # no -x\n          echo "HF_TOKEN is set: ${HF_TOKEN:+yes}"\n          AUTH=$(printf \'%s\' "ci:$HF_TOKEN" | base64 -w0)\n          echo "::add-mask::$AUTH"             # register derived values first\n          huggingface-cli upload acme/churn-model model/\n      - uses: actions/upload-artifact@v4\n        with:\n          name: model\n          path: model/            # no credentials are written under model/',
    },
    references: [
      { title: 'GitHub Docs: Secure use reference (using secrets, redaction)', url: 'https://docs.github.com/actions/reference/security/secure-use' },
      { title: 'GitHub Docs: Masking a value in a log (::add-mask::)', url: 'https://docs.github.com/actions/reference/workflows-and-actions/workflow-commands#masking-a-value-in-a-log' },
      { title: 'GitHub Docs: Storing workflow data as artifacts', url: 'https://docs.github.com/actions/tutorials/store-and-share-data' },
      { title: 'CWE-532: Insertion of Sensitive Information into Log File', url: 'https://cwe.mitre.org/data/definitions/532.html' },
    ],
  },
  check({ artifact: workflow, report }) {
    const values = workflowSecrets(workflow).flatMap((secret) => [secret.value, ...(secret.match?.partner ? [secret.match.partner.secret] : [])]);
    const safe = (text: string) => values.reduce((out, value) => (value && out.includes(value) ? out.split(value).join(redact(value)) : out), text);
    for (const job of workflow.jobs) {
      for (const step of job.steps) {
        if (!step.run) continue;
        const posix = isPosixShell(shellOf(workflow, job, step));
        const script = step.run.text.text;
        const fragments = expressionsIn(step.run.text);
        const env = secretEnvAt(workflow, job, step);
        // Other shells (pwsh, python) are not read; only toJSON(secrets) is found in them.
        const flows = posix ? scriptSecretFlows(script, fragments, env, inputsAreSecrets(workflow)) : allSecretsOnly(script, fragments);
        // A toJSON(secrets) fragment already reported as printed or uploaded is not reported again.
        const covered = new Set<unknown>();
        for (const flow of flows) {
          if (flow.kind === 'all-secrets' && covered.has(flow.refs[0]!.fragment)) continue;
          const described = describe(flow, workflow, job, step, env, safe);
          if (!described) continue;
          if (flow.kind === 'print') for (const ref of flow.refs) if (ref.fragment) covered.add(ref.fragment);
          const range = step.run.text.rawRange(flow.start, flow.end);
          report({ ...described, start: range.start, end: range.end, location: { yamlPath: step.run.path } });
        }
      }
    }
  },
});

type Described = Omit<ReportInput, 'start' | 'end' | 'location'>;

/** A finding for one flow, or undefined when the flow reaches nobody (a file nobody uploads). */
function describe(flow: SecretFlow, workflow: WorkflowArtifact, job: Job, step: Step, env: ReadonlyMap<string, SecretEnvVar>, safe: (text: string) => string): Described | undefined {
  const where = `${capitalize(stepLabel(step))} of ${jobLabel(job)}`;
  const command = `\`${safe(clip(flow.command))}\``;
  const evidence = safe(clip(flow.command, 90));
  const what = refsPhrase(flow.refs);
  const changed = flow.transforms.length > 0 || flow.refs.some((ref) => ref.transformed || ref.allSecrets);
  const how = flow.transforms.length ? ` It passes through ${listOf([...new Set(flow.transforms)])}, so the text written no longer matches the registered secret and GitHub's masking does not hide it.` : '';
  const identity = (kind: string) => `${kind}:${job.id}:${step.name ?? step.id ?? step.index}:${flow.refs.flatMap((ref) => ref.secrets).join(',') || (flow.dumped ?? []).join(',')}`;
  const { name: first, source } = firstSecret(flow, env);

  if (flow.kind === 'all-secrets') {
    return {
      title: 'Every secret serialised into a run script with toJSON(secrets)',
      message: `${where} expands \`\${{ toJSON(secrets) }}\` into its script (\`${safe(clip(flow.command))}\`): the runner writes every secret the job can see into the script file and shows the evaluated script, JSON included, at the top of the step's log. JSON escaping changes values that contain quotes, backslashes or new lines, so GitHub's masking does not match them.`,
      evidence,
      blastRadius: logBlast(workflow, job, 'every repository, organisation and environment secret available to the job'),
      identity: identity('all-secrets'),
      recommendation: 'Pass only the secrets this step needs, each as its own `env:` entry from `${{ secrets.NAME }}`, and read them from the environment in the script.',
      fix: stepEnvFix(step, [['<SECRET_NAME>', '${{ secrets.<SECRET_NAME> }}']], 'Name each secret the step needs instead of serialising them all', '<the step’s command, reading $<SECRET_NAME>>'),
    };
  }

  if (flow.kind === 'xtrace') {
    const traced = [...new Set(flow.refs.map((ref) => ref.label))];
    return {
      title: changed ? 'Shell tracing prints values derived from secrets' : 'Shell tracing (set -x) in a script that uses secrets',
      severity: changed ? 'high' : 'medium',
      message:
        `${where} turns on \`${flow.command}\`, and the commands after it use ${listOf(traced.map((label) => `\`${label}\``))} (${listOf(secretsOf(flow.refs))}); bash prints every command to the log after expansion.` +
        (changed ? ` Values derived from the secret (${listOf([...new Set(flow.transforms)])}) are printed in clear, because GitHub masks only the registered value.` : ' GitHub masks the exact values today; any value derived from them later in the script will be printed in clear.'),
      evidence: `${flow.command} … ${safe(clip(traced.join(' '), 60))}`,
      blastRadius: logBlast(workflow, job, listOf(secretsOf(flow.refs))),
      identity: identity('xtrace'),
      recommendation: 'Remove `-x` from this script (`set -euo pipefail`), or wrap the lines that use secrets in `{ set +x; } 2>/dev/null` … `set -x`; register derived values with `echo "::add-mask::$VALUE"` before they are used.',
      fix: { description: 'Trace without the secret-handling lines', snippet: `run: |\n  set -euo pipefail          # no -x while secrets are in use\n  echo "::add-mask::$DERIVED" # register any value derived from a secret before use`, language: 'yaml' },
    };
  }

  const sink = flow.sink!;
  if (flow.kind === 'dump') {
    const held = listOf((flow.dumped ?? []).map((name) => `\`${name}\``));
    const base: Pick<Described, 'evidence' | 'identity' | 'recommendation' | 'fix'> = {
      evidence,
      identity: identity(`dump-${sink.kind}`),
      recommendation: 'Do not dump the environment in a step that holds secrets: print the names only (`env | cut -d= -f1 | sort`) or the specific non-secret variables you need (`printenv MODEL_NAME`).',
      fix: { description: 'Print variable names, not values', snippet: `run: env | cut -d= -f1 | sort   # names only; values stay out of the log`, language: 'yaml' },
    };
    if (sink.kind === 'log') {
      return {
        ...base,
        title: 'Environment dumped to the job log while it holds secrets',
        message: `${where} runs ${command}, which prints every environment variable, including ${held}, which ${(flow.dumped ?? []).length > 1 ? 'hold secrets' : 'holds a secret'}. ${MASKING}`,
        blastRadius: logBlast(workflow, job, held),
      };
    }
    if (sink.kind === 'file') {
      const uploaded = uploadOf(job, step, sink.path, workingDirectoryOf(workflow, job, step));
      if (!uploaded) return undefined;
      return {
        ...base,
        title: 'Environment dump with secrets uploaded as an artifact',
        message: `${where} writes the whole environment, including ${held}, to \`${sink.path}\` with ${command}, and ${stepLabel(uploaded.upload.step)} uploads it in artifact "${uploaded.upload.name}" (\`path: ${uploaded.pattern}\`). Artifacts are not masked.`,
        blastRadius: artifactBlast(workflow, job, uploaded.upload.name, uploaded.upload.action, held),
        related: [{ start: uploaded.upload.path?.start ?? uploaded.upload.step.start, location: { yamlPath: uploaded.upload.path?.path ?? uploaded.upload.step.path }, message: `uploads ${sink.path}` }],
      };
    }
    return {
      ...base,
      title: sink.kind === 'output' ? 'Environment with secrets written to a step output' : 'Environment with secrets written to the job summary',
      message: `${where} writes the whole environment, including ${held}, to ${sink.kind === 'output' ? '`$GITHUB_OUTPUT`' : '`$GITHUB_STEP_SUMMARY`'} with ${command}.`,
      blastRadius: sink.kind === 'output' ? outputBlast(workflow, job, step, held) : summaryBlast(workflow, job, held),
    };
  }

  // A print flow: echo, printf, cat <<EOF, printenv NAME.
  const secretList = listOf(secretsOf(flow.refs));
  if (sink.kind === 'log') {
    const severity: Severity = changed ? 'high' : 'medium';
    return {
      title: changed ? 'Secret printed to the job log in a form GitHub does not mask' : 'Secret printed to the job log',
      severity,
      message:
        `${where} prints ${what} to the job log${sink.stream === 'stderr' ? ' (standard error)' : ''} with ${command}.` +
        (changed
          ? how || ' It holds every secret as JSON, and masking misses values whose quotes, backslashes or new lines JSON escapes.'
          : " GitHub masks a registered secret's exact value, so the log shows ***; that mask is the only protection, and it fails as soon as the script changes the value (base64 of `user:token`, JSON, a substring) or prints it in pieces."),
      evidence,
      blastRadius: logBlast(workflow, job, secretList),
      identity: identity('log'),
      recommendation: `Do not print the secret: hand it to the program that needs it (for example \`printf '%s' "$${first}" | docker login --password-stdin\`), and print only whether it is set (\`\${${first}:+yes}\`). If a value derived from it must appear, register it first with \`echo "::add-mask::$VALUE"\`.`,
      fix: flow.refs.some((ref) => ref.allSecrets)
        ? stepEnvFix(step, [['<SECRET_NAME>', '${{ secrets.<SECRET_NAME> }}']], 'Name each secret the step needs instead of serialising them all', 'echo "<SECRET_NAME> is set: ${<SECRET_NAME>:+yes}"')
        : stepEnvFix(step, [[first, source]], 'Report that the secret is set, never its value', `echo "${first} is set: \${${first}:+yes}"`),
    };
  }
  if (sink.kind === 'file') {
    const uploaded = uploadOf(job, step, sink.path, workingDirectoryOf(workflow, job, step));
    if (!uploaded) return undefined;
    const pages = uploaded.upload.action === 'actions/upload-pages-artifact';
    return {
      title: pages ? 'Secret written into a GitHub Pages upload' : 'Secret written to a file that is uploaded as an artifact',
      message: `${where} writes ${what} to \`${sink.path}\` with ${command}, and ${stepLabel(uploaded.upload.step)} uploads that file in ${pages ? 'the GitHub Pages artifact' : `artifact "${uploaded.upload.name}"`} (\`path: ${uploaded.pattern}\`). Artifacts are stored as written: GitHub's log masking does not apply to them.`,
      evidence,
      blastRadius: artifactBlast(workflow, job, uploaded.upload.name, uploaded.upload.action, secretList),
      identity: identity('artifact'),
      recommendation: `Write credentials outside the uploaded path (\`"$RUNNER_TEMP/${baseName(sink.path)}"\`) and delete them when done, and give upload-artifact only the directory of build outputs; exclude credential files explicitly with \`!\` patterns.`,
      fix: {
        description: 'Keep credentials out of what is uploaded',
        snippet: `- run: printf '%s' "$${first}" > "$RUNNER_TEMP/${baseName(sink.path)}"   # outside the workspace\n- uses: ${uploaded.upload.step.uses?.value ?? 'actions/upload-artifact@v4'}\n  with:\n    name: ${uploaded.upload.name}\n    path: |\n      ${uploaded.pattern === '.' ? 'dist/' : uploaded.pattern}\n      !${sink.path}`,
        language: 'yaml',
      },
      related: [{ start: uploaded.upload.path?.start ?? uploaded.upload.step.start, location: { yamlPath: uploaded.upload.path?.path ?? uploaded.upload.step.path }, message: `uploads ${sink.path}` }],
    };
  }
  if (sink.kind === 'output') {
    return {
      title: 'Secret written to a step output',
      severity: changed ? 'high' : 'medium',
      message: `${where} writes ${what} into \`$GITHUB_OUTPUT\` with ${command}. A step output is a plain value: every later \`\${{ steps.${step.id ?? '<id>'}.outputs.… }}\` pastes it into scripts and their log headers, and GitHub withholds a job output only when it contains a registered secret's exact value, so ${changed ? 'this changed value' : 'any changed copy'} reaches other jobs unmasked.${how}`,
      evidence,
      blastRadius: outputBlast(workflow, job, step, secretList),
      identity: identity('output'),
      recommendation: `Do not pass secrets through outputs: reference \`${source}\` in the env of the step or job that needs it, and derive any value from it there.`,
      fix: stepEnvFix(undefined, [[first, source]], 'Read the secret where it is needed instead of passing it on', '<the command that needs it>'),
    };
  }
  return {
    title: 'Secret written to the job summary',
    severity: changed ? 'high' : 'medium',
    message: `${where} appends ${what} to \`$GITHUB_STEP_SUMMARY\` with ${command}. GitHub renders the summary on the run's page; the runner masks exact secret values there as in logs, but not changed ones.${how}`,
    evidence,
    blastRadius: summaryBlast(workflow, job, secretList),
    identity: identity('summary'),
    recommendation: 'Put only non-secret facts in the summary: which secret was used and whether it was set, never its value.',
    fix: { description: 'Summarise without the value', snippet: `run: echo "- ${first}: \${${first}:+configured}" >> "$GITHUB_STEP_SUMMARY"`, language: 'yaml' },
  };
}

/** `${{ toJSON(secrets) }}` flows for scripts in shells this rule does not read (pwsh, python). */
function allSecretsOnly(script: string, fragments: ReturnType<typeof expressionsIn>): SecretFlow[] {
  return fragments
    .filter((fragment) => fragment.functions.includes('tojson') && fragment.contexts.some((context) => context.toLowerCase() === 'secrets'))
    .map((fragment) => {
      const lineStart = script.lastIndexOf('\n', fragment.start - 1) + 1;
      const lineEnd = script.indexOf('\n', fragment.start);
      const ref: ScriptRef = { start: fragment.start, end: fragment.end, label: `\${{ ${fragment.expression} }}`, secrets: ['every secret'], transformed: true, transform: 'toJSON()', allSecrets: true, fragment };
      return { kind: 'all-secrets' as const, refs: [ref], command: script.slice(lineStart, lineEnd === -1 ? script.length : lineEnd).trim(), start: fragment.start, end: fragment.end, transforms: ['toJSON()'] };
    });
}

function refsPhrase(refs: readonly ScriptRef[]): string {
  const labels = [...new Set(refs.map((ref) => ref.label))].map((label) => `\`${label}\``);
  const secrets = secretsOf(refs);
  const holds = refs.every((ref) => ref.label.startsWith('${{')) ? '' : ` (holding ${listOf(secrets)})`;
  return `${listOf(labels)}${holds}`;
}

function secretsOf(refs: readonly ScriptRef[]): string[] {
  return [...new Set(refs.flatMap((ref) => ref.secrets))].map((name) => (/^[A-Z0-9_]+$/.test(name) ? `\`secrets.${name}\`` : name.startsWith('inputs.') ? `\`${name}\`` : name));
}

/** The secret to name in a recommendation: its environment variable and where the value comes from. */
function firstSecret(flow: SecretFlow, env: ReadonlyMap<string, SecretEnvVar>): { name: string; source: string } {
  for (const ref of flow.refs) {
    const secret = ref.secrets.find((name) => /^[A-Z0-9_]+$/.test(name));
    const input = ref.secrets.find((name) => name.startsWith('inputs.'));
    const variable = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(ref.label)?.[1];
    const held = variable ? env.get(variable) : undefined;
    if (held?.entry.value) return { name: held.name, source: held.entry.value.value.trim() };
    if (secret) return { name: secret, source: `\${{ secrets.${secret} }}` };
    if (input) return { name: input.slice('inputs.'.length).toUpperCase().replace(/[^A-Z0-9_]/g, '_'), source: `\${{ ${input} }}` };
  }
  const dumped = flow.dumped?.map((name) => env.get(name)).find((held) => held?.entry.value);
  if (dumped) return { name: dumped.name, source: dumped.entry.value!.value.trim() };
  return { name: 'TOKEN', source: '${{ secrets.TOKEN }}' };
}

function stepEnvFix(step: Step | undefined, vars: Array<[string, string]>, description: string, line: string): FixSuggestion {
  const env = vars.map(([name, source]) => `    ${name}: ${source}`).join('\n');
  return { description, snippet: `- name: ${step?.name ?? 'Use the secret'}\n  env:\n${env}\n  run: ${line}`, language: 'yaml' };
}

function logBlast(workflow: WorkflowArtifact, job: Job, what: string): string {
  return `The log of ${jobLabel(job)}, on ${runnerOf(job)}, receives ${what}; GitHub keeps the log with the run (90 days by default) and ${RUN_READERS} can read it. ${runsSentence(workflow)}`;
}

function artifactBlast(workflow: WorkflowArtifact, job: Job, name: string, action: string, what: string): string {
  const runs = runsSentence(workflow);
  if (action === 'actions/upload-pages-artifact') return `The GitHub Pages site built by ${jobLabel(job)}, on ${runnerOf(job)}, publishes ${what} to everyone who can reach the site. ${runs}`;
  return `Artifact "${name}" of ${jobLabel(job)}, on ${runnerOf(job)}, holds ${what}; ${RUN_READERS} can download it from the run until it expires (90 days by default) and keep copies. ${runs}`;
}

function outputBlast(workflow: WorkflowArtifact, job: Job, step: Step, what: string): string {
  const outputs = job.map.get('outputs', true);
  const exposed = isMap(outputs)
    ? outputs.items.filter((item) => isScalar(item.value) && step.id !== undefined && String(item.value.value).includes(`steps.${step.id}.outputs`)).map((item) => `\`${String((item.key as { value?: unknown }).value)}\``)
    : [];
  const dependents = workflow.jobs.filter((other) => other.needs.includes(job.id)).map((other) => `\`${other.id}\``);
  const later = job.steps.filter((other) => other.index > step.index).length;
  const passes = exposed.length ? `, and job output${exposed.length > 1 ? 's' : ''} ${listOf(exposed)} pass${exposed.length > 1 ? '' : 'es'} it to ${dependents.length ? `job${dependents.length > 1 ? 's' : ''} ${listOf(dependents)}` : 'the jobs and callers that read it'}` : '';
  return (
    `The ${later} later step${later === 1 ? '' : 's'} of ${jobLabel(job)}, on ${runnerOf(job)}, receive${later === 1 ? 's' : ''} ${what}${passes}; each use pastes the value into a script whose log ${RUN_READERS} can read. ` + runsSentence(workflow)
  );
}

function summaryBlast(workflow: WorkflowArtifact, job: Job, what: string): string {
  return `The run's summary page shows ${what} for ${jobLabel(job)}, on ${runnerOf(job)}, to ${RUN_READERS} for as long as the run is kept. ${runsSentence(workflow)}`;
}

function clip(text: string, max = 80): string {
  const line = text.replace(/\s*\n\s*/g, ' ⏎ ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1) || 'credentials';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
