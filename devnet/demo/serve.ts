import { join } from "node:path";
import { parseArgs } from "node:util";
import { startDemoServer } from "./demoServer";

// `npm start` runs this: the demo lending page at http://127.0.0.1:<port>/demo/ until the process is stopped.
const { values } = parseArgs({ options: { port: { type: "string", default: "8788" } } });
const page = join(import.meta.dirname, "lending.html");
const demo = await startDemoServer({ port: Number(values.port), pages: { "": page, "lending.html": page } });
console.log(`demo lending page: ${demo.url}`);
