import { useState } from 'preact/hooks';
import { SEVERITIES, type Answer, type Finding, type Severity, type StepInfo, type SummaryEntry } from './api';

// The evidence builder of one step, shaped like the API's answer object (docs/lab-api.md). Every control
// has a label; learner text is only ever rendered as text.

let ids = 0;
const useId = (prefix: string) => useState(() => `${prefix}-${++ids}`)[0];

function Field(props: { label: string; value: string; onInput(value: string): void; rows?: number; mono?: boolean; hint?: string }) {
  const id = useId('f');
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.hint && <small id={`${id}-hint`}>{props.hint}</small>}
      {props.rows ? (
        <textarea
          id={id}
          rows={props.rows}
          class={props.mono ? 'mono' : undefined}
          spellcheck={!props.mono}
          aria-describedby={props.hint ? `${id}-hint` : undefined}
          value={props.value}
          onInput={(e) => props.onInput((e.currentTarget as HTMLTextAreaElement).value)}
        />
      ) : (
        <input id={id} type="text" aria-describedby={props.hint ? `${id}-hint` : undefined} value={props.value} onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)} />
      )}
    </div>
  );
}

function SeveritySelect(props: { value: Severity | undefined; onChange(value: Severity): void; label?: string }) {
  const id = useId('sev');
  return (
    <div class="field">
      <label for={id}>{props.label ?? 'Severity'}</label>
      <select id={id} value={props.value ?? ''} onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value as Severity)}>
        <option value="">(not chosen)</option>
        {SEVERITIES.map((s) => (
          <option value={s} key={s}>
            {s}
          </option>
        ))}
      </select>
    </div>
  );
}

export function parseLines(text: string): number[] {
  const out = new Set<number>();
  for (const part of text.split(/[\s,]+/)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) continue;
    const a = Number(m[1]);
    const b = m[2] ? Number(m[2]) : a;
    for (let n = Math.min(a, b); n <= Math.max(a, b) && out.size < 200; n++) if (n > 0) out.add(n);
  }
  return [...out].sort((x, y) => x - y);
}

function LinesField(props: { lines: number[]; selected: number[]; onChange(lines: number[]): void; onUsePicked(): void }) {
  const id = useId('lines');
  const [text, setText] = useState(props.lines.join(', '));
  const shown = parseLines(text).join(',') === props.lines.join(',') ? text : props.lines.join(', ');
  return (
    <div class="field lines-field">
      <label for={id}>Lines</label>
      <div class="row">
        <input
          id={id}
          type="text"
          inputMode="numeric"
          placeholder="e.g. 17 or 23-24"
          value={shown}
          onInput={(e) => {
            const value = (e.currentTarget as HTMLInputElement).value;
            setText(value);
            props.onChange(parseLines(value));
          }}
        />
        <button type="button" disabled={props.selected.length === 0} onClick={props.onUsePicked}>
          Use picked lines
        </button>
      </div>
    </div>
  );
}

function FindingEditor(props: { index: number; step: StepInfo; finding: Finding; selected: number[]; viewedFile: string; onChange(f: Finding): void; onRemove(): void }) {
  const { finding: f, onChange } = props;
  const set = (patch: Partial<Finding>) => onChange({ ...f, ...patch });
  const registry = props.step.step === 3;
  return (
    <fieldset class="finding">
      <legend>Finding {props.index + 1}</legend>
      <div class="field">
        <span class="label">File</span> <code>{f.file ?? props.step.fixture}</code>
      </div>
      <LinesField lines={f.lines ?? []} selected={props.selected} onChange={(lines) => set({ lines })} onUsePicked={() => set({ file: props.viewedFile, lines: [...props.selected] })} />
      {registry ? (
        <>
          <Field label="Current config" value={f.current ?? ''} onInput={(current) => set({ current })} rows={2} />
          <Field label="Risk" value={f.risk ?? ''} onInput={(risk) => set({ risk })} rows={2} />
          <Field label="Recommended change" value={f.change ?? ''} onInput={(change) => set({ change })} rows={2} />
          <SeveritySelect value={f.severity} onChange={(severity) => set({ severity })} />
        </>
      ) : (
        <>
          <Field label="What is wrong" value={f.what ?? ''} onInput={(what) => set({ what })} rows={2} />
          <SeveritySelect value={f.severity} onChange={(severity) => set({ severity })} />
          {props.step.step !== 4 && (
            <>
              <Field label="Blast radius" value={f.blastRadius ?? ''} onInput={(blastRadius) => set({ blastRadius })} rows={2} />
              <Field label="Control" value={f.control ?? ''} onInput={(control) => set({ control })} rows={2} />
            </>
          )}
        </>
      )}
      <button type="button" class="remove" onClick={props.onRemove}>
        Remove finding {props.index + 1}
      </button>
    </fieldset>
  );
}

