import type { Middleware } from 'koa';
import { notFound, validationError } from '../../domain/errors.ts';

export const PROJECT_HEADER = 'x-origami-project';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `x-origami-project` scopes a request to a project (a child organization) of the
 * key's organization. The gateway has no projects, so every project id is unknown:
 * the header fails closed (a request meant for one tenant must never act on another)
 * instead of being ignored.
 */
export function projectHeader(): Middleware {
  return async (ctx, next) => {
    const raw = ctx.headers[PROJECT_HEADER];
    if (raw !== undefined) {
      const value = Array.isArray(raw) ? raw.join(',') : raw.trim();
      if (!UUID.test(value)) {
        throw validationError(`${PROJECT_HEADER} must be a project id (a UUID)`, {
          in: 'headers',
          issues: [{ path: `headers.${PROJECT_HEADER}`, message: 'must match format "uuid"', keyword: 'format', params: { format: 'uuid' } }],
        });
      }
      throw notFound('PROJECT_NOT_FOUND', `No project ${value} under this organization`);
    }
    await next();
  };
}
