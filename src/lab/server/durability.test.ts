import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../../testing/paths.js';
import { defaultDataDir, labSettings } from './main.js';

// The shipped command in a child process: autosaves, SIGKILL right after a 200, restart on the same data
// folder, and every acknowledged draft is there.

const TOKEN = 'durability-token-0123456789abcdefghij';
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function launch(dir: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [CLI, 'lab', '--port', '0', '--data-dir', dir, '--token', TOKEN], { stdio: ['ignore', 'pipe', 'pipe'] });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the lab did not start: ${out}`)), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /open: (http:\/\/127\.0\.0\.1:\d+)\/\?token=/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`the lab exited with ${code}: ${out}`)));
  });
  return { child, base };
}

async function csrf(base: string): Promise<string> {
  const response = await fetch(`${base}/api/session`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  return ((await response.json()) as { csrfToken: string }).csrfToken;
}

test('no acknowledged autosave is lost when the server is killed with SIGKILL', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-lab-kill-'));
  dirs.push(dir);
  const first = await launch(dir);
  const token = await csrf(first.base);
  const acknowledged = new Map<number, number>();
  const revisions = new Map<number, number>();
  let acks = 0;
  let killed = false;
  const exited = new Promise((resolve) => first.child.once('exit', resolve));

  const save = async (i: number): Promise<void> => {
    const step = (i % 4) + 1;
    try {
      const response = await fetch(`${first.base}/api/drafts/${step}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${TOKEN}`, 'X-CSRF-Token': token, 'Content-Type': 'application/json' },
        body: JSON.stringify({ answer: { findings: [{ file: `autosave-${i}`, lines: [i + 1] }] } }),
      });
      if (response.status !== 200) return;
      const { revision } = (await response.json()) as { revision: number };
      if (killed) return;
      acknowledged.set(step, Math.max(acknowledged.get(step) ?? 0, i));
      revisions.set(step, Math.max(revisions.get(step) ?? 0, revision));
      acks += 1;
      // Kill right after a 200, with other saves still in flight.
      if (acks === 60) {
        killed = true;
        first.child.kill('SIGKILL');
      }
    } catch {
      // Saves in flight when the server died were never acknowledged.
    }
  };
  // Waves of eight concurrent autosaves until the kill.
  for (let wave = 0; !killed && wave < 50; wave++) await Promise.all(Array.from({ length: 8 }, (_, k) => save(wave * 8 + k)));
  await exited;
  assert.ok(killed, 'the server was killed mid-autosave');
  assert.equal(acknowledged.size, 4);

  const second = await launch(dir);
  try {
    const response = await fetch(`${second.base}/api/drafts`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    const { drafts } = (await response.json()) as { drafts: Array<{ step: number; revision: number; answer: { findings: Array<{ lines: number[] }> } }> };
    for (const [step, last] of acknowledged) {
      const draft = drafts.find((entry) => entry.step === step);
      assert.ok(draft, `step ${step} has its draft`);
      // Concurrent saves of one step may land in any order; the stored one is an acknowledged or a later save.
      const stored = draft.answer.findings[0]!.lines[0]! - 1;
      assert.ok(stored % 4 === step - 1, `step ${step} holds one of its own saves`);
      assert.ok(stored >= last - 4, `step ${step}: stored save ${stored}, last acknowledged ${last}`);
      // Each save adds one revision: a stored revision below an acknowledged one would mean a lost save.
      assert.ok(draft.revision >= revisions.get(step)!, `step ${step}: revision ${draft.revision} on disk, ${revisions.get(step)} acknowledged`);
    }
  } finally {
    second.child.kill('SIGTERM');
  }
});

test('--host beyond loopback is refused without --token; settings come from flags and MLOPS_AUDIT_LAB_DIR', () => {
  const run = spawnSync(process.execPath, [CLI, 'lab', '--host', '0.0.0.0'], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /--host 0\.0\.0\.0 makes the lab reachable from other machines; pass --token/);
  assert.throws(() => labSettings({ host: '10.0.0.5' }), /pass --token/);
  assert.equal(labSettings({ host: '10.0.0.5', token: TOKEN }).host, '10.0.0.5');
  assert.throws(() => labSettings({ token: 'short' }), /--token must be 24 to 256/);
  assert.throws(() => labSettings({ port: 'eighty' }), /--port must be a port number/);
  const settings = labSettings({}, { MLOPS_AUDIT_LAB_DIR: '/srv/lab' });
  assert.equal(settings.dataDir, '/srv/lab');
  assert.equal(settings.host, '127.0.0.1');
  assert.match(settings.token, /^[A-Za-z0-9_-]{43}$/, 'a random 256-bit token');
  assert.notEqual(labSettings({}).token, settings.token);
  assert.equal(defaultDataDir({}, 'linux', '/home/ana'), '/home/ana/.local/share/mlops-audit/lab');
  assert.equal(defaultDataDir({ XDG_DATA_HOME: '/data' }, 'linux', '/home/ana'), '/data/mlops-audit/lab');
});
