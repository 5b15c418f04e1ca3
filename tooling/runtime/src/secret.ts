// MAILSTREAM_SECRET for the embedded stack: generated once and kept in `<dataDir>/secret`
// (owner-only), so tracking and unsubscribe links in emails already sent keep working
// after a restart. A MAILSTREAM_SECRET in the environment wins.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, "secret");
  if (existsSync(file)) {
    const secret = readFileSync(file, "utf8").trim();
    if (secret.length < 16)
      throw new Error(`${file} holds fewer than 16 characters; delete it to generate a new secret.`);
    return secret;
  }
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
