// "How long has this contact stood here": a coarse, readable span (the exact instant is a hover away).
export function formatElapsed(since: Date | string, now: number = Date.now()): string {
  const ms = Math.max(0, now - new Date(since).getTime());
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
