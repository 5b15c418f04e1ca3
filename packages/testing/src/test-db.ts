// The test database alone: most integration tests need only this, and importing it spares them
// test-caller.ts's load of the whole app router (≈ 3 s of CPU per test file).
import { createDb } from "@mailstream/db/client";
import { testEnv } from "./test-env";

export function testDb() {
  return createDb(testEnv().databaseUrl).db;
}
