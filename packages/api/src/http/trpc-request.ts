// What /api/trpc lets through to tRPC's fetch adapter: a POST must be JSON — tRPC would also
// parse multipart/form-data and text/plain, which a browser sends cross-site without a
// preflight — and its body is read under the 1 MB cap first. GETs (queries, SSE
// subscriptions) carry no body and pass untouched. The Origin check is apps/web's middleware.
import { BODY_LIMITS, capRequestBody } from "./body";
import { errorResponse } from "./responses";

function isJson(req: Request): boolean {
  const type = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  return type === "application/json";
}

/** The request to hand to tRPC, or the 413/415 to answer instead. */
export async function admitTrpcRequest(req: Request): Promise<Request | Response> {
  if (req.method !== "GET" && req.method !== "HEAD" && !isJson(req)) {
    return errorResponse(415, "tRPC calls must send Content-Type: application/json.");
  }
  return capRequestBody(req, BODY_LIMITS.trpc);
}
