// What the "at each contact's best time" schedule does, under the schedule select: kept apart
// from the form so the form only gains one option and one line.
export function BestTimeHint() {
  return (
    <p className="muted">
      Sends within the next 24 hours, each contact at the hour they usually open and click (in their zone). Contacts
      with fewer than 3 opens or clicks get the workspace&apos;s best hour; if the workspace has too little history,
      they get it now.
    </p>
  );
}
