import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, type Answer, type Grade, type Overview, type StepInfo, type SubmissionRow } from './api';
import { EvidenceBuilder } from './Evidence';
import { FixtureViewer } from './FixtureViewer';
import { BackupPanel } from './pages/BackupPanel';
import { FrameworksPage } from './pages/FrameworksPage';
import { ReadingPage } from './pages/ReadingPage';
import { SelfAssessmentPage } from './pages/SelfAssessmentPage';

type View = 'overview' | 'reading' | 1 | 2 | 3 | 4 | 'frameworks' | 'self' | 'score';
type SaveState = { state: 'idle' | 'pending' | 'saving' | 'saved' | 'error'; revision?: number; message?: string };

const SAVE_DELAY_MS = 600;

export function App() {
  const [overview, setOverview] = useState<Overview | null>(null);
  const [title, setTitle] = useState('MLOps Platform Security Lab');
  const [fatal, setFatal] = useState('');
  const [view, setView] = useState<View>('overview');
  const [drafts, setDrafts] = useState<Record<number, Answer>>({});
  const [saves, setSaves] = useState<Record<number, SaveState>>({});
  const [grade, setGrade] = useState<Grade | null>(null);
  const [submissions, setSubmissions] = useState<SubmissionRow[]>([]);
  const timers = useRef<Record<number, ReturnType<typeof setTimeout>>>({});
  const latest = useRef<Record<number, Answer>>({});
  const pending = useRef(new Set<number>());

  const refreshScore = useCallback(() => api.score().then(setGrade), []);

  // Loads drafts, history and the score from the server (at start and after a backup import).
  const load = useCallback(async () => {
    const [saved, history] = await Promise.all([api.drafts(), api.submissions()]);
    const loaded: Record<number, Answer> = {};
    const states: Record<number, SaveState> = {};
    for (const draft of saved.drafts) {
      loaded[draft.step] = draft.answer;
      states[draft.step] = { state: 'saved', revision: draft.revision };
    }
    for (const timer of Object.values(timers.current)) clearTimeout(timer);
    pending.current.clear();
    latest.current = { ...loaded };
    setDrafts(loaded);
    setSaves(states);
    setSubmissions(history.submissions);
    await refreshScore();
  }, [refreshScore]);

  useEffect(() => {
    (async () => {
      const session = await api.session();
      setTitle(session.title);
      setOverview(await api.overview());
      await load();
    })().catch((error: Error) => setFatal(error.message));
  }, [load]);

  const save = useCallback(
    async (step: number) => {
      const answer = latest.current[step] ?? {};
      pending.current.delete(step);
      setSaves((s) => ({ ...s, [step]: { ...s[step], state: 'saving' } }));
      try {
        const saved = await api.saveDraft(step, answer);
        // Only mark saved when nothing newer is waiting.
        if (latest.current[step] === answer) setSaves((s) => ({ ...s, [step]: { state: 'saved', revision: saved.revision } }));
        await refreshScore();
      } catch (error) {
        const e = error as Error & { field?: string };
        pending.current.add(step);
        setSaves((s) => ({ ...s, [step]: { state: 'error', message: e.field ? `${e.field}: ${e.message}` : e.message } }));
      }
    },
    [refreshScore],
  );

  const change = (step: number, answer: Answer) => {
    latest.current[step] = answer;
    setDrafts((d) => ({ ...d, [step]: answer }));
    setSaves((s) => ({ ...s, [step]: { ...s[step], state: 'pending' } }));
    pending.current.add(step);
    clearTimeout(timers.current[step]);
    timers.current[step] = setTimeout(() => void save(step), SAVE_DELAY_MS);
  };

  // Leaving the page with an autosave still waiting: send it anyway (keepalive outlives the page).
  useEffect(() => {
    const flush = () => {
      for (const step of pending.current) {
        clearTimeout(timers.current[step]);
        api.saveDraftOnExit(step, latest.current[step] ?? {});
      }
      pending.current.clear();
    };
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  }, []);

  const reset = async (step: number) => {
    clearTimeout(timers.current[step]);
    pending.current.delete(step);
    await api.resetDraft(step);
    delete latest.current[step];
    setDrafts((d) => {
      const next = { ...d };
      delete next[step];
      return next;
    });
    setSaves((s) => ({ ...s, [step]: { state: 'idle' } }));
    await refreshScore();
  };

  const submit = async () => {
    // Flush pending autosaves first so the submission grades what is on screen.
    const waiting = [...pending.current];
    for (const step of waiting) clearTimeout(timers.current[step]);
    await Promise.all(waiting.map((step) => save(step)));
    const created = await api.submit();
    setGrade(created.result);
    setSubmissions((await api.submissions()).submissions);
  };

  if (fatal) return <main class="fatal"><h1>{title}</h1><p role="alert">The lab could not start: {fatal}. Open the URL that `mlops-audit lab` printed.</p></main>;
  if (!overview) return <main class="loading"><p>Loading the lab…</p></main>;

  const views: { id: View; label: string }[] = [
    { id: 'overview', label: 'Overview' },
    { id: 'reading', label: 'Reading' },
    ...overview.steps.map((s) => ({ id: s.step as View, label: `Step ${s.step}` })),
    { id: 'frameworks', label: 'Frameworks' },
    { id: 'self', label: 'Self-assessment' },
    { id: 'score', label: 'Score & submit' },
  ];
  const step = typeof view === 'number' ? overview.steps.find((s) => s.step === view) : undefined;

  return (
    <div class="layout">
      <header class="top">
        <h1>{title}</h1>
        <nav aria-label="Lab sections">
          {views.map((v) => (
            <button type="button" key={String(v.id)} aria-current={view === v.id ? 'page' : undefined} onClick={() => setView(v.id)}>
              {v.label}
              {typeof v.id === 'number' && grade && <span class="step-score"> {stepScore(grade, v.id)}</span>}
            </button>
          ))}
        </nav>
        <p class="score-badge" aria-live="polite">
          Score: <strong data-testid="total-score">{grade ? grade.score : '…'}</strong> / {grade?.max ?? 100}
        </p>
      </header>
      {view === 'overview' && <OverviewPage overview={overview} onStart={() => setView(1)} onRead={() => setView('reading')} />}
      {view === 'reading' && <ReadingPage onStep={(n) => setView(n as View)} />}
      {view === 'frameworks' && <FrameworksPage />}
      {view === 'self' && <SelfAssessmentPage grade={grade} />}
      {step && (
        <StepPage
          key={step.step}
          step={step}
          answer={drafts[step.step] ?? {}}
          fixtures={overview.fixtures.map((f) => f.file)}
          viewable={[step.fixture, ...overview.supporting.map((f) => f.file), 'mlops-inventory.json'].filter((file, i, all) => all.indexOf(file) === i)}
          save={saves[step.step] ?? { state: 'idle' }}
          grade={grade}
          onChange={(answer) => change(step.step, answer)}
          onReset={() => void reset(step.step)}
        />
      )}
      {view === 'score' && <ScorePage grade={grade} submissions={submissions} onSubmit={submit} onRestored={load} />}
    </div>
  );
}

