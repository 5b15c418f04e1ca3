// Parsing untrusted input (API bodies, stored drafts) into a journey graph, with zod's errors
// turned into validation issues that name the node they belong to.
import type { z } from "zod";
import { ZJourneyGraphSchema, type JourneyGraph } from "./schema";
import type { ValidationIssue } from "./validate-types";

export type ParseGraphResult = { ok: true; graph: JourneyGraph } | { ok: false; issues: ValidationIssue[] };

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc === "" ? String(key) : `${acc}.${String(key)}`),
    "",
  );
}

// The node (or edge) id at `nodes[i]` / `edges[i]` in the raw input, when it has a usable one.
function idAt(input: unknown, collection: "nodes" | "edges", index: unknown): string | null {
  if (typeof index !== "number" || input === null || typeof input !== "object") return null;
  const list = (input as Record<string, unknown>)[collection];
  if (!Array.isArray(list)) return null;
  const item: unknown = list[index];
  if (item === null || typeof item !== "object") return null;
  const id = (item as Record<string, unknown>).id;
  return typeof id === "string" && id !== "" ? id : null;
}

function toIssue(input: unknown, zodIssue: z.core.$ZodIssue): ValidationIssue {
  const [collection, index, ...rest] = zodIssue.path;
  const where = formatPath(zodIssue.path);
  if (collection === "nodes" || collection === "edges") {
    const id = idAt(input, collection, index);
    if (id !== null) {
      const field = formatPath(rest);
      const subject = collection === "nodes" ? `Node "${id}"` : `Connection "${id}"`;
      return {
        nodeId: collection === "nodes" ? id : null,
        ...(collection === "edges" ? { edgeId: id } : {}),
        code: "invalid_shape",
        message: `${subject}${field ? ` ${field}` : ""}: ${zodIssue.message}`,
      };
    }
  }
  return { nodeId: null, code: "invalid_shape", message: `${where || "graph"}: ${zodIssue.message}` };
}

/** Checks the shape only; run `validateGraph` (or `compileGraph`) on the result for the journey rules. */
export function parseGraph(input: unknown): ParseGraphResult {
  const parsed = ZJourneyGraphSchema.safeParse(input);
  if (parsed.success) return { ok: true, graph: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((issue) => toIssue(input, issue)) };
}
