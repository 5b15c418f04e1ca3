// The guard against a real local HTTP server: every spelling of a loopback or private target is
// refused before a byte is sent, a redirect chain that ends at loopback stops at that hop, and
// the allow-list (not a switch that turns the guard off) is how the allowed path is reached.
import { createServer as createTcpServer, type AddressInfo } from "node:net";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OutboundError, OutboundRefusedError } from "./errors";
import { createOutboundGuard, type ResolveName } from "./guard";

const hits: Array<{ method: string; url: string; headers: IncomingMessage["headers"]; body: string }> = [];
let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = req.url ?? "";
      hits.push({ method: req.method ?? "", url, headers: req.headers, body: Buffer.concat(chunks).toString() });
      const hop = /^\/hop\/(\d+)$/.exec(url);
      if (hop) {
        const left = Number(hop[1]);
        const next = left === 0 ? "/done" : `/hop/${left - 1}`;
        res.writeHead(302, { location: `http://hooks.example.test:${port}${next}` }).end();
      } else if (url === "/to-loopback") res.writeHead(302, { location: `http://127.0.0.1:${port}/secret` }).end();
      else if (url === "/see-other") res.writeHead(303, { location: "/done" }).end();
      else if (url === "/big") res.end("x".repeat(64 * 1024));
      else if (url === "/slow") setTimeout(() => res.end("late"), 2_000);
      else res.end(`ok ${url}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Plays DNS: hooks.example.test is a name that points at this machine, as a rebinding attacker's would. */
function fakeDns(answers: Record<string, string[]>): ResolveName & { calls: string[] } {
  const calls: string[] = [];
  const resolve = (host: string) => {
    calls.push(host);
    const addresses = answers[host];
    if (!addresses) return Promise.reject(Object.assign(new Error("not found"), { code: "ENOTFOUND" }));
    return Promise.resolve(addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })));
  };
  return Object.assign(resolve, { calls });
}

describe("the strict guard (no allow-list)", () => {
  const guard = createOutboundGuard();
  it.each([
    ["127.0.0.1", "127.0.0.1"],
    ["decimal 2130706433", "2130706433"],
    ["octal 0177.0.0.1", "0177.0.0.1"],
    ["hex 0x7f000001", "0x7f000001"],
    ["short 127.1", "127.1"],
    ["localhost", "localhost"],
    ["[::1]", "[::1]"],
    ["[::]", "[::]"],
    ["0.0.0.0", "0.0.0.0"],
    ["[::ffff:127.0.0.1]", "[::ffff:127.0.0.1]"],
    ["[::ffff:7f00:1]", "[::ffff:7f00:1]"],
    ["IPv4-compatible [::127.0.0.1]", "[::127.0.0.1]"],
    ["metadata 169.254.169.254", "169.254.169.254"],
    ["mapped metadata", "[::ffff:169.254.169.254]"],
    ["private 10.0.0.1", "10.0.0.1"],
    ["private 172.16.0.1", "172.16.0.1"],
    ["private 192.168.0.1", "192.168.0.1"],
    ["CGNAT 100.64.0.1", "100.64.0.1"],
    ["ULA [fd00::1]", "[fd00::1]"],
    ["link-local [fe80::1]", "[fe80::1]"],
    ["multicast 224.0.0.1", "224.0.0.1"],
  ])("refuses %s before sending anything", async (_name, host) => {
    const before = hits.length;
    const attempt = guard.request(`http://${host}:${port}/probe`, { method: "POST", body: "{}" });
    await expect(attempt).rejects.toBeInstanceOf(OutboundRefusedError);
    await expect(attempt).rejects.toThrow(/refused to connect to .* address/);
    expect(hits.length).toBe(before);
  });

  it.each(["2130706433", "0177.0.0.1", "localhost", "::ffff:127.0.0.1", "[::1]"])(
    "refuses the bare host %s (an SMTP host field), naming the address",
    async (host) => {
      await expect(guard.check(host)).rejects.toThrow(/127\.0\.0\.1|::1/);
      await expect(guard.openSocket(host, port)).rejects.toBeInstanceOf(OutboundRefusedError);
    },
  );

  it("refuses a name when any of its addresses is private", async () => {
    const guard = createOutboundGuard({
      resolveName: fakeDns({ "mixed.example.test": ["93.184.216.34", "10.0.0.7"] }),
    });
    await expect(guard.check("mixed.example.test")).rejects.toThrow(
      "refused to connect to mixed.example.test: it resolves to 10.0.0.7 (private address)",
    );
  });

  it("refuses non-http URLs and unknown names as permanent errors", async () => {
    await expect(guard.request("file:///etc/passwd")).rejects.toMatchObject({ permanent: true });
    await expect(guard.request("gopher://example.test/")).rejects.toThrow(/not an http or https URL/);
    const dns = createOutboundGuard({ resolveName: fakeDns({}) });
    await expect(dns.request("http://nowhere.example.test/")).rejects.toMatchObject({
      permanent: true,
      message: expect.stringMatching(/could not resolve nowhere.example.test/),
    });
  });
});

