export type Scope = 'read' | 'write' | 'admin';

const RANK: Record<Scope, number> = { read: 1, write: 2, admin: 3 };

// admin implies write, write implies read: a key is as strong as its strongest scope.
export function grants(scopes: readonly Scope[], needed: Scope): boolean {
  return scopes.some((s) => RANK[s] >= RANK[needed]);
}
