// Ports for tests, so test files reach runtime's port helpers through @mailstream/testing (a
// package that depends on runtime) instead of depending on @mailstream/runtime themselves.
//   import { findFreePort } from "@mailstream/testing/ports";
//   const deadAddress = `127.0.0.1:${await findFreePort()}`; // nothing listens there
import { findFreePort as findFreeRuntimePort } from "@mailstream/runtime/ports";

/** A TCP port on 127.0.0.1 that was free a moment ago (nothing listens on it). */
export function findFreePort(): Promise<number> {
  return findFreeRuntimePort();
}
