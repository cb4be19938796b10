import type { User } from "../../shared/schemas/auth";
import type { Subscription } from "../../shared/schemas/subscriptions";
import type { Env } from "../env";

/** The signed-in user of a request, loaded from D1 by the auth middleware. */
export interface Session {
  user: User;
  subscription: Subscription;
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
