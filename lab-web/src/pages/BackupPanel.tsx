import { useState } from 'preact/hooks';
import { api, type RestoreResult } from '../api';

// Download a JSON backup of everything (drafts, self-assessment, submissions) and import one again. The
// server validates the whole file before it writes anything, so a refused import changes nothing.

export function BackupPanel({ onRestored }: { onRestored(): Promise<void> }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    setMessage(null);
    try {
      let backup: unknown;
      try {
        backup = JSON.parse(await file.text());
      } catch (e) {
        throw new Error(`${file.name} is not JSON: ${(e as Error).message}`);
      }
      const result: RestoreResult = await api.importBackup(backup);
      await onRestored();
      setMessage({ ok: true, text: `Imported ${file.name}: ${result.drafts} step draft${result.drafts === 1 ? '' : 's'}${result.selfAssessment ? ', the self-assessment' : ''} and ${result.submissionsAdded} new submission${result.submissionsAdded === 1 ? '' : 's'}.` });
    } catch (e) {
      // Validation messages already start with the field they are about.
      setMessage({ ok: false, text: `Not imported, nothing changed: ${(e as Error).message}` });
    } finally {
      setBusy(false);
      input.value = '';
    }
  };

  return (
    <section class="backup" aria-labelledby="backup-title">
      <h3 id="backup-title">Backup</h3>
      <p>
        <a href="/api/backup" download="mlops-audit-lab-backup.json">Download a JSON backup</a> of your drafts, self-assessment and submissions. Importing one replaces the drafts and the self-assessment and adds the submissions this lab does not have yet; history is never deleted.
      </p>
      <div class="field">
        <label for="backup-file">Import a backup</label>
        <input id="backup-file" type="file" accept="application/json,.json" disabled={busy} onChange={(e) => void importFile(e.currentTarget as HTMLInputElement)} />
      </div>
      {message && <p class={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="backup-message">{message.text}</p>}
    </section>
  );
}
