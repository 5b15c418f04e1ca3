// The Resend transport through the official SDK against a local node:http stand-in that
// records requests: Idempotency-Key, payload, base URL, and how statuses map to retries.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboundGuard } from "@mailstream/net";
import { createTransport, PermanentSendError, RetryableSendError, type OutgoingEmail } from "./index";
import { createResendTransport } from "./resend";

type Recorded = {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
};
const requests: Recorded[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      const to = (body.to as string[] | undefined)?.[0] ?? "";
      const [status, payload] = to.startsWith("invalid@")
        ? [422, { statusCode: 422, name: "validation_error", message: "Invalid `to` field." }]
        : to.startsWith("limited@")
          ? [429, { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests." }]
          : to.startsWith("broken@")
            ? [500, { statusCode: 500, name: "internal_server_error", message: "boom" }]
            : [200, { id: "re_4a2f0000-0000-4000-8000-000000000001" }];
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const email: OutgoingEmail = {
  idempotencyKey: "run-1:email-welcome",
  from: "Mailstream Demo <demo@mailstream.test>",
  to: "ada@mailstream.test",
  subject: "Welcome",
  html: "<p>Hi</p>",
  text: "Hi",
  headers: {
    "List-Unsubscribe": "<https://ms.test/unsubscribe/tok>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  },
};

describe("resend transport", () => {
  it("posts to the configured base URL with our idempotency key and returns Resend's id", async () => {
    const transport = createTransport("resend", { resendApiKey: "re_test_key", resendBaseUrl: `${baseUrl}/` });
    await expect(transport.send(email)).resolves.toEqual({
      providerMessageId: "re_4a2f0000-0000-4000-8000-000000000001",
    });
    const request = requests.at(-1) as Recorded;
    expect(request.method).toBe("POST");
    expect(request.url).toBe("/emails");
    expect(request.headers["idempotency-key"]).toBe("run-1:email-welcome");
    expect(request.headers.authorization).toBe("Bearer re_test_key");
    expect(request.body).toMatchObject({
      from: email.from,
      to: ["ada@mailstream.test"],
      subject: "Welcome",
      html: "<p>Hi</p>",
      text: "Hi",
      headers: email.headers,
    });
  });

  it("maps 4xx to permanent, and 429, 5xx and network failures to retryable", async () => {
    const transport = createTransport("resend", { resendApiKey: "re_test_key", resendBaseUrl: baseUrl });
    await expect(transport.send({ ...email, to: "invalid@mailstream.test" })).rejects.toBeInstanceOf(
      PermanentSendError,
    );
    await expect(transport.send({ ...email, to: "limited@mailstream.test" })).rejects.toBeInstanceOf(
      RetryableSendError,
    );
    await expect(transport.send({ ...email, to: "broken@mailstream.test" })).rejects.toBeInstanceOf(RetryableSendError);
    const offline = createTransport("resend", { resendApiKey: "re_test_key", resendBaseUrl: "http://127.0.0.1:1" });
    await expect(offline.send(email)).rejects.toBeInstanceOf(RetryableSendError);
  });

  it("refuses a workspace base URL on a private address before the key leaves", async () => {
    const before = requests.length;
    const transport = createResendTransport({ apiKey: "re_secret", baseUrl, outbound: createOutboundGuard() });
    const sending = transport.send(email);
    await expect(sending).rejects.toBeInstanceOf(PermanentSendError);
    await expect(sending).rejects.toThrow(/refused to connect to 127\.0\.0\.1 \(loopback address\)/);
    expect(requests.length).toBe(before);
  });
});
