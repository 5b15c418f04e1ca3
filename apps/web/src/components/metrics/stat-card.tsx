// One headline number on a metrics page (overview, journey, template): label, value, and a line under it.
import styles from "./metrics.module.css";

export function StatCard(props: { label: string; value: string; sub?: string | undefined; testId: string }) {
  return (
    <div className={`card ${styles.card}`}>
      <div className={styles.cardLabel}>{props.label}</div>
      <div className={styles.cardValue} data-testid={props.testId}>
        {props.value}
      </div>
      {props.sub ? <div className={styles.cardSub}>{props.sub}</div> : null}
    </div>
  );
}
