/** A mistake in how the command was called: exit status 2 with a one-line message. */
export class UsageError extends Error {}

/** Colour on a terminal unless NO_COLOR is set; --color/--no-color and FORCE_COLOR decide first. */
export function useColor(stream: NodeJS.WriteStream, flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  // Set but empty means unset, as for NO_COLOR (CI templates often write FORCE_COLOR: '').
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0') return true;
  return Boolean(stream.isTTY) && process.env.TERM !== 'dumb';
}
