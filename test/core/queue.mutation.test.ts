import { describe, expect, it } from 'vitest';
import { createUploadQueue } from '../../src/core/queue';

describe('UploadQueue.setConcurrency', () => {
  it('names itself when the concurrency it is given is not a whole number of at least 1', () => {
    const queue = createUploadQueue();
    expect(() => queue.setConcurrency(0)).toThrow(new TypeError('UploadQueue.setConcurrency: concurrency must be a whole number of at least 1, got 0.'));
  });
});
