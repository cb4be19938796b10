import type { SessionState } from "../../../shared/messages";
import type { MessageHandlers } from "../router";
import type { Session } from "../session";

export interface SessionHandlersHost {
  session: Session;
  openConnectPage(): Promise<void>;
  /** After a sign-in: fresh data, the account's settings, the live socket. */
  onSignedIn(): Promise<void>;
  /** Ends the session and everything it left behind (see the background's endSession). */
  signOut(): Promise<SessionState>;
}

/** Sign-in with Ethereum from the connect page, and the session state every page asks for. */
export function createSessionHandlers(
  host: SessionHandlersHost,
): Pick<
  MessageHandlers,
  | "session/get"
  | "session/openConnectPage"
  | "session/prepareSignIn"
  | "session/completeSignIn"
  | "session/signOut"
> {
  return {
    "session/get": () => host.session.state(),
    "session/openConnectPage": async () => {
      await host.openConnectPage();
      return { done: true };
    },
    "session/prepareSignIn": async ({ address, chainId }) => ({
      message: await host.session.prepareSignIn(address as `0x${string}`, chainId),
    }),
    "session/completeSignIn": async ({ address, message, signature }) => {
      const state = await host.session.completeSignIn(
        address as `0x${string}`,
        message,
        signature as `0x${string}`,
      );
      await host.onSignedIn();
      return state;
    },
    "session/signOut": () => host.signOut(),
  };
}
