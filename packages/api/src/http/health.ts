// GET /api/health — the state of each component (@mailstream/core/health/check-health). The
// database decides the status code: 503 without it, 200 (maybe "degraded") otherwise.
import { checkHealth, type HealthOptions } from "@mailstream/core/health/check-health";
import type { HttpDeps } from "./deps";
import { jsonResponse } from "./responses";

export async function handleHealth(_req: Request, deps: HttpDeps, options: HealthOptions = {}): Promise<Response> {
  const report = await checkHealth(deps, options);
  return jsonResponse(report.components.database.ok ? 200 : 503, report);
}
