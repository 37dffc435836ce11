// One synthetic data-science notebook, as a team's experiment notebooks look after a few weeks of work:
// markdown notes, pandas/sklearn/mlflow code, training logs, DataFrame tables (text and HTML),
// ANSI-coloured tracebacks and base64 plots. Serialised by the test builder, the way Jupyter saves.

import { displayData, errorOutput, executeResult, notebook, stream, type CellSpec } from '../testing/notebook-builder.js';
import { ImagePool } from './image-pool.js';
import { plantedCell, type PlantKind } from './planted-secrets.js';
import type { Prng } from './prng.js';

type Json = Parameters<typeof displayData>[0][string];

export interface NotebookPlan {
  project: string;
  /** A credential to plant, if this is one of the leaking notebooks. */
  plant?: PlantKind;
}

const MODELS = [
  { name: 'RandomForestClassifier', module: 'sklearn.ensemble', params: 'n_estimators=400, max_depth=12, n_jobs=-1, random_state=42' },
  { name: 'GradientBoostingClassifier', module: 'sklearn.ensemble', params: 'n_estimators=300, learning_rate=0.05, max_depth=4' },
  { name: 'LogisticRegression', module: 'sklearn.linear_model', params: 'C=0.5, max_iter=2000, class_weight="balanced"' },
  { name: 'HistGradientBoostingClassifier', module: 'sklearn.ensemble', params: 'max_iter=500, learning_rate=0.08, early_stopping=True' },
  { name: 'ExtraTreesRegressor', module: 'sklearn.ensemble', params: 'n_estimators=250, min_samples_leaf=3' },
] as const;

const COLUMNS: ReadonlyArray<{ name: string; kind: 'id' | 'int' | 'float' | 'category' | 'date' | 'bool' }> = [
  { name: 'customer_id', kind: 'id' },
  { name: 'tenure_months', kind: 'int' },
  { name: 'monthly_charges', kind: 'float' },
  { name: 'total_charges', kind: 'float' },
  { name: 'contract_type', kind: 'category' },
  { name: 'payment_method', kind: 'category' },
  { name: 'num_support_tickets', kind: 'int' },
  { name: 'last_login', kind: 'date' },
  { name: 'avg_session_minutes', kind: 'float' },
  { name: 'is_premium', kind: 'bool' },
  { name: 'region', kind: 'category' },
  { name: 'days_since_last_order', kind: 'int' },
  { name: 'basket_value_p90', kind: 'float' },
  { name: 'churned', kind: 'bool' },
];
const CATEGORIES = ['month-to-month', 'one-year', 'two-year', 'credit-card', 'bank-transfer', 'paypal', 'eu-west', 'us-east', 'ap-south'];
const DATASETS = ['churn/2024-06', 'churn/2024-09', 'transactions/daily', 'clickstream/sessions', 'orders/v3', 'support/tickets'];
const EXCEPTIONS = [
  { name: 'KeyError', value: "'churn_label'" },
  { name: 'ValueError', value: 'Input X contains NaN.\nRandomForestClassifier does not accept missing values encoded as NaN natively.' },
  { name: 'MemoryError', value: 'Unable to allocate 11.2 GiB for an array with shape (1503204, 1000) and data type float64' },
  { name: 'ClientError', value: 'An error occurred (AccessDenied) when calling the GetObject operation: Access Denied' },
];

