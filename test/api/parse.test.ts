// parseUploadTaskStatus: the public, zod-free way to check a status reply a user holds as JSON.
import { describe, expect, it } from 'vitest';
import { SmhResponseError } from '../../src/api/errors';
import { parseUploadTaskStatus } from '../../src/index';
import { makeUploadTaskStatus } from '../fixtures/smh';

describe('parseUploadTaskStatus', () => {
  it('returns a valid reply as UploadTaskStatus, from parsed JSON or its text', () => {
    const status = makeUploadTaskStatus();
    expect(parseUploadTaskStatus(structuredClone(status))).toEqual(status);
    expect(parseUploadTaskStatus(JSON.stringify(status))).toEqual(status);
  });

  it('throws SmhResponseError naming the first field it cannot read', () => {
    const bad = { ...makeUploadTaskStatus(), confirmed: 'yes' };
    const error = (() => {
      try {
        parseUploadTaskStatus(bad);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SmhResponseError);
    expect((error as SmhResponseError).field).toBe('confirmed');
    expect((error as SmhResponseError).message).toContain('confirmed');
  });

  it('throws SmhResponseError for text that is not JSON, and for no body', () => {
    expect(() => parseUploadTaskStatus('<html>')).toThrow(SmhResponseError);
    expect(() => parseUploadTaskStatus(undefined)).toThrow(SmhResponseError);
  });

  it('reports undefined as an empty body, in the words the client uses for a status reply, with no URL', () => {
    expect(() => parseUploadTaskStatus(undefined)).toThrow('SMH returned 200 for GET upload status, but the body is empty.');
    expect(() => parseUploadTaskStatus('{')).toThrow(expect.objectContaining({ url: '', method: 'GET', status: 200 }));
  });
});
