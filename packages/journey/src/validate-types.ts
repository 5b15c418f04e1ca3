// Types shared by the validation modules.
import type { KindValidationCode } from "./kinds/registry";
import type { ValidationCodeLiteral } from "./validation-codes";

export type { ValidationContext } from "./validation-codes";

/** Graph-wide and settings codes (validation-codes.ts) and each kind's own (kinds/registry.ts). */
export type ValidationCode = KindValidationCode | ValidationCodeLiteral;

export type ValidationIssue = {
  /** Node the canvas should highlight; null for graph-wide problems (e.g. no trigger). */
  nodeId: string | null;
  edgeId?: string;
  code: ValidationCode;
  message: string;
};
