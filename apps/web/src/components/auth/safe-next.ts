// Where to go after signing in: only same-site paths, so `next=https://evil.example` (or
// `//evil.example`) never becomes an open redirect.
export function safeNext(next: string | null | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/overview";
}
