import { Buffer } from "buffer";
import process from "process";

/**
 * @metamask/providers' stream stack (readable-stream, extension-port-stream) expects Node's `Buffer` and
 * `process` globals. Only the wallet pages load this, right before the provider, so no other bundle carries it.
 */
const scope = globalThis as { Buffer?: unknown; process?: unknown };
scope.Buffer ??= Buffer;
scope.process ??= process;
