// Builds nbformat 4 notebooks for tests, serialised the way Jupyter saves them (indent 1, sorted keys).

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface CellSpec {
  type?: 'code' | 'markdown' | 'raw';
  source: string;
  outputs?: Json[];
  executionCount?: number | null;
  metadata?: Record<string, Json>;
  attachments?: Record<string, Json>;
}

export function lines(text: string): string[] {
  const parts = text.split('\n');
  const out = parts.slice(0, -1).map((part) => `${part}\n`);
  if (parts[parts.length - 1]) out.push(parts[parts.length - 1]!);
  return out;
}

export function stream(text: string, name: 'stdout' | 'stderr' = 'stdout'): Json {
  return { name, output_type: 'stream', text: lines(text) };
}

export function executeResult(data: Record<string, Json>, executionCount = 1): Json {
  return { data, execution_count: executionCount, metadata: {}, output_type: 'execute_result' };
}

export function displayData(data: Record<string, Json>): Json {
  return { data, metadata: {}, output_type: 'display_data' };
}

export function errorOutput(ename: string, evalue: string, traceback: string[]): Json {
  return { ename, evalue, output_type: 'error', traceback };
}

export function notebook(cells: CellSpec[], metadata: Record<string, Json> = {}): string {
  let count = 0;
  const nb = {
    cells: cells.map((cell, i) => {
      const type = cell.type ?? 'code';
      const base: Record<string, Json> = { cell_type: type, id: `cell-${i + 1}`, metadata: cell.metadata ?? {}, source: lines(cell.source) };
      if (cell.attachments) base.attachments = cell.attachments;
      if (type === 'code') {
        base.execution_count = cell.executionCount === undefined ? (cell.outputs?.length ? ++count : null) : cell.executionCount;
        base.outputs = cell.outputs ?? [];
      }
      return base;
    }),
    metadata: {
      kernelspec: { display_name: 'Python 3 (ipykernel)', language: 'python', name: 'python3' },
      language_info: { name: 'python', version: '3.11.7' },
      ...metadata,
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(sortKeys(nb), null, 1)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
  }
  return value;
}
