// The pharmacy's catalogue: staff read it with `pharmacy.read` and change it with
// `pharmacy.manage`.
import {
  ProductByBarcodeInput,
  ProductByIdInput,
  ProductCreateInput,
  ProductListInput,
  ProductUpdateInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  archiveProduct,
  createProduct,
  getProduct,
  listProducts,
  productByBarcode,
  restoreProduct,
  updateProduct,
} from "../service/product";
import { orgProcedure } from "../trpc";

export const productRouter = {
  /** Fuzzy search over name, generic name, barcode and SKU; by status, category, low stock. */
  list: orgProcedure("pharmacy.read")
    .input(ProductListInput)
    .query(({ ctx, input }) => listProducts(ctx, input)),

  /** A product with its lots and the units that can be sold now. */
  byId: orgProcedure("pharmacy.read")
    .input(ProductByIdInput)
    .query(({ ctx, input }) => getProduct(ctx, input.id)),

  /** Exactly this barcode: what the counter's scanner types. */
  byBarcode: orgProcedure("pharmacy.read")
    .input(ProductByBarcodeInput)
    .query(({ ctx, input }) => productByBarcode(ctx, input.barcode)),

  create: orgProcedure("pharmacy.manage")
    .input(ProductCreateInput)
    .mutation(({ ctx, input }) => createProduct(ctx, input)),

  update: orgProcedure("pharmacy.manage")
    .input(ProductUpdateInput)
    .mutation(({ ctx, input }) => updateProduct(ctx, input)),

  /** Off the shop and the counter; its stock and history stay. */
  archive: orgProcedure("pharmacy.manage")
    .input(ProductByIdInput)
    .mutation(({ ctx, input }) => archiveProduct(ctx, input.id)),

  restore: orgProcedure("pharmacy.manage")
    .input(ProductByIdInput)
    .mutation(({ ctx, input }) => restoreProduct(ctx, input.id)),
} satisfies TRPCRouterRecord;
