/** A one-line progress counter on standard error, only on a terminal and only for scans that take a while. */
export function progressReporter(stream: NodeJS.WriteStream, enabled: boolean): { update(done: number, total: number): void; done(): void } {
  if (!enabled || !stream.isTTY) return { update() {}, done() {} };
  const started = Date.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - started < 300 || now - lastDraw < 100) return;
      lastDraw = now;
      drawn = true;
      stream.write(`\r\u001b[2Kscanning ${done}/${total} files (${Math.floor((done / Math.max(total, 1)) * 100)}%)`);
    },
    done() {
      if (drawn) stream.write('\r\u001b[2K');
    },
  };
}
