import {
  AdminRecordBulkInput,
  AdminRecordGetInput,
  AdminRecordHistoryInput,
  AdminRecordListInput,
  AdminRecordUpdateInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  bulkRecords,
  getRecord,
  listRecordTables,
  listRecords,
  recordHistory,
  updateRecord,
} from "../service/admin-records";
import { platformAdminProcedure } from "../trpc";

/** The operators' record browser: every table of the schema, driven by the schema. */
export const adminRecordsRouter = {
  /** Every table: columns (secrets left out), row estimate, what can be edited or switched. */
  tables: platformAdminProcedure.query(({ ctx }) => listRecordTables(ctx.db)),

  /** One table's rows: searched, filtered, sorted and paged. */
  list: platformAdminProcedure
    .input(AdminRecordListInput)
    .query(({ ctx, input }) => listRecords(ctx.db, input)),

  /** One record with the records it points at and those pointing at it. */
  get: platformAdminProcedure
    .input(AdminRecordGetInput)
    .query(({ ctx, input }) => getRecord(ctx.db, input)),

  /** Changes a record through the product's own schema and service for its table. */
  update: platformAdminProcedure
    .input(AdminRecordUpdateInput)
    .mutation(({ ctx, input }) => updateRecord(ctx, input)),

  /** A safe switch (archive, publish…) over up to 100 records of one table. */
  bulk: platformAdminProcedure
    .input(AdminRecordBulkInput)
    .mutation(({ ctx, input }) => bulkRecords(ctx, input)),

  /** The audit entries about one record, newest first. */
  history: platformAdminProcedure
    .input(AdminRecordHistoryInput)
    .query(({ ctx, input }) => recordHistory(ctx.db, input)),
} satisfies TRPCRouterRecord;
