import { ConfigError, loadConfig } from './config/config.ts';
import { runGateway } from './gateway/run-gateway.ts';
import { createLogger } from './observability/logger.ts';

// `npm start`: configuration from the environment, then the gateway until a signal.
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  const logger = createLogger({ level: config.logLevel });
  const running = await runGateway(config, logger);
  const onSignal = (signal: NodeJS.Signals) => {
    const hardStop = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 5_000);
    hardStop.unref();
    running.shutdown(signal).then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

main().catch((err) => {
  console.error('og-gateway failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
