// Reads a request body up to a byte limit without buffering more than the limit: a huge
// upload is cut off early instead of being read into memory and then rejected.
export type BodyResult = { ok: true; text: string; bytes: number } | { ok: false; bytes: number };

export async function readBodyLimited(req: Request, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) return { ok: false, bytes: declared };
  if (!req.body) return { ok: true, text: "", bytes: 0 };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > limit) {
      await reader.cancel().catch(() => {});
      return { ok: false, bytes };
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks).toString("utf8"), bytes };
}