function stepScore(grade: Grade, step: number): string {
  const s = grade.steps.find((x) => x.step === step);
  return s ? `(${s.earned}/${s.points})` : '';
}

function OverviewPage({ overview, onStart, onRead }: { overview: Overview; onStart(): void; onRead(): void }) {
  return (
    <main class="overview">
      <section>
        <h2>Mission</h2>
        <p>{overview.mission}</p>
        <h2>Scenario</h2>
        <p>{overview.scenario}</p>
      </section>
      <section>
        <h2>Objectives</h2>
        <ul>{overview.objectives.map((o) => <li key={o}>{o}</li>)}</ul>
        <h2>Prerequisites</h2>
        <ul>{overview.prerequisites.map((p) => <li key={p}>{p}</li>)}</ul>
      </section>
      <section>
        <h2>Expected signals</h2>
        <ul>{overview.signals.map((s) => <li key={s.id}>{s.name}</li>)}</ul>
        <h2>Steps</h2>
        <ol>{overview.steps.map((s) => <li key={s.step}>{s.title} — <code>{s.fixture}</code></li>)}</ol>
        <p class="actions">
          <button type="button" onClick={onRead}>Read first</button> <button type="button" class="primary" onClick={onStart}>Start step 1</button>
        </p>
      </section>
    </main>
  );
}