export function buildNotebook(random: Prng, plan: NotebookPlan, images: ImagePool): string {
  const model = random.pick(MODELS);
  const dataset = random.pick(DATASETS);
  const columns = pickColumns(random);
  // Someone ran nbstripout on this one (never on a leaking one: stripping would have removed the leak).
  const cleared = random.chance(0.08) && !plan.plant;
  const cells: CellSpec[] = [];

  cells.push({
    type: 'markdown',
    source: [
      `# ${titleCase(plan.project)}: experiment ${random.int(1, 60)}`,
      '',
      `Goal: improve recall on the **${dataset}** snapshot without losing more than 1 point of precision.`,
      '',
      `- baseline: ${model.name} with default parameters`,
      `- data: \`s3://acme-training-data/${dataset}/\` (${random.int(80, 900)}k rows)`,
      `- tracking: MLflow experiment \`${plan.project}\``,
    ].join('\n'),
  });
  cells.push({
    source: [
      'import os',
      'import boto3',
      'import numpy as np',
      'import pandas as pd',
      'import matplotlib.pyplot as plt',
      'import mlflow',
      `from ${model.module} import ${model.name}`,
      'from sklearn.model_selection import train_test_split',
      'from sklearn.metrics import roc_auc_score, precision_score, recall_score',
      '',
      `mlflow.set_tracking_uri(os.environ.get("MLFLOW_TRACKING_URI", "http://mlflow.ml.internal:5000"))`,
      `mlflow.set_experiment("${plan.project}")`,
    ].join('\n'),
    outputs: random.chance(0.3) ? [stream(futureWarnings(random), 'stderr')] : [],
  });
  const rows = random.int(80_000, 900_000);
  cells.push({
    source: `df = pd.read_parquet("s3://acme-training-data/${dataset}/part-0000.parquet")\ndf.shape`,
    outputs: [executeResult({ 'text/plain': `(${rows}, ${columns.length})` })],
  });
  cells.push({ source: 'df.head()', outputs: [dataFrameOutput(random, columns, 5)] });
  if (random.chance(0.6)) cells.push({ source: 'df.describe(include="all").T', outputs: [dataFrameOutput(random, columns, random.int(8, 14))] });
  cells.push({ type: 'markdown', source: '## Features\n\nDrop identifiers, one-hot encode the categorical columns and split by customer.' });
  cells.push({
    source: [
      'features = df.drop(columns=["customer_id", "churned"])',
      'features = pd.get_dummies(features, columns=["contract_type", "payment_method", "region"], drop_first=True)',
      'X_train, X_test, y_train, y_test = train_test_split(features, df["churned"], test_size=0.2, stratify=df["churned"], random_state=42)',
      'print(X_train.shape, X_test.shape)',
    ].join('\n'),
    outputs: [stream(`(${Math.floor(rows * 0.8)}, ${columns.length + 9}) (${Math.ceil(rows * 0.2)}, ${columns.length + 9})\n`)],
  });

  const epochs = random.chance(0.2) ? random.int(200, 800) : random.int(10, 60);
  cells.push({
    source: [
      'with mlflow.start_run(run_name="' + `${plan.project}-${random.hex(6)}` + '") as run:',
      `    params = dict(${model.params.replace(/"/g, "'")})`,
      '    mlflow.log_params({"model": "' + model.name + '", "n_features": X_train.shape[1]})',
      `    model = ${model.name}(${model.params})`,
      '    model.fit(X_train, y_train)',
      '    auc = roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])',
      '    mlflow.log_metric("auc", auc)',
      '    mlflow.sklearn.log_model(model, "model")',
    ].join('\n'),
    outputs: [stream(trainingLog(random, epochs, plan.project), random.chance(0.4) ? 'stderr' : 'stdout')],
  });
  cells.push({
    source: 'pred = model.predict(X_test)\n{"precision": precision_score(y_test, pred), "recall": recall_score(y_test, pred), "auc": auc}',
    outputs: [
      executeResult({
        'text/plain': `{'precision': ${random.float(0.6, 0.95).toFixed(16)},\n 'recall': ${random.float(0.5, 0.9).toFixed(16)},\n 'auc': ${random.float(0.75, 0.97).toFixed(16)}}`,
      }),
    ],
  });

  const plots = random.pick([0, 0, 1, 1, 1, 2]);
  for (let i = 0; i < plots; i++) {
    const kind = random.pick(['feature importance', 'ROC curve', 'calibration', 'confusion matrix', 'residuals']);
    cells.push({
      source: `fig, ax = plt.subplots(figsize=(${random.int(6, 14)}, ${random.int(4, 8)}))\nax.set_title("${kind}")\nplot_${kind.replace(/ /g, '_')}(model, X_test, y_test, ax=ax)\nplt.show()`,
      outputs: [displayData({ 'image/png': images.base64(random, ImagePool.pickSize(random)), 'text/plain': [`<Figure size ${random.int(6, 14) * 100}x${random.int(4, 8) * 100} with 1 Axes>`] })],
    });
  }
  if (random.chance(0.25)) {
    const error = random.pick(EXCEPTIONS);
    cells.push({ source: 'df_eval = df.loc[df["churn_label"] == 1]\nmodel.score(df_eval[features.columns], df_eval["churn_label"])', outputs: [errorOutput(error.name, error.value, traceback(random, error.name, error.value))] });
  }
  cells.push({
    type: 'markdown',
    source: `## Notes\n\n${random.pick(['Recall improved', 'No change in recall', 'AUC dropped slightly'])} compared with the previous run; next: try class weights and a longer history window.`,
  });

  if (plan.plant) cells.splice(random.int(2, cells.length - 1), 0, plantedCell(plan.plant, random));
  for (const cell of cells) if (cleared && cell.outputs) cell.outputs = [];
  return notebook(cells, { kernelspec: { display_name: 'Python 3 (ipykernel)', language: 'python', name: 'python3' } });
}

