// `npm run devnet -- <command>`: the local chain and its scenarios. Run with no command for help.
import { parseArgs } from "node:util";
import { buildCommand } from "./commands/build";
import { infoCommand } from "./commands/info";
import { replayCommand } from "./commands/replay";
import {
  advanceCommand,
  liquidateCommand,
  positionCommand,
  priceCommand,
  statusCommand,
} from "./commands/scenario";
import { startCommand } from "./commands/start";
import { DEFAULT_DEVNET_PORT } from "./ports";

const HELP = `usage: npm run devnet -- <command> [options]

  start [--port 8545] [--block-time 1]   start the devnet from the cached build (0 = automine)
  build [--force]                        build the state dump for the current deploy code
  info [--write-shared]                  deployment JSON (chainId, rpcUrl, addresses, accounts);
                                         --write-shared regenerates shared/chains/devnet.ts
  status                                 health factor of every named account
  price <SYMBOL> <usd>                   set a reserve's price feed (WETH wstETH USDC DAI LINK)
  advance <seconds>                      move chain time forward and mine a block
  supply|borrow|repay <account> <SYMBOL> <amount>   (repay amount may be "max")
  liquidate <account>                    liquidator repays 50 % of the largest debt
  replay <from> <to> [--speed H] [--prices DIR] [--relative]
                                         real price history (WETH<-ETH, wstETH<-ETH x stETH/ETH, LINK,
                                         stables at 1), H hours of history per second (default 24);
                                         --relative keeps history's moves but starts at today's prices

  accounts: supplier borrower nearLiquidation restaker whale liquidator deployer
  commands other than start/build/info talk to a running devnet at --rpc (default http://127.0.0.1:8545)`;

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: "string" },
      "block-time": { type: "string" },
      rpc: { type: "string" },
      force: { type: "boolean" },
      "write-shared": { type: "boolean" },
      speed: { type: "string" },
      prices: { type: "string" },
      relative: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, ...args] = positionals;
  const port = values.port === undefined ? DEFAULT_DEVNET_PORT : Number(values.port);
  const rpcUrl = values.rpc ?? `http://127.0.0.1:${port}`;
  const need = (n: number, usage: string) => {
    if (args.length !== n) throw new UsageError(`usage: npm run devnet -- ${usage}`);
  };
  switch (command) {
    case "start":
      if (!Number.isInteger(port) || port <= 0) throw new UsageError(`--port must be a port number`);
      return startCommand({ port, blockTimeSeconds: Number(values["block-time"] ?? 1) });
    case "build":
      return buildCommand({ force: values.force === true });
    case "info":
      return infoCommand({ rpcUrl, writeShared: values["write-shared"] === true });
    case "status":
      return statusCommand(rpcUrl);
    case "price":
      need(2, "price <SYMBOL> <usd>");
      return priceCommand(rpcUrl, args[0]!, args[1]!);
    case "advance":
      need(1, "advance <seconds>");
      return advanceCommand(rpcUrl, args[0]!);
    case "supply":
    case "borrow":
    case "repay":
      need(3, `${command} <account> <SYMBOL> <amount>`);
      return positionCommand(rpcUrl, command, args[0]!, args[1]!, args[2]!);
    case "liquidate":
      need(1, "liquidate <account>");
      return liquidateCommand(rpcUrl, args[0]!);
    case "replay":
      need(2, "replay <from> <to> [--speed H] [--prices DIR]");
      return replayCommand({
        rpcUrl,
        from: args[0]!,
        to: args[1]!,
        speed: Number(values.speed ?? 24),
        pricesDir: values.prices,
        relative: values.relative === true,
      });
    default:
      if (command !== undefined && !values.help) console.error(`unknown command "${command}"\n`);
      console.log(HELP);
      if (command !== undefined && !values.help) process.exitCode = 2;
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).catch((error: unknown) => {
  // One clear line for people; the stack only when asked for.
  const message = error instanceof Error ? error.message : String(error);
  console.error(`devnet: ${message}`);
  if (process.env.DEBUG) console.error(error);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
