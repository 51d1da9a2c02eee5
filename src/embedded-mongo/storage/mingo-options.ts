// Shared mingo settings. Server-side JavaScript ($where, $function, $accumulator) is
// disabled: the server shares the gateway's process, so a query must never run code.
export const MINGO_OPTIONS = { scriptEnabled: false } as const;
