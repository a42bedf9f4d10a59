import { PaymentAccountRemoveInput, PaymentAccountSaveInput } from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  listPaymentAccounts,
  removePaymentAccount,
  savePaymentAccount,
} from "../service/payment-account";
import { orgProcedure } from "../trpc";

export const paymentAccountRouter = {
  /** The practice's providers: public keys and webhook paths only, never the secrets. */
  list: orgProcedure("billing.settings").query(({ ctx }) =>
    listPaymentAccounts(ctx.db, ctx.org.id),
  ),

  /** Saves a provider's keys, sealed at rest; the secrets are never read back. */
  save: orgProcedure("billing.settings")
    .input(PaymentAccountSaveInput)
    .mutation(({ ctx, input }) => savePaymentAccount(ctx, input)),

  /** Stops taking payments by a provider (its webhooks are still accepted for past payments). */
  remove: orgProcedure("billing.settings")
    .input(PaymentAccountRemoveInput)
    .mutation(({ ctx, input }) => removePaymentAccount(ctx, input.provider)),
} satisfies TRPCRouterRecord;
