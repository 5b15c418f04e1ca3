// "+ New …" buttons that create a record in one click: the button (disabled and saying
// "Creating…" while the create runs) and the create's error beside it.
import type { ReactNode } from "react";

export function CreateButton(props: {
  /** The create mutation's state. */
  create: { isPending: boolean; error: { message: string } | null };
  onCreate: () => void;
  className: string;
  testId: string;
  children: ReactNode;
}) {
  const { create } = props;
  return (
    <div className="row">
      {create.error ? <span className="alert alert-error">{create.error.message}</span> : null}
      <button
        type="button"
        className={props.className}
        data-testid={props.testId}
        disabled={create.isPending}
        onClick={props.onCreate}
      >
        {create.isPending ? "Creating…" : props.children}
      </button>
    </div>
  );
}
