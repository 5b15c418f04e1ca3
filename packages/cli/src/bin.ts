// `pnpm mailstream …` at the repository root (node --import tsx): the CLI with the process's
// arguments, output and exit code. The package's bin (bin/mailstream.mjs) does the same.
import { main } from "./main";

process.exitCode = await main(process.argv.slice(2));
