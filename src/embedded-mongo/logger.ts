// The logger shape the gateway passes in (pino-compatible); defaults to silence so
// tests and library users are not spammed.
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
