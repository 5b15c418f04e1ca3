// The Temporal client other deployables use (dispatcher, web): one lazily connected
// Connection per address, reused for the life of the process — never one per request.
import { Client, Connection } from "@temporalio/client";

const connections = new Map<string, Connection>();
const clients = new Map<string, Client>();

/**
 * Returns the cached client for (address, namespace). `Connection.lazy` opens the gRPC
 * channel on first use, so calling this costs nothing and a Temporal server that is still
 * starting only fails the calls made before it is up, not the process.
 */
export function getTemporalClient(options: { address: string; namespace: string }): Client {
  const key = `${options.address}/${options.namespace}`;
  const cached = clients.get(key);
  if (cached) return cached;
  let connection = connections.get(options.address);
  if (!connection) {
    connection = Connection.lazy({ address: options.address });
    connections.set(options.address, connection);
  }
  const client = new Client({ connection, namespace: options.namespace });
  clients.set(key, client);
  return client;
}

/** Closes every cached connection (process shutdown, test teardown). */
export async function closeTemporalClients(): Promise<void> {
  const open = [...connections.values()];
  connections.clear();
  clients.clear();
  await Promise.all(open.map((connection) => connection.close()));
}
