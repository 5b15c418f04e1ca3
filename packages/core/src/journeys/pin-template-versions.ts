// Publishing pins templates: every email step of the compiled plan gets the id of a frozen
// template version (a new version only when the template or its partials changed since the
// last one). Sends of that plan render the pinned version; see templates/load-template.ts.
import type { Db } from "@mailstream/db/client";
import { TemplateRenderError } from "@mailstream/emails/liquid";
import { pinTemplateVersion } from "../templates/load-template";
import type { Plan } from "@mailstream/journey/plan";
import { AppError, AppErrorCode } from "../errors/app-error";

export async function pinTemplateVersions(db: Db, workspaceId: string, plan: Plan): Promise<Plan> {
  const pinned = new Map<string, string>();
  const steps: Plan["steps"] = {};
  for (const [id, step] of Object.entries(plan.steps)) {
    if (step.kind !== "email") {
      steps[id] = step;
      continue;
    }
    let versionId = pinned.get(step.templateId);
    if (versionId === undefined) {
      try {
        versionId = (await pinTemplateVersion(db, workspaceId, step.templateId)).versionId;
      } catch (error) {
        if (error instanceof TemplateRenderError)
          throw new AppError(AppErrorCode.INVALID_INPUT, error.message, { cause: error });
        throw error;
      }
      pinned.set(step.templateId, versionId);
    }
    steps[id] = { ...step, templateVersionId: versionId };
  }
  return { ...plan, steps };
}
