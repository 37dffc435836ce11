import { isMap, isScalar } from 'yaml';
import type { FixPass, PassResult } from './fix-types.js';
import { isCheckout, pairOf } from './workflow-model.js';
import { parentIndex } from './yaml-text.js';

// Fix (4): actions/checkout writes the job's token into .git/config unless told not to, where every later
// step (and anything that uploads the workspace) can read it. Every checkout gets `persist-credentials: false`.

export const fixCheckoutCredentials: FixPass = (workflow, yaml) => {
  const result: PassResult = { edits: [], changes: [], notes: [] };
  const parents = parentIndex(workflow.document);
  for (const job of workflow.jobs) {
    for (const step of job.steps) {
      if (!isCheckout(step)) continue;
      const withPair = pairOf(step.map, 'with');
      const withMap = withPair?.value;
      if (isMap(withMap) && withMap.items.length > 0) {
        const persist = pairOf(withMap, 'persist-credentials');
        if (persist) {
          const value = persist.value;
          if (isScalar(value) && (value.value === false || String(value.value).trim().toLowerCase() === 'false')) continue;
          if (!isScalar(value)) continue;
          result.edits.push(yaml.setScalar(value, false, parents.get(persist)?.flow === true));
        } else {
          result.edits.push(yaml.appendEntries(withMap, [['persist-credentials', false]]));
        }
      } else if (withPair) {
        result.edits.push(yaml.replacePair(step.map, withPair, 'with', [['persist-credentials', false]]));
      } else {
        result.edits.push(yaml.appendEntries(step.map, [['with', [['persist-credentials', false]]]]));
      }
      result.changes.push({
        kind: 'checkout-credentials',
        description: 'actions/checkout no longer leaves the job token in .git/config for later steps to read (persist-credentials: false); a step that pushes must now authenticate itself.',
        addresses: [step.path, `${step.path}.uses`, `${step.path}.with`, `${step.path}.with.persist-credentials`],
        shows: [step.path],
      });
    }
  }
  return result;
};
