import { describe, expect, it } from 'vitest';
import { InvalidCursorError, StoreUnavailableError } from '../storage/store-errors.ts';
import { toErrorResponse } from './error-response.ts';

describe('toErrorResponse', () => {
  it('answers a cursor the store did not issue as the client error it is', () => {
    expect(toErrorResponse(new InvalidCursorError())).toEqual({
      status: 400,
      headers: {},
      body: {
        error: 'Invalid cursor',
        code: 'VALIDATION_ERROR',
        details: { in: 'query', issues: [{ path: 'query.cursor', message: 'is not a cursor this list issued' }] },
      },
    });
  });

  it('answers an unavailable store with 503 and Retry-After, and anything unexpected with a bare 500', () => {
    expect(toErrorResponse(new StoreUnavailableError())).toMatchObject({ status: 503, headers: { 'retry-after': '2' }, body: { code: 'SERVICE_UNAVAILABLE' } });
    expect(toErrorResponse(new Error('secret internals'))).toEqual({
      status: 500,
      headers: {},
      body: { error: 'Internal server error', code: 'INTERNAL_ERROR' },
    });
  });
});
