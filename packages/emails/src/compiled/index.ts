// The compiled renderer: compile a template version once, render it per contact. Journey
// sends (temporal/activities send-email) and broadcasts use these; previews may keep renderEmail.
export { compileTemplate } from "./compile";
export { renderCompiled, type RenderCompiledInput } from "./render-compiled";
export type { CompiledTemplate, TemplateToCompile } from "./types";
