import type { Clock } from '../shared/clock.ts';
import type { IdGenerator } from '../shared/ids.ts';

export interface Organization {
  id: string;
  name: string;
  createdAt: Date;
}

export interface OrganizationStore {
  findOrCreateByName(name: string, candidate: { id: string; createdAt: Date }): Promise<Organization>;
  findById(id: string): Promise<Organization | null>;
}

export const DEFAULT_ORGANIZATION = 'default';

export function createOrganizationService(deps: { store: OrganizationStore; ids: IdGenerator; clock: Clock }) {
  return {
    ensure(name: string): Promise<Organization> {
      return deps.store.findOrCreateByName(name, { id: deps.ids.uuid(), createdAt: deps.clock.now() });
    },
    get: (id: string) => deps.store.findById(id),
  };
}

export type OrganizationService = ReturnType<typeof createOrganizationService>;
