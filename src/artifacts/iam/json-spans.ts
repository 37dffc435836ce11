import { findNodeAtLocation, type Node } from 'jsonc-parser';
import { escapePointer, type Span } from '../../iam/policy.js';

/** A span finder for policyFromValue over a jsonc-parser tree: exact offsets for each path below `base`. */
export function jsonSpans(root: Node, base: Array<string | number>): (path: Array<string | number>) => Span | undefined {
  return (path) => {
    const full = [...base, ...path];
    const node = findNodeAtLocation(root, full);
    if (!node) return undefined;
    // A property's value node; point at the whole "key": value pair when it is a container, so a finding
    // on a statement starts at its opening brace.
    return { start: node.offset, end: node.offset + node.length, pointer: full.map((part) => `/${escapePointer(String(part))}`).join('') };
  };
}

export function spanOfNode(node: Node, path: Array<string | number>): Span {
  return { start: node.offset, end: node.offset + node.length, pointer: path.map((part) => `/${escapePointer(String(part))}`).join('') };
}
