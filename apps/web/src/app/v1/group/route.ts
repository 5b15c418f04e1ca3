// POST /v1/group — Segment's own path, so libraries pointed at this host with their
// default paths work unchanged. The handlers are /api/v1/group's own; Next.js reads route
// segment config only when declared literally in each route file, so it is repeated here.
export { POST, OPTIONS } from "@/app/api/v1/group/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
