// The notification centre: the signed-in user's in-app messages.
import { z } from "zod";
import { Cursor, Id, PageLimit } from "./common";

export const NotificationInboxInput = z.object({
  cursor: Cursor.optional(),
  limit: PageLimit.default(20),
});
export type NotificationInboxInput = z.infer<typeof NotificationInboxInput>;

export const NotificationMarkReadInput = z.object({ id: Id });
export type NotificationMarkReadInput = z.infer<typeof NotificationMarkReadInput>;
