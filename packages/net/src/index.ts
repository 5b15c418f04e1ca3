// @mailstream/net: the one guarded outbound connection (guard.ts) and what it is made of.
export { createOutboundGuard, type OutboundGuard, type OutboundGuardOptions, type ResolveName } from "./guard";
export type { CheckedAddress } from "./pinned-lookup";
export { OutboundError, OutboundRefusedError } from "./errors";
export type { OutboundRequestInit, OutboundResponse } from "./http-request";
export { parseOutboundAllowList } from "./allow-list";
export { refusalReason } from "./address-policy";
