// A failed request's message as an alert (announced to assistive tech), or nothing.
export function ErrorAlert({ error, className }: { error: { message: string } | null; className?: string }) {
  if (!error) return null;
  return (
    <div className={className ? `alert alert-error ${className}` : "alert alert-error"} role="alert">
      {error.message}
    </div>
  );
}
