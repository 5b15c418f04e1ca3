"use client";
// The workspace's senders: addresses and whole domains it may send from. Templates' From, the
// default From and test sends must be one of these (core senders/senders.ts); publishing a
// journey whose email step sends from anything else is refused with the step named.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/trpc/client";
import type { SenderView } from "./settings-types";
import { InlineForm, InlineInput } from "@/components/ui/form-field";
import { Card } from "@/components/ui/card";
import { TableHead } from "@/components/ui/list-parts";
import { ErrorAlert } from "@/components/ui/error-alert";

export function SendersManager({ initial }: { initial: SenderView[] }) {
  const trpc = useTRPC();
  const [senders, setSenders] = useState(initial);
  const [value, setValue] = useState("");
  const add = useMutation(
    trpc.senders.add.mutationOptions({
      onSuccess: (list) => {
        setSenders(list);
        setValue("");
      },
    }),
  );
  const remove = useMutation(trpc.senders.remove.mutationOptions({ onSuccess: setSenders }));
  const error = add.error ?? remove.error;

  return (
    <Card title="Senders" titleId="senders-title">
      <div className="card-body stack">
        <p className="hint">
          The addresses, or whole domains, this workspace sends from. Journeys, the default From and test sends may only
          use these. Declare only what you own: your provider still has to accept the domain (SPF, DKIM).
        </p>
        {senders.length === 0 ? (
          <p className="muted" data-testid="senders-empty">
            No senders yet: emails go out from the server&apos;s default sender until you declare one.
          </p>
        ) : (
          <table className="table" data-testid="senders-table">
            <TableHead columns={["Sender", "Covers", ""]} />
            <tbody>
              {senders.map((sender) => (
                <tr key={sender.value}>
                  <td>{sender.value}</td>
                  <td className="muted">
                    {sender.kind === "domain" ? `every address @${sender.value}` : "this address only"}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-sm"
                      aria-label={`Remove ${sender.value}`}
                      disabled={remove.isPending}
                      onClick={() => remove.mutate({ value: sender.value })}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <InlineForm
          onSubmit={() => add.mutate({ value })}
          submit="Add sender"
          disabled={add.isPending || value.trim() === ""}
        >
          <InlineInput
            label="Sender address or domain"
            placeholder="news@acme.com or acme.com"
            value={value}
            onValue={setValue}
          />
        </InlineForm>
        <ErrorAlert error={error} />
      </div>
    </Card>
  );
}
