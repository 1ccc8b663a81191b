// Holds the second, independent labeling of a sample of rounds 19-22 to the hand labels: every
// tool it names is labeled in labels.json, and the two labelers agree on at least AGREEMENT_FLOOR
// percent. When first measured (2026-12-02): 232 of 240 (96.7%); Execute 37/40, Destructive 39/39,
// Financial 40/41. A relabeled tool that moves this is a change to look at, not noise.
import assert from 'node:assert/strict';
import test from 'node:test';
import { computeAgreement, formatAgreement } from '../bench/labeler-agreement.ts';

const AGREEMENT_FLOOR = 96;

test(`two independent labelers agree on at least ${AGREEMENT_FLOOR}% of the sample`, () => {
  const a = computeAgreement();
  console.log(formatAgreement(a));
  assert.deepEqual(a.unknown, [], 'every tool of the second labeling is labeled in labels.json');
  assert.equal(a.tools, 240);
  assert.ok((100 * a.agreed) / a.tools >= AGREEMENT_FLOOR, `agreement fell to ${a.agreed}/${a.tools}`);
});
