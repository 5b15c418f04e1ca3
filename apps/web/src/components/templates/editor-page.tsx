// The frame of the template and partial editors: breadcrumb, a header with the title, a line
// under it and the save controls, the save's error and other notices, then the form card beside the preview.
import type { ReactNode } from "react";
import { ErrorAlert } from "@/components/ui/error-alert";
import styles from "./template-editor.module.css";

export function EditorPage(props: {
  breadcrumb: ReactNode;
  title: string;
  /** The line under the title (what the versions are, what saving does). */
  subtitle: ReactNode;
  /** The save status and buttons at the header's end. */
  actions: ReactNode;
  saveError: { message: string } | null;
  /** Problems shown under the save's error (e.g. refused links, by block). */
  notices?: ReactNode;
  /** The form card's content. */
  form: ReactNode;
  /** What stands beside the form: the preview, the test send. */
  aside: ReactNode;
}) {
  return (
    <div className={`page ${styles.page}`}>
      <div className="breadcrumb">{props.breadcrumb}</div>
      <header className="page-header">
        <div>
          <h1>{props.title}</h1>
          {props.subtitle}
        </div>
        <div className="row">{props.actions}</div>
      </header>
      <ErrorAlert error={props.saveError} className={styles.alertSpaced} />
      {props.notices}
      <div className={styles.layout}>
        <section className="card">
          <div className={styles.form}>{props.form}</div>
        </section>
        {props.aside}
      </div>
    </div>
  );
}
