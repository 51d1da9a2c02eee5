// The package's main entry: the same typed client and webhook verifier as `og-gateway/client`.
// The gateway itself is run with the `og-gateway` command.
export * from './client/index.ts';