function SummaryEditor(props: { summary: SummaryEntry[]; fixtures: string[]; onChange(summary: SummaryEntry[]): void }) {
  const entries = props.summary.length ? props.summary : [];
  const rows = Array.from({ length: Math.max(4, entries.length) }, (_, i) => entries[i] ?? {});
  const set = (i: number, patch: Partial<SummaryEntry>) => {
    const next = rows.map((row, j) => (j === i ? { ...row, ...patch } : row));
    // Keep the rows a learner has started; drop trailing empty ones.
    while (next.length && Object.values(next[next.length - 1]!).every((v) => !v)) next.pop();
    props.onChange(next);
  };
  return (
    <fieldset class="summary">
      <legend>Hardening summary (one entry per fixture, most severe first)</legend>
      <ol>
        {rows.map((row, i) => (
          <SummaryRow key={i} index={i} row={row} fixtures={props.fixtures} onChange={(patch) => set(i, patch)} />
        ))}
      </ol>
    </fieldset>
  );
}

function SummaryRow(props: { index: number; row: SummaryEntry; fixtures: string[]; onChange(patch: Partial<SummaryEntry>): void }) {
  const id = useId('fx');
  const n = props.index + 1;
  return (
    <li class="summary-row">
      <div class="field">
        <label for={id}>Entry {n} fixture</label>
        <select id={id} value={props.row.fixture ?? ''} onChange={(e) => props.onChange({ fixture: (e.currentTarget as HTMLSelectElement).value })}>
          <option value="">(choose)</option>
          {props.fixtures.map((file) => (
            <option key={file} value={file}>
              {file}
            </option>
          ))}
        </select>
      </div>
      <Field label={`Entry ${n} title`} value={props.row.title ?? ''} onInput={(title) => props.onChange({ title })} />
      <SeveritySelect label={`Entry ${n} severity`} value={props.row.severity} onChange={(severity) => props.onChange({ severity })} />
      <Field label={`Entry ${n} control`} value={props.row.control ?? ''} onInput={(control) => props.onChange({ control })} />
    </li>
  );
}

export function EvidenceBuilder(props: { step: StepInfo; answer: Answer; selected: number[]; viewedFile: string; fixtures: string[]; onChange(answer: Answer): void }) {
  const { step, answer, onChange } = props;
  const findings = answer.findings ?? [];
  const setFindings = (next: Finding[]) => onChange({ ...answer, findings: next });
  return (
    <div class="builder">
      {findings.map((finding, i) => (
        <FindingEditor
          key={i}
          index={i}
          step={step}
          finding={finding}
          selected={props.selected}
          viewedFile={props.viewedFile}
          onChange={(f) => setFindings(findings.map((old, j) => (j === i ? f : old)))}
          onRemove={() => setFindings(findings.filter((_, j) => j !== i))}
        />
      ))}
      <button type="button" class="add" disabled={findings.length >= 20} onClick={() => setFindings([...findings, { file: props.viewedFile, lines: [...props.selected], severity: '' }])}>
        Add finding{props.selected.length ? ` (${props.viewedFile} lines ${props.selected.join(', ')})` : ''}
      </button>
      {step.step === 2 && (
        <Field label="Corrected workflow YAML" mono rows={14} value={answer.correctedYaml ?? ''} onInput={(correctedYaml) => onChange({ ...answer, correctedYaml })} hint="The whole workflow, with secret references or an OIDC role." />
      )}
      {step.step === 3 && (
        <Field label="Recommended mlflow-config.json (optional)" mono rows={8} value={answer.recommendedConfig ?? ''} onInput={(recommendedConfig) => onChange({ ...answer, recommendedConfig })} />
      )}
      {step.step === 4 && (
        <>
          <Field label="Least-privilege IAM policy JSON" mono rows={14} value={answer.policy ?? ''} onInput={(policy) => onChange({ ...answer, policy })} />
          <SummaryEditor summary={answer.summary ?? []} fixtures={props.fixtures} onChange={(summary) => onChange({ ...answer, summary })} />
        </>
      )}
    </div>
  );
}
