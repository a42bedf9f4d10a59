// Links in messages that work without signing in: confirm or cancel an appointment from its
// reminder, stop messages. The token is the whole authority; it is checked, never trusted.
import { z } from "zod";
import { MultiLine } from "./common";
import { LinkToken } from "./invitation";

export const AppointmentLinkInput = z.object({ token: LinkToken });

export const AppointmentLinkCancelInput = z.object({
  token: LinkToken,
  /** Optional: the patient may say why. */
  reason: MultiLine(500).optional(),
});

export const UnsubscribeInput = z.object({ token: LinkToken });
