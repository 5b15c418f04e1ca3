// What an integration test reads to reach the shared test stack (set by the vitest
// global setup before any test file runs).
export interface TestEnv {
  databaseUrl: string;
  temporalAddress: string;
  /** Workflow code bundled once per run; pass as `workflowBundle: { codePath }`. */
  workflowBundlePath: string;
}

export function testEnv(): TestEnv {
  const { MAILSTREAM_TEST_DATABASE_URL, MAILSTREAM_TEST_TEMPORAL_ADDRESS, MAILSTREAM_TEST_WORKFLOW_BUNDLE } =
    process.env;
  if (!MAILSTREAM_TEST_DATABASE_URL || !MAILSTREAM_TEST_TEMPORAL_ADDRESS || !MAILSTREAM_TEST_WORKFLOW_BUNDLE) {
    throw new Error(
      "The test stack is not running: run tests through the root vitest config (`npm test` or `pnpm vitest`).",
    );
  }
  return {
    databaseUrl: MAILSTREAM_TEST_DATABASE_URL,
    temporalAddress: MAILSTREAM_TEST_TEMPORAL_ADDRESS,
    workflowBundlePath: MAILSTREAM_TEST_WORKFLOW_BUNDLE,
  };
}
