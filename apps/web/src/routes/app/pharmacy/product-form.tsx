// Create and edit a product: SKU and EAN-13 barcode (checked as typed, and by the server),
// name and generic name, form and strength, category, price and tax, reorder level, the
// prescription-only and controlled flags, and a picture uploaded as soon as it is chosen.
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, trpc } from "@caredesk/client";
import { ean13Message, isValidEan13, productForms, type ProductForm } from "@caredesk/validators";
import {
  Alert,
  Button,
  Card,
  CheckboxField,
  LoadingState,
  PageHeader,
  SelectField,
  TextAreaField,
  TextField,
  useT,
} from "@caredesk/ui";
import { Link, useNavigate, useParams } from "@tanstack/react-router";
import { useState, type FormEvent } from "react";
import { FileInput } from "../../../components/file-input";
import { OrganizationGate } from "../../../components/organization-gate";
import { QueryError } from "../../../components/query-error";
import { UploadStatus, useUpload } from "../../../components/upload";
import { acceptFor } from "../../../lib/files";
import { inputToMinor, minorToInput } from "../../../lib/money";
import type { MyOrganization } from "../../../lib/workspace";
import { serverFieldErrors } from "./product";
import { PharmacyTabs } from "./products";

type Product = RouterOutputs["product"]["byId"];

export function ProductNewPage() {
  const t = useT();
  return (
    <OrganizationGate action="pharmacy.manage" title={t("pharmacy.form.new")}>
      {(organization) => <ProductForm organization={organization} />}
    </OrganizationGate>
  );
}

export function ProductEditPage() {
  const t = useT();
  const { productId } = useParams({ from: "/app/pharmacy/products/$productId/edit" });
  return (
    <OrganizationGate action="pharmacy.manage" title={t("pharmacy.form.edit")}>
      {(organization) => <ProductEdit organization={organization} productId={productId} />}
    </OrganizationGate>
  );
}

function ProductEdit({
  organization,
  productId,
}: {
  organization: MyOrganization;
  productId: string;
}) {
  const t = useT();
  const product = trpc.product.byId.useQuery({ id: productId });
  if (product.isPending) return <LoadingState />;
  if (product.isError) {
    return (
      <QueryError
        error={product.error}
        onRetry={() => void product.refetch()}
        retrying={product.isRefetching}
        notFoundTitle={t("pharmacy.product.notFound")}
      />
    );
  }
  return <ProductForm organization={organization} product={product.data} />;
}

interface Values {
  name: string;
  genericName: string;
  sku: string;
  barcode: string;
  form: ProductForm;
  strength: string;
  category: string;
  description: string;
  price: string;
  taxPercent: string;
  reorderLevel: string;
  prescriptionOnly: boolean;
  controlled: boolean;
  imageFileId: string | null;
}

/** Percent as typed ("20", "12.5") → basis points, or null when it is not a rate. */
function percentToBps(text: string): number | null {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const bps = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return bps <= 10_000 ? bps : null;
}

