import { describe, expect, it } from "vitest";
import { clientAddress, clientAddressKey, PEER_ADDRESS_HEADER } from "./client-address";

const request = (headers: Record<string, string>) => new Headers(headers);

describe("clientAddress", () => {
  it("facing clients directly, is the socket's address and ignores what the client wrote", () => {
    const headers = request({
      [PEER_ADDRESS_HEADER]: "198.51.100.4",
      "x-forwarded-for": "10.1.1.1",
      "x-real-ip": "10.2.2.2",
    });
    expect(clientAddress(headers, 0)).toBe("198.51.100.4");
  });

  it("counts an IPv4 client on a dual-stack socket as its IPv4 address", () => {
    expect(clientAddress(request({ [PEER_ADDRESS_HEADER]: "::ffff:198.51.100.4" }), 0)).toBe("198.51.100.4");
    expect(clientAddress(request({ [PEER_ADDRESS_HEADER]: "2001:db8::1" }), 0)).toBe("2001:db8::1");
  });

  it("behind N trusted proxies, is the hop the outermost one appended, never a hop the client wrote", () => {
    const forged = "203.0.113.66, 198.51.100.4";
    expect(clientAddress(request({ [PEER_ADDRESS_HEADER]: "10.0.0.2", "x-forwarded-for": forged }), 1)).toBe(
      "198.51.100.4",
    );
    const twoProxies = "203.0.113.66, 198.51.100.4, 10.0.0.3";
    expect(clientAddress(request({ [PEER_ADDRESS_HEADER]: "10.0.0.2", "x-forwarded-for": twoProxies }), 2)).toBe(
      "198.51.100.4",
    );
  });

  it("without a forwarded chain behind a proxy, falls back to the socket; junk is unknown", () => {
    expect(clientAddress(request({ [PEER_ADDRESS_HEADER]: "10.0.0.2" }), 1)).toBe("10.0.0.2");
    expect(clientAddress(request({ [PEER_ADDRESS_HEADER]: "10.0.0.2", "x-forwarded-for": "not-an-ip" }), 1)).toBeNull();
    expect(clientAddress(request({}), 0)).toBeNull();
    expect(clientAddress(undefined, 0)).toBeNull();
    expect(clientAddressKey(request({ "x-forwarded-for": "198.51.100.4" }), 0)).toBe("unknown");
  });
});
