import type { TRPCRouterRecord } from "@trpc/server";
import { sql } from "drizzle-orm";
import { publicProcedure } from "../trpc";

export const healthRouter = {
  check: publicProcedure.meta({ public: true }).query(async ({ ctx }) => {
    await ctx.db.execute(sql`select 1`);
    return { ok: true as const, time: new Date() };
  }),
} satisfies TRPCRouterRecord;
