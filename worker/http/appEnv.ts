import type { Session } from "../auth/users";
import type { Env } from "../env";

export type { Session };

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    /** Set once the token is verified, for logs. */
    userId: string | undefined;
    session: Session;
  };
}
