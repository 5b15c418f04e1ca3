// The batch insert's bodies (messages-batch.ts, pageMessagesCte) travel as one parameter per row
// gathered by ARRAY[…], not as an array literal: what Postgres stores must be each body exactly —
// quotes, backslashes, braces, commas, the word NULL, an empty text part, non-ASCII — in its row.
import { randomUUID } from "node:crypto";
import { inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@mailstream/db/client";
import { insertNewMessages, type PageMessage } from "@mailstream/db/queries/messages-batch";
import { messages } from "@mailstream/db/schema";
import { testEnv } from "@mailstream/testing/test-env";
import {
  createContactFixture,
  createTemplateFixture,
  createWorkspaceFixture,
} from "@mailstream/testing/workflow-fixtures";

let db: Db;
beforeAll(() => {
  db = createDb(testEnv().databaseUrl).db;
});

const BODIES: { html: string; text: string }[] = [
  { html: '<a href="https://x.test/?a=1&amp;b=\\"2\\"">"quoted"</a>', text: 'say "hi", {then} \\n no newline' },
  { html: "NULL", text: "" },
  { html: "{a,b}\\\\{c}", text: "NULL" },
  { html: "<p>Grüße — ☃ 𝄞</p>\n\t<p>second line</p>", text: "Grüße — ☃ 𝄞\n\nsecond line" },
];

describe("insertNewMessages bodies", () => {
  it("stores each row's html and text exactly, in its own row", async () => {
    const { workspaceId } = await createWorkspaceFixture(db);
    const { templateId } = await createTemplateFixture(db, workspaceId);
    const rows: PageMessage[] = [];
    for (const body of BODIES) {
      const { contactId, email } = await createContactFixture(db, workspaceId);
      rows.push({
        id: randomUUID(),
        workspaceId,
        contactId,
        templateId,
        idempotencyKey: `bodies:${randomUUID()}`,
        toAddress: email as string,
        fromAddress: "Test <test@mailstream.test>",
        subject: "Bodies",
        ...body,
        headers: { "X-Test": 'a "quoted" header' },
        transport: "outbox",
        status: "queued",
      });
    }
    const written = await insertNewMessages(db, rows);
    expect(written.inserted).toEqual(new Set(rows.map((row) => row.idempotencyKey)));
    const stored = await db
      .select({ id: messages.id, html: messages.html, text: messages.text, headers: messages.headers })
      .from(messages)
      .where(
        inArray(
          messages.id,
          rows.map((row) => row.id),
        ),
      );
    const byId = new Map(stored.map((row) => [row.id, row]));
    for (const row of rows) {
      expect(byId.get(row.id)).toEqual({ id: row.id, html: row.html, text: row.text, headers: row.headers });
    }
  });
});
