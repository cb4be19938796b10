import { createContext, useContext } from "react";

/** Why actions that need the API are off right now (see apiActionBlock), or null: set once by the popup. */
export const ApiOfflineContext = createContext<string | null>(null);

export const useApiOffline = (): string | null => useContext(ApiOfflineContext);