function StepPage(props: { step: StepInfo; answer: Answer; fixtures: string[]; viewable: string[]; save: SaveState; grade: Grade | null; onChange(answer: Answer): void; onReset(): void }) {
  const { step } = props;
  const [selected, setSelected] = useState<number[]>([]);
  const [file, setFile] = useState(step.fixture);
  const [hints, setHints] = useState<string[]>([]);
  const criteria = props.grade?.criteria.filter((c) => c.step === step.step) ?? [];
  const showHint = async () => setHints((await api.hint(step.step, hints.length + 1)).shown);
  return (
    <main class="step">
      <section class="pane fixture-pane" aria-labelledby="fixture-title">
        <div class="file-bar">
          <h2 id="fixture-title">
            <code>{file}</code>
          </h2>
          <label for="file-choice">File shown</label>
          <select
            id="file-choice"
            value={file}
            onChange={(e) => {
              setSelected([]);
              setFile((e.currentTarget as HTMLSelectElement).value);
            }}
          >
            {props.viewable.map((f) => (
              <option key={f} value={f}>{f === step.fixture ? `${f} (this step)` : f}</option>
            ))}
          </select>
        </div>
        <FixtureViewer file={file} selected={selected} onSelect={setSelected} />
      </section>
      <section class="pane evidence-pane" aria-labelledby="step-title">
        <h2 id="step-title">
          Step {step.step}: {step.title}
        </h2>
        <p class="task">{step.task}</p>
        <p class="prompt"><strong>Evidence:</strong> {step.evidencePrompt}</p>
        <div class="hints">
          <button type="button" disabled={hints.length >= step.hintLevels} onClick={() => void showHint()}>
            {hints.length === 0 ? 'Show a hint' : hints.length >= step.hintLevels ? 'No more hints' : `Show hint ${hints.length + 1} of ${step.hintLevels}`}
          </button>
          {hints.length > 0 && <ol class="hint-list" aria-live="polite">{hints.map((h) => <li key={h}>{h}</li>)}</ol>}
        </div>
        <EvidenceBuilder step={step} answer={props.answer} selected={selected} viewedFile={file} fixtures={props.fixtures} onChange={props.onChange} />
        <p class={`save save-${props.save.state}`} role="status" data-testid="save-status">
          {saveText(props.save)}
        </p>
        <ResetButton step={step.step} onReset={props.onReset} />
        <h3>This step's score</h3>
        <Criteria criteria={criteria} />
      </section>
    </main>
  );
}

function ResetButton({ step, onReset }: { step: number; onReset(): void }) {
  const [asked, setAsked] = useState(false);
  if (!asked) return <button type="button" class="danger" onClick={() => setAsked(true)}>Reset step {step}…</button>;
  return (
    <p class="confirm" role="group" aria-label={`Reset step ${step}?`}>
      Forget this step's draft? Submissions are kept.{' '}
      <button type="button" class="danger" onClick={() => { setAsked(false); onReset(); }}>Yes, reset step {step}</button>{' '}
      <button type="button" onClick={() => setAsked(false)}>Cancel</button>
    </p>
  );
}

function saveText(save: SaveState): string {
  switch (save.state) {
    case 'pending': return 'Unsaved changes…';
    case 'saving': return 'Saving…';
    case 'saved': return `Draft saved (revision ${save.revision})`;
    case 'error': return `Not saved: ${save.message}`;
    default: return 'No draft yet';
  }
}

function Criteria({ criteria }: { criteria: Grade['criteria'] }) {
  return (
    <ul class="criteria">
      {criteria.map((c) => (
        <li key={c.id} class={c.earned === c.points ? 'full' : c.earned === 0 ? 'none' : 'part'} data-criterion={c.id}>
          <span class="points">{c.earned}/{c.points}</span> <span class="ctitle">Step {c.step}: {c.title}</span>
          {c.reasons.length > 0 && <ul class="reasons">{c.reasons.map((r) => <li key={r}>{r}</li>)}</ul>}
        </li>
      ))}
    </ul>
  );
}

function ScorePage({ grade, submissions, onSubmit, onRestored }: { grade: Grade | null; submissions: SubmissionRow[]; onSubmit(): Promise<void>; onRestored(): Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  return (
    <main class="score-page">
      <section class="pane">
        <h2>Live score: {grade?.score ?? '…'} / {grade?.max ?? 100}</h2>
        {grade && <Criteria criteria={grade.criteria} />}
      </section>
      <section class="pane">
        <h2>Submit and export</h2>
        <p>A submission is an immutable, timestamped copy of your drafts with their score.</p>
        <button
          type="button"
          class="primary"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            setError('');
            onSubmit().catch((e: Error) => setError(e.message)).finally(() => setBusy(false));
          }}
        >
          Submit current drafts
        </button>
        {error && <p class="error" role="alert">{error}</p>}
        <p>
          <a href="/api/export.md" download="mlops-platform-security-assessment.md">Export the assessment of the drafts as Markdown</a>
        </p>
        <h3>History</h3>
        {submissions.length === 0 ? (
          <p>No submissions yet.</p>
        ) : (
          <table class="history">
            <thead><tr><th scope="col">#</th><th scope="col">Submitted</th><th scope="col">Score</th><th scope="col">Self-assessed</th><th scope="col">Export</th></tr></thead>
            <tbody>
              {[...submissions].reverse().map((s) => (
                <tr key={s.id}>
                  <td>{s.id}</td>
                  <td><time dateTime={s.createdAt}>{new Date(s.createdAt).toLocaleString()}</time></td>
                  <td>{s.score} / {s.max}</td>
                  <td>{s.selfScore === undefined ? '—' : `${s.selfScore} / ${s.max}`}</td>
                  <td><a href={`/api/export.md?submission=${encodeURIComponent(String(s.id))}`} download={`assessment-${s.id}.md`}>Markdown</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <BackupPanel onRestored={onRestored} />
      </section>
    </main>
  );
}
