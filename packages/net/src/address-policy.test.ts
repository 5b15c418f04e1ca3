import { describe, expect, it } from "vitest";
import { parseOutboundAllowList } from "./allow-list";
import { ipv6Groups, refusalReason } from "./address-policy";

describe("refusalReason", () => {
  it.each([
    ["127.0.0.1", "loopback address"],
    ["127.255.0.9", "loopback address"],
    ["0.0.0.0", "unspecified address"],
    ["10.1.2.3", "private address"],
    ["172.31.255.255", "private address"],
    ["192.168.1.1", "private address"],
    ["169.254.169.254", "link-local address"],
    ["100.64.0.1", "carrier-grade NAT address"],
    ["100.127.255.254", "carrier-grade NAT address"],
    ["224.0.0.1", "multicast address"],
    ["255.255.255.255", "reserved address"],
    ["::", "unspecified address"],
    ["::1", "loopback address"],
    ["fd00::1", "unique local address"],
    ["fe80::1", "link-local address"],
    ["ff02::1", "multicast address"],
    ["::ffff:127.0.0.1", "loopback address, as 127.0.0.1"],
    ["::ffff:7f00:1", "loopback address, as 127.0.0.1"],
    ["::ffff:a9fe:a9fe", "link-local address, as 169.254.169.254"],
    ["::127.0.0.1", "loopback address, as 127.0.0.1"],
    ["64:ff9b::a00:1", "private address, as 10.0.0.1"],
    ["2002:c0a8:101::1", "private address, as 192.168.1.1"],
  ])("refuses %s (%s)", (address, reason) => {
    expect(refusalReason(address)).toBe(reason);
  });

  it.each(["93.184.216.34", "8.8.8.8", "100.128.0.1", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8"])(
    "lets the public address %s through",
    (address) => {
      expect(refusalReason(address)).toBeNull();
    },
  );

  it("expands IPv6 with a dotted tail", () => {
    expect(ipv6Groups("::ffff:127.0.0.1")).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    expect(ipv6Groups("2001:db8::1")).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
  });
});

describe("parseOutboundAllowList", () => {
  it("reads CIDRs, addresses and host names", () => {
    const allow = parseOutboundAllowList("10.0.0.0/8, fd00::/8 127.0.0.1,Relay.Internal.");
    expect(allow.addresses.check("10.9.9.9", "ipv4")).toBe(true);
    expect(allow.addresses.check("fd12::1", "ipv6")).toBe(true);
    expect(allow.addresses.check("127.0.0.1", "ipv4")).toBe(true);
    expect(allow.addresses.check("127.0.0.2", "ipv4")).toBe(false);
    expect([...allow.hosts]).toEqual(["relay.internal"]);
    expect(parseOutboundAllowList(undefined).isEmpty).toBe(true);
  });

  it.each(["10.0.0.0/33", "10.0.0.0/x", "http://relay", "relay/8", "a b/c"])(
    "refuses the entry %s, naming it",
    (entry) => {
      expect(() => parseOutboundAllowList(entry)).toThrow(/MAILSTREAM_OUTBOUND_ALLOW: ".*" is/);
    },
  );
});
