// One key for every gateway a test starts, in process or as a child: gateways that
// share a database must seal secrets with the same key, exactly as in production.
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 0x5a).toString('base64');
