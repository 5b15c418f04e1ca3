"use client";
// A key's secret right after it was made (created or rotated): the only time it is shown.
// Copy puts it on the clipboard; Done forgets it in the browser too.
import { useState } from "react";
import type { CreatedKey } from "./api-keys-types";
import styles from "./api-keys.module.css";

export function NewSecretNotice({ created, onDone }: { created: CreatedKey; onDone: () => void }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopied("yes");
    } catch {
      // Clipboard access can be refused (insecure origin, permissions): the text stays selectable.
      setCopied("failed");
    }
  }

  return (
    <div className={`stack ${styles.secretBox}`} role="status" data-testid="new-api-key-secret">
      <strong>
        {created.kind === "write" ? "Write" : "Secret"} key “{created.name}” is ready. Copy it now: you won&apos;t see
        it again.
      </strong>
      <div className="row">
        <input
          aria-label="New key"
          readOnly
          className={`input ${styles.secretValue}`}
          value={created.secret}
          onFocus={(e) => e.target.select()}
        />
        <button type="button" className="btn" onClick={() => void copy()}>
          {copied === "yes" ? "Copied" : "Copy"}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          Done
        </button>
      </div>
      {copied === "failed" && (
        <span className="hint">The browser refused the clipboard: select the key and copy it.</span>
      )}
      <span className="hint">Mailstream keeps only a hash of it; if it is lost, rotate the key.</span>
    </div>
  );
}
