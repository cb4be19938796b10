// The part of the `ws` package (a dependency of the dev tooling, without bundled types) that socket.test.ts uses
// to run a real WebSocket server in Node. Tests only: the extension itself uses the browser's WebSocket.
declare module "ws" {
  import type { IncomingMessage } from "node:http";

  export class WebSocket {
    send(data: string): void;
    close(code?: number, reason?: string): void;
    terminate(): void;
  }

  export class WebSocketServer {
    constructor(options: { host?: string; port: number });
    address(): import("node:net").AddressInfo | string;
    on(event: "connection", listener: (socket: WebSocket, request: IncomingMessage) => void): this;
    once(event: "listening", listener: () => void): this;
    close(callback?: (error?: Error) => void): void;
  }
}
