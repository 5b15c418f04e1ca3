// The update-contact node: set (Liquid value, coerced to text / number / boolean) or unset
// traits; interpreted by temporal/workflows/src/steps/update-contact.ts.
import { z } from "zod";
import { defineNodeKind } from "./kind";

export const TRAIT_VALUE_TYPES = ["text", "number", "boolean"] as const;
export const ZTraitUpdateSchema = z.discriminatedUnion("op", [
  /** `value` is Liquid (a literal is a template without tags), rendered then coerced to `as`. */
  z.object({
    op: z.literal("set"),
    trait: z.string(),
    value: z.string(),
    as: z.enum(TRAIT_VALUE_TYPES).default("text"),
  }),
  z.object({ op: z.literal("unset"), trait: z.string() }),
]);
export type TraitUpdate = z.infer<typeof ZTraitUpdateSchema>;
export const ZUpdateContactNodeDataSchema = z.object({
  kind: z.literal("update_contact"),
  updates: z.array(ZTraitUpdateSchema),
});

export const ZPlanUpdateContactStepSchema = z.object({
  kind: z.literal("update_contact"),
  id: z.string(),
  updates: z.array(
    z.discriminatedUnion("op", [
      z.object({ op: z.literal("set"), trait: z.string(), value: z.string(), as: z.enum(TRAIT_VALUE_TYPES) }),
      z.object({ op: z.literal("unset"), trait: z.string() }),
    ]),
  ),
  next: z.string().nullable(),
});

export type UpdateContactValidationCode = "update_empty" | "update_invalid_trait" | "update_invalid_value";

export const updateContactKind = defineNodeKind<
  z.infer<typeof ZUpdateContactNodeDataSchema>,
  z.infer<typeof ZPlanUpdateContactStepSchema>
>({
  kind: "update_contact",
  label: "Update contact",
  staticOutlets: [null],
  validate({ updates }, { name, push }) {
    if (updates.length === 0) push("update_empty", `${name} changes nothing; add a trait to set or unset`);
    updates.forEach((update, index) => {
      const trait = update.trait.trim();
      if (trait === "" || ["email", "userId"].includes(trait)) {
        push(
          "update_invalid_trait",
          `${name}: change ${index + 1} needs a trait name${trait ? ` other than "${trait}", which identifies the contact` : ""}`,
        );
      }
      if (
        update.op === "set" &&
        update.as === "number" &&
        !/[{]/.test(update.value) &&
        !Number.isFinite(Number(update.value))
      ) {
        push("update_invalid_value", `${name}: "${update.trait}" is set as a number but "${update.value}" is not one`);
      }
      if (
        update.op === "set" &&
        update.as === "boolean" &&
        !/[{]/.test(update.value) &&
        !["true", "false"].includes(update.value.trim())
      ) {
        push(
          "update_invalid_value",
          `${name}: "${update.trait}" is set as true/false but "${update.value}" is neither`,
        );
      }
    });
  },
  compile: (data, { id, next }) => ({
    kind: "update_contact",
    id,
    updates: data.updates.map((update) =>
      update.op === "set"
        ? { op: "set", trait: update.trait.trim(), value: update.value, as: update.as }
        : { op: "unset", trait: update.trait.trim() },
    ),
    next,
  }),
});
