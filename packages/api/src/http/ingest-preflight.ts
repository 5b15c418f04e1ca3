// OPTIONS on every ingest route: the CORS preflight a browser sends before analytics.js posts.
export { handleIngestPreflight } from "./ingest-handler";
