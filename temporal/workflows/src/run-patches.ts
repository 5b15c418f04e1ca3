// How journeyRun asks its patches (patches.ts). A run started on code with RUN_LEAN_V2_PATCH
// records that one marker and takes every patch before it as applied, so a plain run carries one
// marker instead of four (each a command and a history event on the server). A run recorded
// before it finds no such marker on replay and asks each patch as it always did.
import { patched } from "@temporalio/workflow";
import { PATCHES_IN_RUN_LEAN_V2, RUN_LEAN_V2_PATCH } from "./patches";

export interface RunPatches {
  /** The SDK's `patched` for this run: true without a marker for the patches run-lean-v2 stands for. */
  patched: (id: string) => boolean;
}

/** Asked first, before any command: how this run was started decides every later answer. */
export function askRunPatches(): RunPatches {
  const isLeanV2 = patched(RUN_LEAN_V2_PATCH);
  // Under another name so patches.test.ts reads only the call sites that name their patch.
  const askSdk = patched;
  return { patched: (id) => (isLeanV2 && PATCHES_IN_RUN_LEAN_V2.has(id)) || askSdk(id) };
}
