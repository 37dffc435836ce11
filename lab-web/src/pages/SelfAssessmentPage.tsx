import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Grade, type Rubric, type SelfAssessment } from '../api';

// The self-assessment checklist: the published rubric, one checkbox per criterion ("I met this"). The
// estimate is saved as it changes and set beside the analyzer's grade, criterion by criterion.

type Verdict = 'agree' | 'over' | 'under' | 'partial' | 'open';

function verdict(claimed: boolean, earned: number | undefined, points: number): Verdict {
  if (earned === undefined) return 'open';
  if (earned === points) return claimed ? 'agree' : 'under';
  if (!claimed) return 'agree';
  return earned === 0 ? 'over' : 'partial';
}

const VERDICT_TEXT: Record<Verdict, string> = {
  agree: 'the grader agrees',
  over: 'you claimed it; the grader gave 0',
  under: 'the grader gave full points; not claimed',
  partial: 'you claimed it; the grader gave part',
  open: '',
};

export function SelfAssessmentPage({ grade }: { grade: Grade | null }) {
  const [rubric, setRubric] = useState<Rubric | null>(null);
  const [self, setSelf] = useState<SelfAssessment | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const latest = useRef<string[]>([]);
  const busy = useRef(false);
  const again = useRef(false);

  useEffect(() => {
    Promise.all([api.rubric(), api.selfAssessment()]).then(([r, s]) => {
      latest.current = s.met;
      setRubric(r);
      setSelf(s);
      setStatus(s.revision > 0 ? `Saved (revision ${s.revision})` : 'Nothing ticked yet');
    }, (e: Error) => setError(e.message));
  }, []);

  // One save at a time; a change made meanwhile is sent when the current save returns.
  const save = async () => {
    if (busy.current) {
      again.current = true;
      return;
    }
    busy.current = true;
    try {
      do {
        again.current = false;
        setStatus('Saving…');
        const saved = await api.saveSelfAssessment(latest.current);
        if (!again.current) {
          setSelf(saved);
          setStatus(`Saved (revision ${saved.revision})`);
        }
      } while (again.current);
    } catch (e) {
      setStatus(`Not saved: ${(e as Error).message}`);
    } finally {
      busy.current = false;
    }
  };

  const toggle = (id: string, on: boolean) => {
    if (!rubric || !self) return;
    const order = rubric.steps.flatMap((step) => step.criteria.map((criterion) => criterion.id));
    const next = order.filter((entry) => (entry === id ? on : latest.current.includes(entry)));
    latest.current = next;
    const points = rubric.steps.flatMap((step) => step.criteria).filter((criterion) => next.includes(criterion.id)).reduce((sum, criterion) => sum + criterion.points, 0);
    setSelf({ ...self, met: next, score: points });
    void save();
  };

  if (error) return <main class="doc"><p class="error" role="alert">Could not load the self-assessment: {error}</p></main>;
  if (!rubric || !self) return <main class="doc"><p>Loading the rubric…</p></main>;
  return (
    <main class="doc self-assessment">
      <h2>Self-assessment</h2>
      <p>This is the rubric the grader applies. Tick each criterion you believe your evidence meets, then compare your estimate with the grade. A submission keeps the estimate beside the score, and the Markdown export shows where they differ.</p>
      <p class="estimates" aria-live="polite">
        Your estimate: <strong data-testid="self-score">{self.score}</strong> / {self.max} · Graded: <strong>{grade ? grade.score : '…'}</strong> / {grade?.max ?? self.max}
        <span class="save" role="status" data-testid="self-status"> {status}</span>
      </p>
      {rubric.steps.map((step) => (
        <fieldset key={step.step}>
          <legend>Step {step.step} ({step.points} points)</legend>
          <ul class="rubric">
            {step.criteria.map((criterion) => {
              const claimed = self.met.includes(criterion.id);
              const earned = grade?.criteria.find((entry) => entry.id === criterion.id)?.earned;
              const v = verdict(claimed, earned, criterion.points);
              const id = `self-${criterion.id}`;
              return (
                <li key={criterion.id} class={`verdict-${v}`} data-criterion={criterion.id}>
                  <input type="checkbox" id={id} checked={claimed} aria-describedby={`${id}-checks`} onChange={(e) => toggle(criterion.id, (e.currentTarget as HTMLInputElement).checked)} />
                  <label for={id}>
                    <strong>{criterion.title}</strong> ({criterion.points} points)
                  </label>
                  <p id={`${id}-checks`} class="checks">{criterion.checks}</p>
                  {earned !== undefined && (
                    <p class="graded">
                      Graded {earned}/{criterion.points}{VERDICT_TEXT[v] ? `: ${VERDICT_TEXT[v]}` : ''}
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        </fieldset>
      ))}
    </main>
  );
}
