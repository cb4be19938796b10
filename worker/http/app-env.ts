import type { User } from "../../shared/schemas/auth";
import type { Subscription } from "../../shared/schemas/subscriptions";
import type { Env } from "../env";

/** The signed-in user of a request, loaded from D1 by the auth middleware. */
export interface Session {
  user: User;
  subscription: Subscription;
  /** The sign-in (refresh family) the access token belongs to, and when it ends unless refreshed. */
  sessionId: string;
  sessionExpiresAt: number;
}

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    /** Set once the token is verified, for logs. */
    userId: string | undefined;
    session: Session;
  };
}