function ProductForm({
  organization,
  product,
}: {
  organization: MyOrganization;
  product?: Product;
}) {
  const t = useT();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const currency = organization.currency;
  const [values, setValues] = useState<Values>({
    name: product?.name ?? "",
    genericName: product?.genericName ?? "",
    sku: product?.sku ?? "",
    barcode: product?.barcode ?? "",
    form: product?.form ?? "tablet",
    strength: product?.strength ?? "",
    category: product?.category ?? "",
    description: product?.description ?? "",
    price: product ? minorToInput(product.priceMinor, currency) : "",
    taxPercent: product ? String(product.taxBps / 100) : "0",
    reorderLevel: product ? String(product.reorderLevel) : "0",
    prescriptionOnly: product?.prescriptionOnly ?? false,
    controlled: product?.controlled ?? false,
    imageFileId: product?.imageFileId ?? null,
  });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const image = useUpload(organization.id);
  const create = trpc.product.create.useMutation();
  const update = trpc.product.update.useMutation();
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const local: Record<string, string | undefined> = {};
    const priceMinor = inputToMinor(values.price, currency);
    const taxBps = percentToBps(values.taxPercent);
    const reorderLevel = /^\d{1,7}$/.test(values.reorderLevel.trim())
      ? Number(values.reorderLevel)
      : null;
    if (!values.name.trim()) local.name = t("pharmacy.form.name.required");
    if (!values.sku.trim()) local.sku = t("pharmacy.form.sku.required");
    if (values.barcode.trim() && !isValidEan13(values.barcode.trim())) local.barcode = ean13Message;
    if (priceMinor === null) local.priceMinor = t("pharmacy.form.price.invalid");
    if (taxBps === null) local.taxBps = t("pharmacy.form.tax.invalid");
    if (reorderLevel === null) local.reorderLevel = t("pharmacy.form.reorder.invalid");
    setErrors(local);
    if (
      Object.keys(local).length > 0 ||
      priceMinor === null ||
      taxBps === null ||
      reorderLevel === null
    ) {
      return;
    }
    const input = {
      name: values.name,
      genericName: values.genericName,
      sku: values.sku,
      barcode: values.barcode.trim(),
      form: values.form,
      strength: values.strength,
      category: values.category.trim(),
      description: values.description,
      priceMinor,
      taxBps,
      reorderLevel,
      prescriptionOnly: values.prescriptionOnly,
      controlled: values.controlled,
      imageFileId: values.imageFileId,
    };
    try {
      const saved = product
        ? await update.mutateAsync({ id: product.id, ...input })
        : await create.mutateAsync(input);
      await utils.product.invalidate();
      await navigate({ to: "/app/pharmacy/products/$productId", params: { productId: saved.id } });
    } catch (error) {
      const fieldErrors = serverFieldErrors(error);
      if (Object.keys(fieldErrors).length > 0) setErrors(fieldErrors);
      else setFormError(errorMessage(error, t("ui.error.network")));
    }
  };

  const saving = create.isPending || update.isPending;
  return (
    <>
      <PageHeader title={product ? t("pharmacy.form.edit") : t("pharmacy.form.new")} />
      <PharmacyTabs />
      <Card>
        <form
          noValidate
          onSubmit={(e) => void onSubmit(e)}
          className="flex max-w-3xl flex-col gap-4"
        >
          {formError && <Alert tone="error">{formError}</Alert>}
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              label={t("pharmacy.field.name")}
              value={values.name}
              onChange={(e) => set("name", e.target.value)}
              error={errors.name}
              required
            />
            <TextField
              label={t("pharmacy.field.genericName")}
              value={values.genericName}
              onChange={(e) => set("genericName", e.target.value)}
              error={errors.genericName}
            />
            <TextField
              label={t("pharmacy.field.sku")}
              value={values.sku}
              onChange={(e) => set("sku", e.target.value)}
              error={errors.sku}
              required
            />
            <TextField
              label={t("pharmacy.field.barcode")}
              description={t("pharmacy.field.barcode.hint")}
              inputMode="numeric"
              value={values.barcode}
              onChange={(e) => set("barcode", e.target.value)}
              error={errors.barcode}
            />
            <SelectField
              label={t("pharmacy.field.form")}
              value={values.form}
              onChange={(e) => set("form", e.target.value as ProductForm)}
              options={productForms.map((form) => ({
                value: form,
                label: t(`pharmacy.form.${form}`),
              }))}
              error={errors.form}
            />
            <TextField
              label={t("pharmacy.field.strength")}
              value={values.strength}
              onChange={(e) => set("strength", e.target.value)}
              error={errors.strength}
            />
            <TextField
              label={t("pharmacy.field.category")}
              value={values.category}
              onChange={(e) => set("category", e.target.value)}
              error={errors.category}
            />
            <TextField
              label={t("pharmacy.field.price", { currency })}
              inputMode="decimal"
              value={values.price}
              onChange={(e) => set("price", e.target.value)}
              error={errors.priceMinor}
              required
            />
            <TextField
              label={t("pharmacy.field.tax")}
              inputMode="decimal"
              value={values.taxPercent}
              onChange={(e) => set("taxPercent", e.target.value)}
              error={errors.taxBps}
            />
            <TextField
              label={t("pharmacy.field.reorderLevel")}
              description={t("pharmacy.field.reorderLevel.hint")}
              inputMode="numeric"
              value={values.reorderLevel}
              onChange={(e) => set("reorderLevel", e.target.value)}
              error={errors.reorderLevel}
            />
          </div>
          <CheckboxField
            label={t("pharmacy.field.prescriptionOnly")}
            checked={values.prescriptionOnly}
            onChange={(e) => set("prescriptionOnly", e.target.checked)}
          />
          <CheckboxField
            label={t("pharmacy.field.controlled")}
            checked={values.controlled}
            onChange={(e) => set("controlled", e.target.checked)}
          />
          <TextAreaField
            label={t("pharmacy.field.description")}
            rows={3}
            value={values.description}
            onChange={(e) => set("description", e.target.value)}
            error={errors.description}
          />
          <div className="flex flex-col gap-2">
            <FileInput
              label={t("pharmacy.field.image")}
              description={t("pharmacy.field.image.hint")}
              accept={acceptFor.product_image}
              disabled={image.uploading}
              error={errors.imageFileId}
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (!file) return;
                void image.upload(file, "product_image").then((uploaded) => {
                  if (uploaded) set("imageFileId", uploaded.id);
                });
              }}
            />
            <UploadStatus state={image} />
            {values.imageFileId && !image.uploading && (
              <div className="flex items-center gap-2 text-sm text-slate-700">
                <span>{t("pharmacy.field.image.attached")}</span>
                <Button
                  type="button"
                  size="sm"
                  variant="secondary"
                  onClick={() => set("imageFileId", null)}
                >
                  {t("pharmacy.field.image.remove")}
                </Button>
              </div>
            )}
          </div>
          <div className="flex justify-end gap-2">
            <Link
              to={product ? "/app/pharmacy/products/$productId" : "/app/pharmacy/products"}
              params={product ? { productId: product.id } : {}}
              className="min-h-10 rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100"
            >
              {t("ui.cancel")}
            </Link>
            <Button type="submit" loading={saving} disabled={image.uploading}>
              {product ? t("pharmacy.form.save") : t("pharmacy.form.create")}
            </Button>
          </div>
        </form>
      </Card>
    </>
  );
}
