// Holds the classifier's agreement with the hand-labeled dataset (test/data/catalog: 264 real MCP
// servers from npm) at the level reached, on the whole set and on the servers held out of tuning
// (labels.json `_heldOut`), and prints the figures: agreement, per category, confusion, misses.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CATEGORIES, DATA_DIR, computeAccuracy, formatAccuracy, heldOutServers } from '../bench/catalog-accuracy.ts';

/**
 * Agreement on the whole set when last measured: 7550 of 7784 (96.99%) with round 25 just collected and measured once
 * (151 tools at 94.7%); 7407 of 7633 (97.04%) after round 24 joined tuning (7378, 96.66%, with round 24 just measured); 7167 of 7377 (97.15%) after round 23 joined tuning (7130, 96.65%, with round 23 just measured); 6784 of 6973 (97.29%) after round 22 joined tuning. It stays 96, not 97: 97 would need the whole set at
 * 98% (one point of margin); it is the whole-set figure rounded down less 1, below TUNING_FLOOR: the whole set takes in each new held-out round as it is collected (first measurements
 * were 85-92%), and a round as large as round 21 sinks it by a point or more before it is tuned on. The tuning part
 * is held at TUNING_FLOOR.
 */
const AGREEMENT_FLOOR = 96;
/**
 * Agreement on the tuning part (the whole set less `_heldOut`; the whole set while it is empty): 97.04% after
 * round 24 joined tuning (7407 of 7633), rounded down. It was 97 with rounds 1-23 (97.15% after round 23 joined
 * tuning), 97 with rounds 1-22 (97.29% after round 22 joined tuning), 97 with rounds 1-21 (97.59% after round 21 joined tuning), 98 with rounds 1-20 (98.13% after round 20 joined
 * tuning), 98 with rounds 1-19 (98.06%), 98 with rounds 1-18 (98.35%), 97 after round 18 first joined tuning
 * (97.85%), 98 before (rounds 1-17, 98.24%).
 */
const TUNING_FLOOR = 97;
/**
 * A held-out part (labels.json `_heldOut`, labeled and committed before the classifier ran on it) must
 * not score below the last round's first measurement, rounded down: round 25, 143 of 151 (94.7%) overall;
 * Execute 11/12 (91.7%), Destructive 5/5 (100%), Financial 31/34 (91.2%). (Round 24: 82.4%; Execute 45.0%,
 * Destructive 100%, Financial 70.0%. Round 23: 85.6%; 68.0%, 89.5%, 73.5%.) Issue 14's goal is 92 overall and
 * 85 on each at a round's first measurement: round 25 is the first round to meet it (round 17 passed but for
 * Execute, one tool short); it is small (Execute 12 tools, Destructive 5), and over all 25 rounds the first
 * measurements pool to 86.6%. The goal itself is asserted below while round 25 is the held-out part. A category a part lacks (round 18 had no Financial tool) has no floor.
 */
const HELD_OUT_FLOOR = 94;
const HELD_OUT_CATEGORY_FLOORS = { Execute: 91, Destructive: 100, Financial: 91 } as const;
/** Issue 14's goal for a held-out part at its first measurement: overall, and each of Execute, Destructive, Financial. */
const GOAL_OVERALL = 92;
const GOAL_CATEGORY = 85;

test(`the classifier agrees with the hand labels on at least ${AGREEMENT_FLOOR}% of the dataset's tools`, () => {
  const a = computeAccuracy();
  console.log(formatAccuracy(a));
  assert.deepEqual(a.unlabeled, [], 'every collected tool has a hand label');
  assert.ok(a.tools >= 7784, `the dataset has ${a.tools} labeled tools`);
  assert.ok(a.servers.length >= 264, `the dataset has ${a.servers.length} servers`);
  assert.ok(a.agreement >= AGREEMENT_FLOOR, `agreement fell to ${a.agreement.toFixed(1)}%:\n${a.misses.map((m) => `${m.tool}: labeled ${m.labeled}, predicted ${m.predicted}`).join('\n')}`);
  for (const c of CATEGORIES) assert.ok(a.perCategory[c].tools > 0, `the dataset has ${c} tools`);
});

