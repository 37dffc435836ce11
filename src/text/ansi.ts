import { MappedText, type Piece } from './mapped-text.js';

// CSI and OSC sequences as IPython writes them into tracebacks (colour codes, hyperlinks).
const ANSI_PATTERN = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;

/** Removes ANSI escape sequences, keeping the way back to the file for what remains. */
export function stripAnsi(input: MappedText): MappedText {
  if (!input.text.includes('\u001b')) return input;
  const kept: string[] = [];
  // keptStarts[k] = index in the stripped text where kept run k starts; runSources[k] = its index in input.
  const keptStarts: number[] = [];
  const runSources: number[] = [];
  let last = 0;
  let strippedLength = 0;
  for (const match of input.text.matchAll(ANSI_PATTERN)) {
    const at = match.index;
    if (at > last) {
      keptStarts.push(strippedLength);
      runSources.push(last);
      kept.push(input.text.slice(last, at));
      strippedLength += at - last;
    }
    last = at + match[0].length;
  }
  if (last < input.text.length) {
    keptStarts.push(strippedLength);
    runSources.push(last);
    kept.push(input.text.slice(last));
    strippedLength += input.text.length - last;
  }
  const piece: Piece = {
    start: 0,
    length: strippedLength,
    toRaw(i) {
      let low = 0;
      let high = keptStarts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (keptStarts[mid]! <= i) low = mid;
        else high = mid - 1;
      }
      if (keptStarts.length === 0) return input.rawOffset(0);
      return input.rawOffset(runSources[low]! + (i - keptStarts[low]!));
    },
  };
  return new MappedText(kept.join(''), [piece]);
}
