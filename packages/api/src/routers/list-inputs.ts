// Inputs shared by the journeys and templates lists: a page, a name search, a tag. The use
// cases validate tags in full (core/lists/tags.ts); these bounds keep hostile input small.
import { z } from "zod";

export const LIST_PAGE_SIZE = 25;

export const ZListPageSchema = z.object({
  limit: z.number().int().min(1).max(100).default(LIST_PAGE_SIZE),
  offset: z.number().int().min(0).max(100_000).default(0),
});

export const ZListSearchSchema = z.string().max(200, "Search must be at most 200 characters").optional();

export const ZTagSchema = z
  .string()
  .trim()
  .min(1, "A tag cannot be empty")
  .max(32, "A tag must be at most 32 characters");
