// A settings form's submit button: disabled and saying "Saving…" while the save runs.
export function SaveButton({ isPending, children }: { isPending: boolean; children: string }) {
  return (
    <button type="submit" className="btn btn-primary" disabled={isPending}>
      {isPending ? "Saving…" : children}
    </button>
  );
}
