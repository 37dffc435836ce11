import { useEffect, useState } from 'preact/hooks';
import { api, type FrameworkMap, type MappedRef } from '../api';

// Framework mappings: per expected signal, the entries cited by the rules that report it, then the names
// the original lab page used beside the current ids.

function Ref({ entry }: { entry: MappedRef }) {
  const label = <><code>{entry.id}</code> {entry.name}</>;
  return entry.url ? <a href={entry.url} target="_blank" rel="noopener noreferrer">{label}</a> : label;
}

export function FrameworksPage() {
  const [map, setMap] = useState<FrameworkMap | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api.frameworks().then(setMap, (e: Error) => setError(e.message));
  }, []);
  if (error) return <main class="doc"><p class="error" role="alert">Could not load the framework mappings: {error}</p></main>;
  if (!map) return <main class="doc"><p>Loading the framework mappings…</p></main>;
  return (
    <main class="doc frameworks">
      <h2>Framework mappings</h2>
      <p>Each expected signal of the lab, with the framework entries cited by the analyzer rules that report it. These are the same references a scan prints in its findings, SARIF and reports.</p>
      <div class="table-wrap">
        <table class="mapping">
          <caption>Expected signals and current framework ids</caption>
          <thead>
            <tr>
              <th scope="col">Signal</th>
              {map.frameworks.map((framework) => <th scope="col" key={framework.id}>{framework.title}</th>)}
            </tr>
          </thead>
          <tbody>
            {map.signals.map((row) => (
              <tr key={row.signal} data-signal={row.signal}>
                <th scope="row">
                  {row.name}
                  <small>{row.steps.length > 0 ? `Step ${row.steps.join(', ')}` : ''} · {row.rules.join(', ')}</small>
                </th>
                {map.frameworks.map((framework) => (
                  <td key={framework.id}>
                    <ul>{(row.refs[framework.id] ?? []).map((entry) => <li key={entry.id}><Ref entry={entry} /></li>)}</ul>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>Names on the original lab page</h3>
      <p>The lab this app is based on listed one entry per framework. Some of those names are from older editions or name a different part of the standard:</p>
      <div class="table-wrap">
        <table class="older">
          <thead>
            <tr><th scope="col">Framework</th><th scope="col">Original page</th><th scope="col">Current</th><th scope="col">Why they differ</th></tr>
          </thead>
          <tbody>
            {map.olderNames.map((entry) => (
              <tr key={entry.framework} data-framework={entry.framework}>
                <td>{map.frameworks.find((framework) => framework.id === entry.framework)?.title ?? entry.framework}</td>
                <td>{entry.seed}</td>
                <td><ul>{entry.current.map((ref) => <li key={ref.id}><Ref entry={ref} /></li>)}</ul></td>
                <td>{entry.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}
