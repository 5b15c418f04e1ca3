// The card every screen section is drawn in: a header (title and an optional action), then
// its body. `CardError` and `CardNote` are the two one-line bodies a list card shows when
// its query failed or its list is empty.
import type { ReactNode } from "react";

export function Card(props: {
  title: ReactNode;
  /** Names the section for assistive tech (aria-labelledby) when set. */
  titleId?: string;
  /** An anchor other pages link to (`/settings#suppressions`). */
  id?: string;
  action?: ReactNode;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <section className="card" id={props.id} data-testid={props.testId} aria-labelledby={props.titleId}>
      <div className="card-header">
        <h2 id={props.titleId}>{props.title}</h2>
        {props.action}
      </div>
      {props.children}
    </section>
  );
}

export function CardError({ error }: { error: { message: string } | null | undefined }) {
  return error ? <div className="card-body alert alert-error">{error.message}</div> : null;
}

export function CardNote({ children }: { children: ReactNode }) {
  return <div className="card-body muted">{children}</div>;
}
