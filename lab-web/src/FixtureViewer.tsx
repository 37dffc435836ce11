import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from './api';
import { highlightLines } from './highlight';

// A fixture with line numbers and syntax highlighting. Lines are picked with the mouse (click, shift-click for a range, ctrl- or
// cmd-click to add one) or the keyboard (arrows move, Space picks, Shift+arrows extend).

interface Props {
  file: string;
  selected: number[];
  onSelect(lines: number[]): void;
}

function range(a: number, b: number): number[] {
  const [low, high] = a < b ? [a, b] : [b, a];
  return Array.from({ length: high - low + 1 }, (_, i) => low + i);
}

export function FixtureViewer({ file, selected, onSelect }: Props) {
  const [lines, setLines] = useState<string[] | null>(null);
  const [error, setError] = useState('');
  const [focus, setFocus] = useState(1);
  const anchor = useRef(1);
  const list = useRef<HTMLOListElement>(null);
  const tokens = useMemo(() => (lines ? highlightLines(file, lines) : undefined), [file, lines]);

  useEffect(() => {
    let live = true;
    setLines(null);
    api
      .fixture(file)
      .then((fixture) => live && setLines(fixture.lines))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [file]);

  const pick = (line: number, shift: boolean, toggle: boolean) => {
    if (shift) onSelect(range(anchor.current, line));
    else if (toggle) onSelect(selected.includes(line) ? selected.filter((l) => l !== line) : [...selected, line].sort((a, b) => a - b));
    else onSelect(selected.length === 1 && selected[0] === line ? [] : [line]);
    if (!shift) anchor.current = line;
    setFocus(line);
  };

  const moveTo = (line: number, shift: boolean) => {
    if (!lines) return;
    const target = Math.min(Math.max(1, line), lines.length);
    setFocus(target);
    if (shift) onSelect(range(anchor.current, target));
    const element = list.current?.querySelector<HTMLElement>(`[data-line="${target}"]`);
    element?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const keys: Record<string, number> = { ArrowDown: focus + 1, ArrowUp: focus - 1, Home: 1, End: lines?.length ?? 1, PageDown: focus + 20, PageUp: focus - 20 };
    const next = keys[event.key];
    if (next !== undefined) {
      event.preventDefault();
      moveTo(next, event.shiftKey);
    } else if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      pick(focus, event.shiftKey, event.ctrlKey || event.metaKey);
    }
  };

  if (error) return <p class="error" role="alert">Could not load {file}: {error}</p>;
  if (!lines) return <p>Loading {file}…</p>;
  return (
    <div class="viewer">
      <p class="viewer-help" id={`help-${file}`}>
        Click a line to pick it, shift-click for a range, ctrl-click to add one. Keyboard: arrows, Space, Shift+arrows.
        {selected.length > 0 && <strong> Picked: {selected.join(', ')}</strong>}
      </p>
      <ol class="code" role="listbox" aria-multiselectable="true" aria-label={`Lines of ${file}`} aria-describedby={`help-${file}`} ref={list} onKeyDown={onKeyDown}>
        {lines.map((text, i) => {
          const n = i + 1;
          const on = selected.includes(n);
          return (
            <li
              key={n}
              data-line={n}
              role="option"
              aria-selected={on}
              tabIndex={n === focus ? 0 : -1}
              class={on ? 'line picked' : 'line'}
              onClick={(event) => pick(n, event.shiftKey, event.ctrlKey || event.metaKey)}
              onMouseDown={(event) => event.shiftKey && event.preventDefault()}
            >
              <span class="ln" aria-hidden="true">{n}</span>
              <code class="src">{text === '' ? ' ' : tokens ? tokens[i]!.map((token, t) => (token.classes ? <span key={t} class={token.classes}>{token.text}</span> : token.text)) : text}</code>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
