// Every procedure of the app and host routers with its meta and input schemas: what the OpenAPI
// document and the generated tests walk, so a new procedure is picked up by both on its own.
import type { AnyTRPCProcedure, TRPCProcedureType } from "@trpc/server";
import type { z } from "zod";
import { hostRouter } from "./host";
import { appRouter } from "./root";
import type { Meta } from "./trpc";

export interface ProcedureInfo {
  /** How tests name it: the dotted path, prefixed `host:` for host-only procedures. */
  key: string;
  router: "app" | "host";
  /** Dotted path inside its router, e.g. `organization.addMember`. */
  path: string;
  type: TRPCProcedureType;
  meta: Meta;
  /** The zod schemas given to `.input()`, in order (none when it takes no input). */
  inputs: z.ZodType[];
}

export function routerProcedures(): ProcedureInfo[] {
  const routers = { app: appRouter, host: hostRouter } as const;
  return (["app", "host"] as const).flatMap((router) => {
    // tRPC keeps a flat path → procedure map beside the nested record it is typed as.
    const flat = routers[router]._def.procedures as unknown as Record<string, AnyTRPCProcedure>;
    return Object.entries(flat).map(([path, procedure]) => ({
      key: router === "app" ? path : `host:${path}`,
      router,
      path,
      type: procedure._def.type,
      meta: procedure._def.meta ?? {},
      inputs: procedure._def.inputs as z.ZodType[],
    }));
  });
}