describe("the allow-list and redirects", () => {
  it("reaches an allowed address, pinned to the one resolution it checked", async () => {
    const dns = fakeDns({ "hooks.example.test": ["127.0.0.1"] });
    const guard = createOutboundGuard({ allow: "hooks.example.test", resolveName: dns });
    const response = await guard.request(`http://hooks.example.test:${port}/hello`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"a":1}',
    });
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe("ok /hello");
    expect(hits.at(-1)).toMatchObject({ method: "POST", body: '{"a":1}' });
    expect(hits.at(-1)?.headers.host).toBe(`hooks.example.test:${port}`);
    expect(dns.calls).toEqual(["hooks.example.test"]);
  });

  it("follows 3 redirects, checking each hop, and refuses a 4th", async () => {
    const dns = fakeDns({ "hooks.example.test": ["127.0.0.1"] });
    const guard = createOutboundGuard({ allow: "hooks.example.test", resolveName: dns });
    const followed = await guard.request(`http://hooks.example.test:${port}/hop/2`);
    expect(followed).toMatchObject({ status: 200, url: `http://hooks.example.test:${port}/done` });
    expect(dns.calls).toHaveLength(4);
    await expect(guard.request(`http://hooks.example.test:${port}/hop/3`)).rejects.toThrow(
      /redirected more than 3 times/,
    );
  });

  it("stops a redirect chain that ends at loopback, before the last hop is sent", async () => {
    const guard = createOutboundGuard({
      allow: "hooks.example.test",
      resolveName: fakeDns({ "hooks.example.test": ["127.0.0.1"] }),
    });
    const before = hits.filter((hit) => hit.url === "/secret").length;
    await expect(guard.request(`http://hooks.example.test:${port}/to-loopback`)).rejects.toThrow(
      "refused to connect to 127.0.0.1 (loopback address)",
    );
    expect(hits.filter((hit) => hit.url === "/secret").length).toBe(before);
  });

  it("turns a POST into a body-less GET on 303", async () => {
    const guard = createOutboundGuard({ allow: "127.0.0.1/32" });
    const response = await guard.request(`http://127.0.0.1:${port}/see-other`, { method: "POST", body: "x" });
    expect(response.status).toBe(200);
    expect(hits.at(-1)).toMatchObject({ method: "GET", url: "/done", body: "" });
  });

  it("caps the response size and the time", async () => {
    const guard = createOutboundGuard({ allow: "127.0.0.1" });
    await expect(guard.request(`http://127.0.0.1:${port}/big`, { maxResponseBytes: 1024 })).rejects.toThrow(
      /answered more than 1024 bytes/,
    );
    // A caller that needs only the status (a webhook) is not failed by a long answer.
    await expect(
      guard.request(`http://127.0.0.1:${port}/big`, { maxResponseBytes: 1024, readBody: false }),
    ).resolves.toMatchObject({ status: 200, body: Buffer.alloc(0) });
    await expect(guard.request(`http://127.0.0.1:${port}/slow`, { timeoutMs: 200 })).rejects.toMatchObject({
      permanent: false,
      message: expect.stringMatching(/did not answer within the time limit/),
    });
  });

  it("opens a socket to an allowed address and refuses one that is not", async () => {
    const tcp = createTcpServer((socket) => socket.on("error", () => undefined).end("220 hi\r\n"));
    await new Promise<void>((resolve) => tcp.listen(0, "127.0.0.1", resolve));
    const tcpPort = (tcp.address() as AddressInfo).port;
    const guard = createOutboundGuard({ allow: "127.0.0.0/8" });
    const socket = await guard.openSocket("127.0.0.1", tcpPort);
    expect(socket.remoteAddress).toBe("127.0.0.1");
    socket.destroy();
    await expect(guard.openSocket("10.0.0.1", tcpPort)).rejects.toBeInstanceOf(OutboundRefusedError);
    // An operator's own setting (SMTP_URL's host) is allowed by name, on top of the list.
    await expect(createOutboundGuard().alsoAllowing(["localhost"]).check("localhost")).resolves.toMatchObject({
      host: "localhost",
    });
    tcp.close();
  });

  it("is an OutboundError for network failures, which may be retried", async () => {
    const guard = createOutboundGuard({ allow: "127.0.0.1" });
    await expect(guard.request("http://127.0.0.1:1/")).rejects.toMatchObject({ permanent: false });
    await expect(guard.request("http://127.0.0.1:1/")).rejects.toBeInstanceOf(OutboundError);
  });
});
