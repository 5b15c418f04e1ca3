#!/usr/bin/env node
// `mailstream`: runs the CLI's TypeScript through tsx, as the repository runs its other tools.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2));
