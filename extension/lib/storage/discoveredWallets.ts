import { z } from "zod";
import { eip6963ProviderInfoSchema } from "../../../shared/messages";
import { storedItem } from "./storedItem";

/** Wallets seen through EIP-6963 on supported sites, so the options page can offer them. Latest first. */
export const discoveredWalletsItem = storedItem(
  "vigil:discoveredWallets",
  z
    .array(z.object({ ...eip6963ProviderInfoSchema.shape, seenOn: z.string(), seenAt: z.number().int() }))
    .max(20),
  [],
);