function pickColumns(random: Prng): typeof COLUMNS {
  const count = random.int(7, COLUMNS.length);
  return COLUMNS.slice(0, count);
}

function cellValue(random: Prng, kind: (typeof COLUMNS)[number]['kind'], row: number): string {
  switch (kind) {
    case 'id':
      return `C${String(100000 + row * 7919 + random.int(0, 7000)).padStart(7, '0')}`;
    case 'int':
      return String(random.int(0, 72));
    case 'float':
      return random.float(0, 500).toFixed(2);
    case 'category':
      return random.pick(CATEGORIES);
    case 'date':
      return `2024-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
    case 'bool':
      return random.chance(0.5) ? 'True' : 'False';
  }
}

/** A DataFrame repr: text/plain and the HTML table pandas emits. */
function dataFrameOutput(random: Prng, columns: typeof COLUMNS, rows: number): Json {
  const table = Array.from({ length: rows }, (_, row) => columns.map((column) => cellValue(random, column.kind, row)));
  const widths = columns.map((column, i) => Math.max(column.name.length, ...table.map((row) => row[i]!.length)));
  const plain = [
    `    ${columns.map((column, i) => column.name.padStart(widths[i]!)).join('  ')}`,
    ...table.map((row, r) => `${String(r).padEnd(4)}${row.map((value, i) => value.padStart(widths[i]!)).join('  ')}`),
  ].join('\n');
  const html = [
    '<div>',
    '<style scoped>',
    '    .dataframe tbody tr th:only-of-type {',
    '        vertical-align: middle;',
    '    }',
    '',
    '    .dataframe tbody tr th {',
    '        vertical-align: top;',
    '    }',
    '',
    '    .dataframe thead th {',
    '        text-align: right;',
    '    }',
    '</style>',
    '<table border="1" class="dataframe">',
    '  <thead>',
    '    <tr style="text-align: right;">',
    '      <th></th>',
    ...columns.map((column) => `      <th>${column.name}</th>`),
    '    </tr>',
    '  </thead>',
    '  <tbody>',
    ...table.flatMap((row, r) => ['    <tr>', `      <th>${r}</th>`, ...row.map((value) => `      <td>${value}</td>`), '    </tr>']),
    '  </tbody>',
    '</table>',
    `<p>${rows} rows × ${columns.length} columns</p>`,
    '</div>',
  ].join('\n');
  return executeResult({ 'text/html': splitLines(html), 'text/plain': splitLines(plain) }, random.int(1, 40));
}

function splitLines(text: string): string[] {
  const parts = text.split('\n');
  return parts.map((part, i) => (i < parts.length - 1 ? `${part}\n` : part));
}

function trainingLog(random: Prng, epochs: number, project: string): string {
  const out: string[] = [];
  let loss = random.float(0.6, 0.9);
  let auc = random.float(0.6, 0.7);
  const style = random.int(0, 2);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    loss *= random.float(0.97, 1.0);
    auc = Math.min(0.99, auc + random.float(0, 0.01));
    if (style === 0) {
      out.push(`Epoch ${epoch}/${epochs} - loss: ${loss.toFixed(4)} - val_loss: ${(loss * random.float(1.0, 1.1)).toFixed(4)} - auc: ${auc.toFixed(4)} - ${random.float(1, 9).toFixed(1)}s`);
    } else if (style === 1) {
      out.push(`[${epoch * 10}]\tvalid_0's auc: ${auc.toFixed(6)}\tvalid_0's binary_logloss: ${loss.toFixed(6)}`);
    } else {
      out.push(`2024-0${random.int(1, 9)}-1${random.int(0, 9)} 0${random.int(0, 9)}:${random.int(10, 59)}:${random.int(10, 59)},${random.int(100, 999)} INFO trainer: step=${epoch * 50} loss=${loss.toFixed(5)} lr=${(0.001 * random.float(0.5, 1)).toExponential(2)} grad_norm=${random.float(0.1, 4).toFixed(3)}`);
    }
  }
  out.push(`Training finished: best auc ${auc.toFixed(4)} at epoch ${epochs}`);
  out.push(`🏃 View run ${project}-${random.hex(5)} at: http://mlflow.ml.internal:5000/#/experiments/${random.int(1, 40)}/runs/${random.hex(32)}`);
  out.push(`🧪 View experiment at: http://mlflow.ml.internal:5000/#/experiments/${random.int(1, 40)}`);
  return `${out.join('\n')}\n`;
}

function futureWarnings(random: Prng): string {
  const count = random.int(1, 4);
  return Array.from(
    { length: count },
    () =>
      `/opt/conda/lib/python3.11/site-packages/sklearn/utils/validation.py:${random.int(600, 2000)}: FutureWarning: The default value of 'dtype' will change in 1.6. Set it explicitly to silence this warning.\n  warnings.warn(\n`,
  ).join('');
}

/** An IPython 8 traceback, with the ANSI colour codes Jupyter stores. */
function traceback(random: Prng, name: string, value: string): string[] {
  const frames = random.int(2, 6);
  const out = [
    '\u001b[0;31m---------------------------------------------------------------------------\u001b[0m',
    `\u001b[0;31m${name}\u001b[0m                                  Traceback (most recent call last)`,
  ];
  for (let i = 0; i < frames; i++) {
    const line = random.int(100, 4000);
    out.push(
      `File \u001b[0;32m/opt/conda/lib/python3.11/site-packages/pandas/core/${random.pick(['frame', 'indexing', 'generic', 'series'])}.py:${line}\u001b[0m, in \u001b[0;36mDataFrame.__getitem__\u001b[0;34m(self, key)\u001b[0m\n` +
        `\u001b[1;32m   ${line - 1}\u001b[0m \u001b[38;5;28;01mif\u001b[39;00m \u001b[38;5;28mself\u001b[39m\u001b[38;5;241m.\u001b[39mcolumns\u001b[38;5;241m.\u001b[39mnlevels \u001b[38;5;241m>\u001b[39m \u001b[38;5;241m1\u001b[39m:\n` +
        `\u001b[0;32m-> ${line}\u001b[0m     \u001b[38;5;28;01mreturn\u001b[39;00m \u001b[38;5;28mself\u001b[39m\u001b[38;5;241m.\u001b[39m_getitem_multilevel(key)\n` +
        `\u001b[1;32m   ${line + 1}\u001b[0m indexer \u001b[38;5;241m=\u001b[39m \u001b[38;5;28mself\u001b[39m\u001b[38;5;241m.\u001b[39mcolumns\u001b[38;5;241m.\u001b[39mget_loc(key)\n`,
    );
  }
  out.push(`\u001b[0;31m${name}\u001b[0m: ${value}`);
  return out;
}

function titleCase(slug: string): string {
  return slug.replace(/(^|-)([a-z])/g, (_m, dash: string, letter: string) => `${dash ? ' ' : ''}${letter.toUpperCase()}`);
}
