// The client's address, for the audit log and the security log. X-Forwarded-For is written by
// whoever sent the request, so its first hop is believed only when the instance says a proxy it
// controls sets it (MAILSTREAM_TRUST_PROXY). Otherwise X-Real-IP is used when it holds an
// address, and anything that is not one is recorded as unknown (null) rather than guessed.
import { isIP } from "node:net";

function asAddress(value: string | null | undefined): string | null {
  const candidate = value?.trim();
  return candidate && isIP(candidate) ? candidate : null;
}

export function clientAddress(headers: Headers | undefined, options: { trustProxy: boolean }): string | null {
  if (!headers) return null;
  if (options.trustProxy) {
    const firstHop = asAddress(headers.get("x-forwarded-for")?.split(",")[0]);
    if (firstHop) return firstHop;
  }
  return asAddress(headers.get("x-real-ip"));
}
