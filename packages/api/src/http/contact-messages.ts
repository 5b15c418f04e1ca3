// GET /api/v1/contacts/{userId}/messages — kept as an entry point for existing imports;
// the contacts API lives in ./contacts (now paginated: `{ data, nextCursor }`).
import type { HttpDeps } from "./deps";
import { handleContactSection } from "./contacts";

export function handleContactMessages(req: Request, deps: Pick<HttpDeps, "db">, params: { userId: string }): Promise<Response> {
  return handleContactSection(req, deps, params, "messages");
}
