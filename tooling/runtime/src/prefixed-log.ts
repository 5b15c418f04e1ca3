// Interleaved output of many processes, each line tagged `[source]` (coloured on a
// terminal) so one can tell the worker's complaint from the web app's.
const COLOURS: Record<string, number> = {
  web: 36,
  "web build": 36,
  worker: 35,
  dispatcher: 33,
  temporal: 34,
  postgres: 32,
  stack: 1,
};

export function createPrefixedLog(stream: NodeJS.WriteStream = process.stdout): (source: string, line: string) => void {
  const useColour = stream.isTTY && !process.env.NO_COLOR;
  const width = Math.max(...Object.keys(COLOURS).map((name) => name.length));
  return (source, line) => {
    const tag = `[${source}]`.padEnd(width + 2);
    const colour = COLOURS[source] ?? 0;
    stream.write(`${useColour ? `\u001b[${colour}m${tag}\u001b[0m` : tag} ${line}\n`);
  };
}
