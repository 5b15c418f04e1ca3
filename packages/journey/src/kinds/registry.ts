// The node kinds of a journey, one line each: everything that lists kinds — the node config
// union, the plan step union, labels, outlets, validation and compilation — derives from here.
// Adding a kind: "How to add a step kind" in ARCHITECTURE.md.
import { z } from "zod";
import {
  branchKind,
  ZBranchNodeDataSchema,
  ZPlanBranchCasesStepSchema,
  ZPlanBranchStepSchema,
  type BranchValidationCode,
} from "./branch";
import { emailKind, ZEmailNodeDataSchema, ZPlanEmailStepSchema, type EmailValidationCode } from "./email";
import { exitKind, ZExitNodeDataSchema, ZPlanExitStepSchema } from "./exit";
import type { NodeKindDefinition } from "./kind";
import { noteKind, ZNoteNodeDataSchema } from "./note";
import { splitKind, ZPlanSplitStepSchema, ZSplitNodeDataSchema, type SplitValidationCode } from "./split";
import { triggerKind, ZTriggerNodeDataSchema, type TriggerValidationCode } from "./trigger";
import {
  updateContactKind,
  ZPlanUpdateContactStepSchema,
  ZUpdateContactNodeDataSchema,
  type UpdateContactValidationCode,
} from "./update-contact";
import {
  waitKind,
  ZPlanWaitStepSchema,
  ZPlanWaitUntilBestTimeStepSchema,
  ZPlanWaitUntilDateStepSchema,
  ZPlanWaitUntilEventStepSchema,
  ZPlanWaitUntilTimeStepSchema,
  ZWaitNodeDataSchema,
  type WaitValidationCode,
} from "./wait";
import { webhookKind, ZPlanWebhookStepSchema, ZWebhookNodeDataSchema, type WebhookValidationCode } from "./webhook";

/** A node's config, as the canvas edits it. */
export const ZNodeDataSchema = z.discriminatedUnion("kind", [
  ZTriggerNodeDataSchema,
  ZWaitNodeDataSchema,
  ZEmailNodeDataSchema,
  ZExitNodeDataSchema,
  ZBranchNodeDataSchema,
  ZSplitNodeDataSchema,
  ZWebhookNodeDataSchema,
  ZUpdateContactNodeDataSchema,
  ZNoteNodeDataSchema,
]);
export type NodeData = z.infer<typeof ZNodeDataSchema>;
export type NodeKind = NodeData["kind"];

/** The steps a plan is made of; step kinds are additive, so plans compiled before a kind existed still parse. */
export const ZPlanStepSchema = z.discriminatedUnion("kind", [
  ZPlanWaitStepSchema,
  ZPlanWaitUntilTimeStepSchema,
  ZPlanWaitUntilDateStepSchema,
  ZPlanWaitUntilBestTimeStepSchema,
  ZPlanWaitUntilEventStepSchema,
  ZPlanBranchStepSchema,
  ZPlanBranchCasesStepSchema,
  ZPlanSplitStepSchema,
  ZPlanWebhookStepSchema,
  ZPlanUpdateContactStepSchema,
  ZPlanEmailStepSchema,
  ZPlanExitStepSchema,
]);

type PlanStep = z.infer<typeof ZPlanStepSchema>;

/** Each kind's definition, in palette order. */
export const NODE_KIND_DEFINITIONS: { [K in NodeKind]: NodeKindDefinition<Extract<NodeData, { kind: K }>, PlanStep> } =
  {
    trigger: triggerKind,
    wait: waitKind,
    email: emailKind,
    branch: branchKind,
    split: splitKind,
    webhook: webhookKind,
    update_contact: updateContactKind,
    exit: exitKind,
    note: noteKind,
  };

/** The validation codes the kinds' own checks use. */
export type KindValidationCode =
  | TriggerValidationCode
  | WaitValidationCode
  | EmailValidationCode
  | BranchValidationCode
  | SplitValidationCode
  | WebhookValidationCode
  | UpdateContactValidationCode;

/** The definition of `data`'s kind, typed for it. */
export function kindOf(data: NodeData): NodeKindDefinition<NodeData, PlanStep> {
  return NODE_KIND_DEFINITIONS[data.kind] as NodeKindDefinition<NodeData, PlanStep>;
}
