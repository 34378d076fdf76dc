// A task made by createUpload, failed and started again after SMH forgot it: it fails `TaskGone`
// (only resumeUpload's `restartIfGone` begins again), so no second upload starts unasked.
import { describe, expect, it } from 'vitest';
import { harness } from './support/setup';
import { cosError } from './support/fakeSmh';

describe('a created upload started again after SMH forgot its task', () => {
  it('fails TaskGone and begins no second upload', async () => {
    const h = harness();
    let puts = 0;
    h.smh.partFault = () => (++puts === 3 ? cosError(400, 'InvalidArgument') : undefined);
    const task = h.upload();
    task.start();
    const failed = await h.run(task);
    expect(failed.state).toBe('failed');
    h.smh.tasks.delete(failed.confirmKey as string);
    task.start();
    const again = await h.run(task);
    expect(again.state).toBe('failed');
    expect(again.error).toMatchObject({ code: 'TaskGone' });
    expect(h.smh.callsOf('beginUpload')).toHaveLength(1);
  });
});
