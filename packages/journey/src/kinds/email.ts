// The email node: a template (pinned to its published version), a subscription topic, and
// whether it is transactional. Interpreted by temporal/workflows/src/steps/email.ts.
import { z } from "zod";
import { defineNodeKind } from "./kind";

export const ZEmailNodeDataSchema = z.object({
  kind: z.literal("email"),
  templateId: z.string().nullable(),
  /** Subscription topic the email belongs to; contacts who left it are skipped. Null = the workspace's general marketing list. */
  topicId: z.string().nullable().optional(),
  /** Transactional emails (receipts, password resets) bypass subscription topics, frequency cap and quiet hours. */
  transactional: z.boolean().optional(),
});
export type EmailNodeData = z.infer<typeof ZEmailNodeDataSchema>;

export const ZPlanEmailStepSchema = z.object({
  kind: z.literal("email"),
  id: z.string(),
  templateId: z.string(),
  /** The template version pinned when the journey was published; absent in older plans (latest content is used). */
  templateVersionId: z.string().optional(),
  topicId: z.string().nullable().optional(),
  /** Bypasses subscription topics, frequency cap and quiet hours. */
  transactional: z.boolean().optional(),
  next: z.string().nullable(),
});

/** `undeclared_sender` is pushed by publishing (core senders/publish-senders.ts), which knows the senders. */
export type EmailValidationCode = "email_missing_template" | "unknown_template" | "undeclared_sender";

export const emailKind = defineNodeKind<EmailNodeData, z.infer<typeof ZPlanEmailStepSchema>>({
  kind: "email",
  label: "Email",
  staticOutlets: [null],
  validate(data, { name, ctx, push }) {
    if (data.templateId === null || data.templateId.trim() === "") {
      push("email_missing_template", `${name} has no template; pick the email to send`);
    } else if (ctx.templateIds && !ctx.templateIds.has(data.templateId)) {
      push(
        "unknown_template",
        `${name} uses template "${data.templateId}", which does not exist; pick another template`,
      );
    }
  },
  compile: (data, { id, next }) => ({
    kind: "email",
    id,
    templateId: data.templateId as string,
    // Only when set, so plans of graphs drawn before topics existed stay unchanged.
    ...(data.topicId !== undefined ? { topicId: data.topicId } : {}),
    ...(data.transactional ? { transactional: true } : {}),
    next,
  }),
});
