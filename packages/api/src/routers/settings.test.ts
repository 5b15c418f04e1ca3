// Settings over tRPC against the real Postgres: credentials are stored sealed and never come
// back, a blank secret keeps the stored one, bad input is named, the test email goes through a
// workspace-configured SMTP transport to a local smtp-server, and a server with another
// MAILSTREAM_SECRET fails clearly. Workspace variables (validated keys, printed in templates).
// Topics CRUD with name clashes.
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workspaces } from "@mailstream/db/schema";
import { openSecret } from "@mailstream/emails/transports";
import { createContextFactory } from "../trpc";
import { createWorkspaceCaller, callerWithAuth, testDb, testDeps } from "@mailstream/testing/test-caller";

const SECRET = "settings-test-secret-0123456789";
const received: { to: string; mime: string }[] = [];
const authAttempts: { user: string; password: string }[] = [];
let smtp: SMTPServer;
let smtpPort: number;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(auth, _session, callback) {
      authAttempts.push({ user: auth.username ?? "", password: auth.password ?? "" });
      if (auth.username === "mailer" && auth.password === "s3cret-pass") return callback(null, { user: auth.username });
      callback(new Error("bad credentials"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo[0]?.address ?? "", mime: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

async function settingsCaller(secret: string | undefined = SECRET) {
  const { workspace } = await createWorkspaceCaller();
  const factory = createContextFactory({ ...testDeps(), secret });
  return { workspace, caller: callerWithAuth(`Bearer ${workspace.secretKey}`, factory) };
}

async function storedSettings(workspaceId: string) {
  const [row] = await testDb()
    .select({ settings: workspaces.settings })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return row?.settings;
}

describe("settings router", () => {
  it("seals the SMTP password, never returns it, keeps it on a blank save, and sends the test email through it", async () => {
    const { workspace, caller } = await settingsCaller();
    expect((await caller.settings.get()).transport).toEqual({ kind: "default" });
    const input = {
      kind: "smtp" as const,
      host: "127.0.0.1",
      port: smtpPort,
      secure: false,
      user: "mailer",
      password: "s3cret-pass",
    };
    const saved = await caller.settings.saveTransport(input);
    expect(saved.transport).toEqual({
      kind: "smtp",
      host: "127.0.0.1",
      port: smtpPort,
      secure: false,
      user: "mailer",
      hasPassword: true,
    });
    expect(JSON.stringify(saved)).not.toContain("s3cret-pass");
    const stored = (await storedSettings(workspace.workspaceId))?.transport;
    expect(JSON.stringify(stored)).not.toContain("s3cret-pass");
    expect(stored?.kind === "smtp" && openSecret(SECRET, stored.password as string)).toBe("s3cret-pass");

    await caller.settings.saveTransport({ ...input, password: "" }); // blank = keep
    await caller.senders.add({ value: "acme.test" }); // the default From must be a declared sender
    await caller.settings.saveGeneral({
      trackingEnabled: false,
      defaultFrom: "Acme <news@acme.test>",
      defaultReplyTo: "help@acme.test",
    });
    const result = await caller.settings.sendTest({ to: "ops@mailstream.test" });
    expect(result).toMatchObject({ status: "sent", transport: "smtp" });
    const delivered = received.find((mail) => mail.to === "ops@mailstream.test");
    expect(delivered?.mime).toContain("From: Acme <news@acme.test>");
    expect(delivered?.mime).toContain("Reply-To: help@acme.test");
    expect(delivered?.mime).toContain("Subject: Mailstream test email");
    expect(await caller.settings.get()).toMatchObject({ trackingEnabled: false, defaultFrom: "Acme <news@acme.test>" });
  });

  it("reports a failed test send as data and a wrong MAILSTREAM_SECRET as a clear error", async () => {
    const { workspace, caller } = await settingsCaller();
    await caller.settings.saveTransport({
      kind: "smtp",
      host: "127.0.0.1",
      port: smtpPort,
      secure: false,
      user: "mailer",
      password: "wrong",
    });
    const failed = await caller.settings.sendTest({ to: "ops@mailstream.test" });
    expect(failed).toMatchObject({ status: "failed", transport: "smtp" });

    const other = callerWithAuth(
      `Bearer ${workspace.secretKey}`,
      createContextFactory({ ...testDeps(), secret: "a-different-secret-0123456789" }),
    );
    await expect(other.settings.sendTest({ to: "ops@mailstream.test" })).rejects.toThrow(/MAILSTREAM_SECRET differs/);
    const noSecret = callerWithAuth(`Bearer ${workspace.secretKey}`, createContextFactory(testDeps()));
    await expect(noSecret.settings.saveTransport({ kind: "resend", apiKey: "re_x", baseUrl: "" })).rejects.toThrow(
      /MAILSTREAM_SECRET is not set/,
    );
  });

  it("never lets a stored secret follow a changed SMTP host, port, TLS mode or user, or Resend base URL", async () => {
    const { workspace, caller } = await settingsCaller();
    const account = { kind: "smtp" as const, host: "127.0.0.1", port: smtpPort, secure: false, user: "mailer" };
    for (const change of [{ host: "localhost" }, { port: smtpPort + 1 }, { secure: true }, { user: "other" }]) {
      await caller.settings.saveTransport({ ...account, password: "s3cret-pass" });
      const saved = await caller.settings.saveTransport({ ...account, ...change, password: "" });
      expect(saved.transport).toMatchObject({ kind: "smtp", hasPassword: false });
      const stored = (await storedSettings(workspace.workspaceId))?.transport;
      expect(stored).toMatchObject({ kind: "smtp", password: null });
    }
    // "localhost" is the same server, as an attacker's host would be: no login carries the password.
    await caller.settings.saveTransport({ ...account, password: "s3cret-pass" });
    await caller.settings.saveTransport({ ...account, host: "localhost", password: "" });
    const attemptsBefore = authAttempts.length;
    const result = await caller.settings.sendTest({ to: "moved@mailstream.test" });
    expect(result).toMatchObject({ status: "failed", transport: "smtp" });
    expect(authAttempts.slice(attemptsBefore).map((attempt) => attempt.password)).not.toContain("s3cret-pass");
    // A new secret in the same save is taken, for the new host.
    const renewed = await caller.settings.saveTransport({ ...account, host: "localhost", password: "s3cret-pass" });
    expect(renewed.transport).toMatchObject({ host: "localhost", hasPassword: true });

    const resend = { kind: "resend" as const, baseUrl: "https://api.resend.com" };
    await caller.settings.saveTransport({ ...resend, apiKey: "re_kept_key" });
    const sealedKey = (await storedSettings(workspace.workspaceId))?.transport;
    expect((await caller.settings.saveTransport({ ...resend, apiKey: "" })).transport).toMatchObject({
      hasApiKey: true,
    });
    await expect(
      caller.settings.saveTransport({ kind: "resend", baseUrl: "https://collector.example.test", apiKey: "" }),
    ).rejects.toThrow("The base URL changed, so the stored API key is not sent there: enter the API key again.");
    // Refused whole: the stored key and base URL are as they were.
    expect((await storedSettings(workspace.workspaceId))?.transport).toEqual(sealedKey);
  });

  it("names bad input and requires a Resend key the first time", async () => {
    const { caller } = await settingsCaller();
    await expect(
      caller.settings.saveTransport({ kind: "smtp", host: "smtp://x", port: 0, secure: false, user: "" }),
    ).rejects.toThrow(/SMTP host must be a host name/);
    await expect(caller.settings.saveTransport({ kind: "resend", apiKey: "", baseUrl: "" })).rejects.toThrow(
      /Resend needs an API key/,
    );
    await expect(
      caller.settings.saveGeneral({ trackingEnabled: true, defaultFrom: "nope", defaultReplyTo: "" }),
    ).rejects.toThrow(/must be an address/);
    const resend = await caller.settings.saveTransport({
      kind: "resend",
      apiKey: "re_123",
      baseUrl: "http://127.0.0.1:9/",
    });
    expect(resend.transport).toEqual({ kind: "resend", baseUrl: "http://127.0.0.1:9/", hasApiKey: true });
    expect((await caller.settings.saveTransport({ kind: "default" })).transport).toEqual({ kind: "default" });
  });
});

describe("workspace variables", () => {
  it("saves the link-domain list canonically and names entries that are not domains, saving nothing", async () => {
    const { caller } = await settingsCaller();
    expect((await caller.settings.get()).linkDomains).toEqual([]);
    const saved = await caller.settings.saveLinkDomains({
      domains: [" Shop.Example.test ", "*.partner.test", "shop.example.test", "bücher.test"],
    });
    expect(saved.linkDomains).toEqual(["shop.example.test", "*.partner.test", "xn--bcher-kva.test"]);
    for (const bad of ["https://evil.test", "evil.test/path", "127.0.0.1", "*", "a b.test", "user@evil.test"]) {
      await expect(caller.settings.saveLinkDomains({ domains: ["ok.test", bad] }), bad).rejects.toThrow(
        `'${bad}' is not a domain`,
      );
    }
    expect((await caller.settings.get()).linkDomains).toHaveLength(3);
  });

  it("saves key/value pairs, names bad keys, and templates print them as workspace.<key> (known to the unknown-variable check)", async () => {
    const { caller } = await settingsCaller();
    expect((await caller.settings.get()).variables).toEqual([]);
    const saved = await caller.settings.saveVariables({
      variables: [
        { key: "support_url", value: "https://help.acme.test" },
        { key: "company_address", value: "1 Main St, Springfield" },
      ],
    });
    expect(saved.variables).toEqual([
      { key: "company_address", value: "1 Main St, Springfield" },
      { key: "support_url", value: "https://help.acme.test" },
    ]);
    await expect(caller.settings.saveVariables({ variables: [{ key: "Support URL", value: "x" }] })).rejects.toThrow(
      "Variable key 'Support URL' must start with a lower-case letter and use only a–z, 0–9 and _",
    );
    await expect(caller.settings.saveVariables({ variables: [{ key: "name", value: "x" }] })).rejects.toThrow(
      "Variable key 'name' is built in",
    );
    await expect(
      caller.settings.saveVariables({
        variables: [
          { key: "a", value: "1" },
          { key: "a", value: "2" },
        ],
      }),
    ).rejects.toThrow("Variable key 'a' is used twice");
    await expect(caller.settings.saveVariables({ variables: [{ key: "", value: "1" }] })).rejects.toThrow(
      "Every variable needs a key",
    );
    expect((await caller.settings.get()).variables).toHaveLength(2); // nothing half-saved

    const preview = await caller.templates.preview({
      content: {
        subject: "Hi",
        preheader: "",
        body: "",
        blocks: [
          { type: "text", id: "footer", text: "{{ workspace.company_address }} · [Help]({{ workspace.support_url }})" },
          { type: "text", id: "typo", text: '{{ workspace.support_ulr | default: "" }}' },
        ],
      },
    });
    if (!preview.ok) throw new Error(preview.message);
    expect(preview.text).toContain("1 Main St, Springfield");
    expect(preview.html).toContain('href="https://help.acme.test"');
    expect(preview.unknownVariables).toEqual([
      {
        path: "workspace.support_ulr",
        field: "body",
        blockId: "typo",
        reason: 'no workspace variable "support_ulr" (add it in Settings → Workspace variables)',
      },
    ]);

    // Saving replaces the list: a removed key is gone from templates too.
    await caller.settings.saveVariables({ variables: [{ key: "company_address", value: "2 Side St" }] });
    const after = await caller.templates.preview({
      content: {
        subject: "Hi",
        preheader: "",
        body: "",
        blocks: [
          {
            type: "text",
            id: "f",
            text: '{{ workspace.company_address }} {{ workspace.support_url | default: "no help" }}',
          },
        ],
      },
    });
    expect(after.ok && after.text).toContain("2 Side St no help");
  });
});

describe("topics router", () => {
  it("creates, renames, refuses a duplicate name and deletes", async () => {
    const { caller } = await settingsCaller();
    const offers = await caller.topics.create({ name: "Offers", description: "Deals", defaultMode: "opt_out" });
    await caller.topics.create({ name: "Digest", defaultMode: "opt_in" });
    await expect(caller.topics.create({ name: "Offers", defaultMode: "opt_in" })).rejects.toThrow(
      'A topic named "Offers" already exists',
    );
    await caller.topics.update({ topicId: offers.id, name: "Special offers", description: "", defaultMode: "opt_in" });
    expect((await caller.topics.list()).map((topic) => [topic.name, topic.defaultMode])).toEqual([
      ["Digest", "opt_in"],
      ["Special offers", "opt_in"],
    ]);
    await caller.topics.delete({ topicId: offers.id });
    await expect(caller.topics.delete({ topicId: offers.id })).rejects.toThrow(/does not exist/);
    await expect(caller.topics.forContact({ contactId: offers.id })).rejects.toThrow(/Contact .* does not exist/);
  });
});