test(`on servers it was never tuned on (when a held-out part exists), it agrees on at least ${HELD_OUT_FLOOR}%`, () => {
  const held = heldOutServers();
  if (held.length === 0) {
    // Every measured round has joined tuning: the notes must then say so and keep each round's first figure.
    const notes = (JSON.parse(readFileSync(path.join(DATA_DIR, 'labels.json'), 'utf8')) as { _notes: string[] })._notes;
    assert.match(notes.at(-1) ?? '', /no held-out part now \(_heldOut is empty\)/);
    for (const round of [8, 9]) assert.ok(notes.some((n) => n.startsWith(`Held-out round ${round} measured once`)), `round ${round}'s first measurement is recorded`);
    assert.ok(notes.some((n) => n.startsWith('Held-out rounds 10 and 11 measured once')), "rounds 10 and 11's first measurement is recorded");
    assert.ok(notes.some((n) => n.startsWith('Held-out round 12 measured once')), "round 12's first measurement is recorded");
    assert.ok(notes.some((n) => n.startsWith('Held-out round 13 measured once')), "round 13's first measurement is recorded");
    assert.ok(notes.some((n) => n.startsWith('Held-out round 14 measured once')), "round 14's first measurement is recorded");
    assert.ok(notes.some((n) => n.startsWith('Held-out round 15 measured once')), "round 15's first measurement is recorded");
    assert.ok(notes.some((n) => n.startsWith('Held-out round 16 measured once')), "round 16's first measurement is recorded");
    assert.ok(notes.some((n) => n.startsWith('Held-out round 17 measured once')), "round 17's first measurement is recorded");
    assert.ok(notes.some((n) => n.startsWith('Held-out round 18 measured once')), "round 18's first measurement is recorded");
    assert.ok(notes.some((n) => n.startsWith('Held-out round 19 measured once')), "round 19's first measurement is recorded");
    assert.ok(notes.some((n) => n.startsWith('Held-out round 20 measured once')), "round 20's first measurement is recorded");
    assert.ok(notes.some((n) => n.startsWith('Held-out round 21 measured once')), "round 21's first measurement is recorded");
    assert.ok(notes.some((n) => n.startsWith('Held-out round 22 measured once')), "round 22's first measurement is recorded");
    assert.ok(notes.some((n) => n.startsWith('Held-out round 23 measured once')), "round 23's first measurement is recorded");
    assert.ok(notes.some((n) => n.startsWith('Held-out round 24 measured once')), "round 24's first measurement is recorded");
    assert.ok(notes.some((n) => n.startsWith('Held-out round 25 measured once')), "round 25's first measurement is recorded");
    // The tuning part is then the whole set, and is held at its own floor.
    const whole = computeAccuracy(undefined, 'tuning');
    assert.equal(whole.tools, computeAccuracy().tools, 'with no held-out part, the tuning part is the whole set');
    assert.ok(whole.agreement >= TUNING_FLOOR, `tuning-part agreement fell to ${whole.agreement.toFixed(1)}%`);
    return;
  }
  assert.ok(held.length >= 2, `held out: ${held.join(', ')}`);
  const a = computeAccuracy(undefined, 'held-out');
  console.log(formatAccuracy(a));
  assert.deepEqual(a.servers.map((s) => s.server).sort(), [...held].sort(), 'every held-out server has its tool list and labels');
  assert.ok(a.agreement >= HELD_OUT_FLOOR, `held-out agreement fell to ${a.agreement.toFixed(1)}%:\n${a.misses.map((m) => `${m.tool}: labeled ${m.labeled}, predicted ${m.predicted}`).join('\n')}`);
  for (const [c, floor] of Object.entries(HELD_OUT_CATEGORY_FLOORS) as [keyof typeof HELD_OUT_CATEGORY_FLOORS, number][]) {
    const k = a.perCategory[c];
    if (k.tools === 0) continue; // none in this part (round 18 has no Financial tool): nothing to hold
    assert.ok((100 * k.agreed) / k.tools >= floor, `held-out ${c} fell to ${k.agreed}/${k.tools}`);
  }
  // Issue 14's goal, on the held-out part as the classifier first met it (round 25): 92 overall, 85 on each risky category.
  assert.ok(a.agreement >= GOAL_OVERALL, `held-out part below issue 14's goal: ${a.agreement.toFixed(1)}%`);
  for (const c of ['Execute', 'Destructive', 'Financial'] as const) {
    const k = a.perCategory[c];
    assert.ok(k.tools > 0 && (100 * k.agreed) / k.tools >= GOAL_CATEGORY, `held-out ${c} below issue 14's goal: ${k.agreed}/${k.tools}`);
  }
  const rest = computeAccuracy(undefined, 'tuning');
  assert.equal(rest.tools + a.tools, computeAccuracy().tools, 'held-out and tuning parts split the whole set');
  assert.ok(rest.agreement >= TUNING_FLOOR, `tuning-part agreement fell to ${rest.agreement.toFixed(1)}%`);
});
