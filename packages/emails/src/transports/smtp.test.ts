// The SMTP transport against a real SMTP server on localhost (smtp-server): the delivered
// MIME has both parts, the List-Unsubscribe headers and the key-derived Message-ID.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboundGuard } from "@mailstream/net";
import { messageIdFromKey } from "./smtp";
import { createTransportFromSettings } from "./from-settings";
import { sealSecret } from "./secret-box";
import { createTransport, PermanentSendError, type OutgoingEmail } from "./index";

const received: string[] = [];
let server: SMTPServer;
let smtpUrl: string;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith("gone@"))
        return callback(Object.assign(new Error("mailbox unavailable"), { responseCode: 550 }));
      if (address.address.startsWith("busy@"))
        return callback(Object.assign(new Error("try again later"), { responseCode: 451 }));
      callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push(Buffer.concat(chunks).toString("utf8"));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const email: OutgoingEmail = {
  idempotencyKey: "run-1:email-welcome",
  from: "Mailstream Demo <demo@mailstream.test>",
  to: "ada@mailstream.test",
  subject: "Welcome",
  html: "<p>Hi <b>Ada</b></p>",
  text: "Hi Ada",
  headers: {
    "Message-ID": "<other@mailstream.test>",
    "List-Unsubscribe": "<https://ms.test/unsubscribe/tok>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  },
};

describe("smtp transport", () => {
  it("delivers multipart MIME with our headers and a Message-ID derived from the idempotency key", async () => {
    const transport = createTransport("smtp", { smtpUrl });
    const result = await transport.send(email);
    const expectedId = messageIdFromKey(email.idempotencyKey, email.from);
    expect(result).toEqual({ providerMessageId: expectedId });
    expect(expectedId).toBe(`<${Buffer.from("run-1:email-welcome").toString("base64url")}@mailstream.test>`);
    const mime = received.at(-1) as string;
    expect(mime).toMatch(/Content-Type: multipart\/alternative/i);
    expect(mime).toMatch(/Content-Type: text\/plain/i);
    expect(mime).toMatch(/Content-Type: text\/html/i);
    expect(mime).toContain("List-Unsubscribe: <https://ms.test/unsubscribe/tok>");
    expect(mime).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect(mime).toContain(`Message-ID: ${expectedId}`);
    expect(mime).not.toContain("other@mailstream.test");
    // A retry carries the same Message-ID.
    await transport.send(email);
    expect(received.at(-1)).toContain(`Message-ID: ${expectedId}`);
  });

  it("treats a 5xx refusal as permanent and a 4xx or a dead server as retryable", async () => {
    const transport = createTransport("smtp", { smtpUrl });
    await expect(transport.send({ ...email, to: "gone@mailstream.test" })).rejects.toBeInstanceOf(PermanentSendError);
    const busy = await transport.send({ ...email, to: "busy@mailstream.test" }).catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(Error);
    expect(busy).not.toBeInstanceOf(PermanentSendError);
    const dead = createTransport("smtp", { smtpUrl: "smtp://127.0.0.1:1" });
    const refused = await dead.send(email).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Error);
    expect(refused).not.toBeInstanceOf(PermanentSendError);
  });
});

describe("smtp transport from workspace settings (a host a member typed)", () => {
  const secret = "smtp-guard-test-secret-0123";
  const settings = (host: string) => ({
    kind: "smtp" as const,
    host,
    port: (server.server.address() as AddressInfo).port,
    secure: false,
    user: "u",
    password: sealSecret(secret, "p"),
  });

  it.each(["127.0.0.1", "localhost", "2130706433", "0177.0.0.1", "::ffff:127.0.0.1"])(
    "never opens a socket to %s: nodemailer's connection goes through the checked lookup",
    async (host) => {
      const before = received.length;
      const transport = createTransportFromSettings(settings(host), secret, createOutboundGuard());
      const sending = transport.send(email);
      await expect(sending).rejects.toBeInstanceOf(PermanentSendError);
      await expect(sending).rejects.toThrow(/refused to connect to .*(127\.0\.0\.1|::1).*loopback/);
      expect(received.length).toBe(before);
    },
  );

  it("delivers to a private host the instance allow-list names", async () => {
    const before = received.length;
    const transport = createTransportFromSettings(
      { ...settings("localhost"), user: null, password: null },
      secret,
      createOutboundGuard({ allow: "127.0.0.1, ::1" }),
    );
    await expect(transport.send(email)).resolves.toMatchObject({ providerMessageId: expect.any(String) });
    expect(received.length).toBe(before + 1);
  });
});
