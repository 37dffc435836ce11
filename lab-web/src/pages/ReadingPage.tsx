import { useEffect, useState } from 'preact/hooks';
import { api, type Reading } from '../api';

// The reading module: the chapter's checklists in our own words, each item linked to the step that
// practises it and the analyzer rules or commands that check it.

export function ReadingPage({ onStep }: { onStep(step: number): void }) {
  const [reading, setReading] = useState<Reading | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api.reading().then(setReading, (e: Error) => setError(e.message));
  }, []);
  if (error) return <main class="doc"><p class="error" role="alert">Could not load the reading: {error}</p></main>;
  if (!reading) return <main class="doc"><p>Loading the reading…</p></main>;
  return (
    <main class="doc reading">
      <article>
        <h2>{reading.title}</h2>
        {reading.summary.map((paragraph) => <p key={paragraph}>{paragraph}</p>)}
        <nav aria-label="Reading sections" class="toc">
          <ul>{reading.sections.map((section) => <li key={section.id}><a href={`#reading-${section.id}`}>{section.title}</a></li>)}</ul>
        </nav>
        {reading.sections.map((section) => (
          <section key={section.id} id={`reading-${section.id}`} aria-labelledby={`reading-${section.id}-title`}>
            <h3 id={`reading-${section.id}-title`}>{section.title}</h3>
            <p class="intro">{section.intro}</p>
            <ul class="checklist">
              {section.items.map((item) => (
                <li key={item.text}>
                  <span>{item.text}</span>
                  {(item.steps?.length || item.rules?.length || item.tool) && (
                    <span class="practise">
                      {' '}
                      {item.steps?.map((step) => (
                        <button type="button" class="chip" key={step} onClick={() => onStep(step)}>Step {step}</button>
                      ))}
                      {item.rules?.map((rule) => <code key={rule} class="chip">{rule}</code>)}
                      {item.tool && <span class="chip tool">{item.tool === 'manual' ? 'collected by hand' : item.tool}</span>}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </article>
    </main>
  );
}
