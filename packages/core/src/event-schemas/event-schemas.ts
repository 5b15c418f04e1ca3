// Event schemas and the Events page for the UI (tRPC): rules per event name, the workspace's
// enforcement mode, and recent events with their schema flags. Saving clears this process's
// ingest cache so the next event is checked against the new rules.
import type { Db } from "@mailstream/db/client";
import {
  deleteEventSchema,
  findEventSchemaMode,
  findEventSchemas,
  findRecentEventNames,
  findRecentEventsPage,
  setEventSchemaMode,
  upsertEventSchema,
  type RecentEventsFilter,
} from "@mailstream/db/queries/event-schemas";
import { z } from "zod";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { clearWorkspaceEventSchemas } from "../ingest/event-schema-cache";

export const EVENT_PROPERTY_TYPES = ["string", "number", "boolean", "array", "object"] as const;

export const ZEventPropertyRuleSchema = z
  .object({
    name: z.string().trim().min(1, "Name the property").max(200),
    type: z.enum(EVENT_PROPERTY_TYPES),
    required: z.boolean().default(false),
    enum: z
      .array(z.union([z.string(), z.number()]))
      .max(100)
      .optional(),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
  })
  .superRefine((rule, ctx) => {
    if (rule.min !== undefined && rule.max !== undefined && rule.min > rule.max) {
      ctx.addIssue({ code: "custom", path: ["max"], message: `${rule.name}: max must not be below min` });
    }
    if ((rule.min !== undefined || rule.max !== undefined) && (rule.type === "boolean" || rule.type === "object")) {
      ctx.addIssue({
        code: "custom",
        path: ["min"],
        message: `${rule.name}: min/max apply to numbers, strings and arrays only`,
      });
    }
    if (rule.enum?.length && rule.type !== "string" && rule.type !== "number") {
      ctx.addIssue({
        code: "custom",
        path: ["enum"],
        message: `${rule.name}: allowed values apply to strings and numbers only`,
      });
    }
  });

export const ZEventSchemaInputSchema = z
  .object({
    eventName: z.string().trim().min(1, "Name the event").max(200),
    rules: z.array(ZEventPropertyRuleSchema).max(100),
    isStrict: z.boolean().default(false),
  })
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.rules.forEach((rule, index) => {
      if (seen.has(rule.name))
        ctx.addIssue({ code: "custom", path: ["rules", index, "name"], message: `${rule.name} has two rules` });
      seen.add(rule.name);
    });
  });

export async function listEventSchemas(db: Db, workspaceId: string) {
  const [mode, schemas] = await Promise.all([findEventSchemaMode(db, workspaceId), findEventSchemas(db, workspaceId)]);
  return { mode, schemas };
}

export async function saveEventSchema(
  db: Db,
  workspaceId: string,
  input: z.output<typeof ZEventSchemaInputSchema>,
  audit?: AuditContext | null,
) {
  const saved = await db.transaction(async (tx) => {
    const row = await upsertEventSchema(tx, workspaceId, input);
    await recordAudit(tx, {
      context: audit,
      action: "event_schema.save",
      target: { type: "event_schema", id: row.id, label: row.eventName },
      changes: {
        fields: ["rules", "isStrict"],
        after: { properties: input.rules.map((rule) => rule.name), isStrict: input.isStrict },
      },
    });
    return row;
  });
  clearWorkspaceEventSchemas(workspaceId);
  return saved;
}

export async function removeEventSchema(db: Db, workspaceId: string, id: string, audit?: AuditContext | null) {
  const deleted = await db.transaction(async (tx) => {
    const isDeleted = await deleteEventSchema(tx, workspaceId, id);
    if (isDeleted) {
      await recordAudit(tx, { context: audit, action: "event_schema.delete", target: { type: "event_schema", id } });
    }
    return isDeleted;
  });
  clearWorkspaceEventSchemas(workspaceId);
  return { deleted };
}

export async function changeEventSchemaMode(
  db: Db,
  workspaceId: string,
  mode: "reject" | "flag",
  audit?: AuditContext | null,
) {
  await db.transaction(async (tx) => {
    await setEventSchemaMode(tx, workspaceId, mode);
    await recordAudit(tx, {
      context: audit,
      action: "event_schema.mode_change",
      target: { type: "event_schema", label: "Enforcement mode" },
      changes: { fields: ["mode"], after: { mode } },
    });
  });
  clearWorkspaceEventSchemas(workspaceId);
  return { mode };
}

export function listRecentEvents(db: Db, workspaceId: string, filter: RecentEventsFilter) {
  return findRecentEventsPage(db, workspaceId, filter);
}

export function listRecentEventNames(db: Db, workspaceId: string) {
  return findRecentEventNames(db, workspaceId);
}
