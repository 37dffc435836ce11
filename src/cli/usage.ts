/** A mistake in how the command was called: exit status 2 with a one-line message. */
export class UsageError extends Error {}

/** Colour on a terminal unless NO_COLOR is set; --color/--no-color and FORCE_COLOR decide first. */
export function useColor(stream: NodeJS.WriteStream, flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && process.env.TERM !== 'dumb';
}
