// The test stack's outbound guard: the real guard with the instance allow-list a self-hoster
// would set for targets on this machine (local HTTP and SMTP servers). Tests use it instead of
// turning the guard off, so the refusal path stays exercised everywhere else.
import { createOutboundGuard } from "@mailstream/net";

export const TEST_OUTBOUND_ALLOW = "127.0.0.0/8, ::1, localhost";

export const testOutbound = createOutboundGuard({ allow: TEST_OUTBOUND_ALLOW });
