// Transport credentials at rest (SMTP passwords, Resend API keys): AES-256-GCM with a key
// derived from MAILSTREAM_SECRET by HKDF-SHA256 (RFC 5869), so the signing secret itself is
// never used as a cipher key and rotating one purpose's key cannot weaken the other.
// Sealed form: `v1.<iv>.<ciphertext>.<tag>` (base64url). GCM authenticates, so a wrong
// secret or a tampered value fails loudly instead of yielding garbage credentials.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const VERSION = "v1";
const HKDF_SALT = "mailstream";
const HKDF_INFO = "mailstream transport credentials v1";
const MIN_SECRET_LENGTH = 16;

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

function deriveKey(secret: string): Buffer {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new SecretBoxError(
      `MAILSTREAM_SECRET must be at least ${MIN_SECRET_LENGTH} characters to encrypt credentials`,
    );
  }
  return Buffer.from(hkdfSync("sha256", secret, HKDF_SALT, HKDF_INFO, 32));
}

export function sealSecret(secret: string, plaintext: string): string {
  const iv = randomBytes(12); // 96-bit nonce, the GCM recommendation; random per seal
  const cipher = createCipheriv("aes-256-gcm", deriveKey(secret), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, ciphertext, cipher.getAuthTag()]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

export function isSealed(value: string): boolean {
  return value.startsWith(`${VERSION}.`) && value.split(".").length === 4;
}

/** The plaintext; throws SecretBoxError when the value is malformed or MAILSTREAM_SECRET differs from the one that sealed it. */
export function openSecret(secret: string, sealed: string): string {
  if (!isSealed(sealed)) throw new SecretBoxError("stored credential is not in the v1 sealed format");
  const [, iv, ciphertext, tag] = sealed.split(".").map((part) => Buffer.from(part, "base64url")) as [
    Buffer,
    Buffer,
    Buffer,
    Buffer,
  ];
  const decipher = createDecipheriv("aes-256-gcm", deriveKey(secret), iv);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError(
      "cannot decrypt stored transport credentials: MAILSTREAM_SECRET differs from the one they were saved with (or the value was altered); re-enter them in Settings",
    );
  }
}
