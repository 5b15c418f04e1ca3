// The socket side of the guard: a `lookup` for net/http/tls that answers only the address the
// guard checked, so the connection goes where the check looked and nowhere else.
import type { LookupFunction } from "node:net";

export type CheckedAddress = { host: string; address: string; family: 4 | 6 };

/** A `lookup` for net/http/tls that answers only the checked address (no second resolution). */
export function pinnedLookup(checked: CheckedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    // Node asks for every address when it races families (autoSelectFamily); give it one.
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (error: null, addresses: Array<{ address: string; family: number }>) => void)(null, [
        { address: checked.address, family: checked.family },
      ]);
    } else {
      callback(null, checked.address, checked.family);
    }
  };
}
