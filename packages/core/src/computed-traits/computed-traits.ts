// Computed traits use cases for the UI (tRPC): list, save (create or change, recomputed from
// history before returning) and delete definitions. Values are kept current by the
// dispatcher (dispatch/dispatch-effects.ts).
import type { Db } from "@mailstream/db/client";
import {
  ComputedTraitNotFoundError,
  deleteComputedTrait,
  findComputedTraits,
  saveComputedTrait,
  type ComputedTraitRow,
} from "@mailstream/db/queries/computed-traits";
import { ZPropertyFilterSchema } from "@mailstream/journey/schema";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";
import { z } from "zod";

export const COMPUTED_TRAIT_KINDS = ["count", "sum", "first_seen", "last_seen", "last_value"] as const;
const MAX_WINDOW_SECONDS = 10 * 365 * 24 * 3600;

export const ZComputedTraitInputSchema = z
  .object({
    key: z
      .string()
      .trim()
      .min(1, "Name the trait")
      .max(64, "A trait name has at most 64 characters")
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "A trait name uses letters, digits and _ and does not start with a digit"),
    kind: z.enum(COMPUTED_TRAIT_KINDS),
    eventName: z.string().trim().min(1, "Choose the event that feeds the trait").max(200),
    property: z.string().trim().max(200).nullish(),
    filters: z.array(ZPropertyFilterSchema).max(20).default([]),
    windowSeconds: z.number().int().min(60, "A window is at least 60 seconds").max(MAX_WINDOW_SECONDS).nullish(),
  })
  .superRefine((input, ctx) => {
    if ((input.kind === "sum" || input.kind === "last_value") && !input.property) {
      ctx.addIssue({
        code: "custom",
        path: ["property"],
        message: `A ${input.kind === "sum" ? "sum" : "last value"} needs the property to read (e.g. total)`,
      });
    }
    if (input.windowSeconds && input.kind !== "count" && input.kind !== "sum") {
      ctx.addIssue({
        code: "custom",
        path: ["windowSeconds"],
        message: "Only counts and sums can be limited to a window",
      });
    }
  });
export type ComputedTraitInput = z.input<typeof ZComputedTraitInputSchema>;

export function listComputedTraits(db: Db, workspaceId: string): Promise<ComputedTraitRow[]> {
  return findComputedTraits(db, workspaceId);
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as { code?: string }).code === "23505") return true;
  }
  return false;
}

export async function saveComputedTraitDefinition(
  db: Db,
  workspaceId: string,
  input: z.output<typeof ZComputedTraitInputSchema>,
  id?: string,
  audit?: AuditContext | null,
): Promise<ComputedTraitRow> {
  try {
    return await saveComputedTrait(
      db,
      workspaceId,
      { ...input, property: input.property ?? null, windowSeconds: input.windowSeconds ?? null },
      id,
      // The definition is the workspace's own configuration (event, kind, window): shown in full.
      (tx, saved) =>
        recordAudit(tx, {
          context: audit,
          action: "computed_trait.save",
          target: { type: "computed_trait", id: saved.id, label: saved.key },
          changes: {
            fields: ["definition"],
            after: { kind: saved.kind, eventName: saved.eventName, windowSeconds: saved.windowSeconds },
          },
        }),
    );
  } catch (error) {
    if (error instanceof ComputedTraitNotFoundError) throw new AppError(AppErrorCode.NOT_FOUND, error.message);
    if (isUniqueViolation(error)) {
      throw new AppError(
        AppErrorCode.CONFLICT,
        `A computed trait named "${input.key}" already exists in this workspace`,
      );
    }
    throw error;
  }
}

export async function deleteComputedTraitDefinition(
  db: Db,
  workspaceId: string,
  id: string,
  audit?: AuditContext | null,
): Promise<{ deleted: boolean }> {
  return db.transaction(async (tx) => {
    const deleted = await deleteComputedTrait(tx, workspaceId, id);
    if (deleted) {
      await recordAudit(tx, {
        context: audit,
        action: "computed_trait.delete",
        target: { type: "computed_trait", id },
      });
    }
    return { deleted };
  });
}
