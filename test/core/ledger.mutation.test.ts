// The part ledger's progress figures: late or repeated transport reports do not move a part back or
// wake listeners, and a fresh ledger has nothing to send.
import { describe, expect, it } from 'vitest';
import { PartLedger } from '../../src/core/engine/ledger';

function sendingLedger() {
  let changes = 0;
  const ledger = new PartLedger(300, () => {
    changes += 1;
  });
  ledger.apply([
    { number: 1, offset: 0, size: 200 },
    { number: 2, offset: 200, size: 100 },
  ]);
  ledger.markSending(1);
  return { ledger, changes: () => changes };
}

describe('part progress', () => {
  it('ignores a report of fewer bytes than already reported: the part and the sent count stay', () => {
    const { ledger } = sendingLedger();
    ledger.progress(1, 150);
    ledger.progress(1, 90);
    expect(ledger.part(1).sentBytes).toBe(150);
    expect(ledger.sentBytes).toBe(150);
    expect(ledger.inflightBytes).toBe(150);
  });

  it('does not tell listeners, nor make a new parts list, when the same count is reported again', () => {
    const { ledger, changes } = sendingLedger();
    ledger.progress(1, 150);
    const before = { parts: ledger.parts, changes: changes() };
    ledger.progress(1, 150);
    expect(changes()).toBe(before.changes);
    expect(ledger.parts).toBe(before.parts);
  });
});

describe('a new ledger', () => {
  it('has no parts and nothing to send before a plan is laid out', () => {
    const ledger = new PartLedger(0, () => {});
    expect(ledger.parts).toEqual([]);
    expect(ledger.unstored()).toEqual([]);
  });
});
