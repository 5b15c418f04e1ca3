// Any other path under /v1/: a JSON 404, not the web app's HTML page (specific routes win over this catch-all).
import { handleUnknownApiPath } from "@mailstream/api/http/not-found";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = handleUnknownApiPath;
export const POST = handleUnknownApiPath;
export const PUT = handleUnknownApiPath;
export const PATCH = handleUnknownApiPath;
export const DELETE = handleUnknownApiPath;
