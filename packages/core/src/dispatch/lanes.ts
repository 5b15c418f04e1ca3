// Splits a claimed batch into lanes that may run concurrently while each contact's events
// stay in seq order. A lane is a connected group of identities: an event carrying both a
// userId and an anonymousId (an identify linking a device, a track sent by a logged-in
// browser) or an alias ties its ids together, so an anonymous event and the identify that
// merges it never run at once in different lanes (the merge could miss the anonymous contact
// the other lane is about to create).
import type { EventRow } from "@mailstream/db/queries/events";

function identityKeys(event: EventRow): string[] {
  const keys: string[] = [];
  if (event.userId) keys.push(`${event.workspaceId}:u:${event.userId}`);
  if (event.anonymousId) keys.push(`${event.workspaceId}:a:${event.anonymousId}`);
  const previousId = event.type === "alias" ? event.properties.previousId : undefined;
  // An alias's previousId may be either kind of id.
  if (typeof previousId === "string")
    keys.push(`${event.workspaceId}:u:${previousId}`, `${event.workspaceId}:a:${previousId}`);
  return keys.length > 0 ? keys : [`seq:${event.seq}`];
}

/** Lanes in the order of their first event, each in seq order (the batch is claimed in seq order). */
export function groupIntoLanes(batch: readonly EventRow[]): EventRow[][] {
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    if (!parent.has(key)) parent.set(key, key);
    let root = key;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(key, root); // path shortening: the next lookup is one step
    return root;
  };
  const keysOf = batch.map(identityKeys);
  for (const keys of keysOf) {
    const [first, ...rest] = keys.map(find);
    for (const key of rest) parent.set(key, first!);
  }
  const lanes = new Map<string, EventRow[]>();
  batch.forEach((event, i) => {
    const root = find(keysOf[i]![0]!);
    const lane = lanes.get(root);
    if (lane) lane.push(event);
    else lanes.set(root, [event]);
  });
  return [...lanes.values()];
}
