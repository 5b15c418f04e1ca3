// The two ways a guarded outbound request fails. `permanent` tells callers with retries
// (Temporal activities, the send path) whether trying again could help.
export class OutboundError extends Error {
  override name = "OutboundError";
  constructor(
    message: string,
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The target resolved to an address the server may not reach; the message names it. */
export class OutboundRefusedError extends OutboundError {
  override name = "OutboundRefusedError";
  constructor(
    readonly host: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(
      host === address
        ? `refused to connect to ${address} (${reason}); an operator can allow it with MAILSTREAM_OUTBOUND_ALLOW`
        : `refused to connect to ${host}: it resolves to ${address} (${reason}); an operator can allow it with MAILSTREAM_OUTBOUND_ALLOW`,
      true,
    );
  }
}
