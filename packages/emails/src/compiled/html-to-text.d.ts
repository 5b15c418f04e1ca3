// html-to-text ships no types; the one function the compiled renderer calls.
declare module "html-to-text" {
  export function compile(options: Record<string, unknown>): (html: string) => string;
}
