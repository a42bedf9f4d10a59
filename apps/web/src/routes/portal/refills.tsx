// The portal's prescription refills: ask the practice to refill a prescription from one's signed
// consultations (or upload one), and one's requests with what was decided, in words.
import type { RouterOutputs } from "@caredesk/api";
import { errorCode, errorMessage, PagedListBody, trpc } from "@caredesk/client";
import type { RefillStatus } from "@caredesk/validators";
import {
  Alert,
  Badge,
  Button,
  Card,
  EmptyState,
  LoadingState,
  PageHeader,
  SelectField,
  TextAreaField,
  TextField,
  useI18n,
  useT,
  type BadgeTone,
  type MessageKey,
} from "@caredesk/ui";
import { Link } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { QueryError } from "../../components/query-error";
import { UploadStatus, useUpload } from "../../components/upload";
import { acceptFor } from "../../lib/files";
import { useWorkspace, type MyOrganization } from "../../lib/workspace";
import { zonedFormat } from "../../lib/zoned";

type Prescription = RouterOutputs["refill"]["prescriptionsMine"][number];
type Refill = RouterOutputs["refill"]["mine"]["items"][number];
type Format = ReturnType<typeof zonedFormat>;

export const portalRefillStatus: Record<RefillStatus, MessageKey> = {
  requested: "portalRefills.status.requested",
  approved: "portalRefills.status.approved",
  declined: "portalRefills.status.declined",
  cancelled: "portalRefills.status.cancelled",
};

export const refillStatusTone: Record<RefillStatus, BadgeTone> = {
  requested: "warning",
  approved: "success",
  declined: "danger",
  cancelled: "neutral",
};

export function PortalRefillsPage() {
  const { organization } = useWorkspace();
  if (!organization) return null;
  return <PortalRefills organization={organization} />;
}

function PortalRefills({ organization }: { organization: MyOrganization }) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, organization.timeZone), [tag, organization.timeZone]);
  const prescriptions = trpc.refill.prescriptionsMine.useQuery();
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <>
      <PageHeader
        title={t("portalRefills.title")}
        description={t("portalRefills.lead", { organization: organization.name })}
      />
      <div className="flex flex-col gap-6">
        {notice && <Alert tone="success">{notice}</Alert>}
        {prescriptions.isPending ? (
          <Card>
            <LoadingState />
          </Card>
        ) : prescriptions.isError ? (
          <Card>
            {errorCode(prescriptions.error) === "NOT_FOUND" ? (
              <EmptyState
                titleAs="h2"
                title={t("portalRefills.off")}
                description={t("portalRefills.off.body")}
              />
            ) : (
              <QueryError
                error={prescriptions.error}
                onRetry={() => void prescriptions.refetch()}
                retrying={prescriptions.isRefetching}
              />
            )}
          </Card>
        ) : (
          <>
            <RequestForm
              organization={organization}
              prescriptions={prescriptions.data}
              fmt={fmt}
              onSent={() => setNotice(t("portalRefills.sent"))}
            />
            <OwnRequests fmt={fmt} onCancelled={() => setNotice(t("portalRefills.cancelled"))} />
          </>
        )}
      </div>
    </>
  );
}

function describe(p: Prescription): string {
  return [p.drug, p.strength].filter(Boolean).join(" ");
}

const emptyAddress = { line1: "", line2: "", city: "", postalCode: "" };

function RequestForm({
  organization,
  prescriptions,
  fmt,
  onSent,
}: {
  organization: MyOrganization;
  prescriptions: Prescription[];
  fmt: Format;
  onSent: () => void;
}) {
  const t = useT();
  const utils = trpc.useUtils();
  const hasRecords = prescriptions.length > 0;
  const [source, setSource] = useState<"records" | "upload">(hasRecords ? "records" : "upload");
  const [prescriptionId, setPrescriptionId] = useState("");
  const [file, setFile] = useState<{ id: string; name: string } | null>(null);
  const [note, setNote] = useState("");
  const [fulfilment, setFulfilment] = useState<"pickup" | "delivery">("pickup");
  const [address, setAddress] = useState(emptyAddress);
  const upload = useUpload(organization.id);
  const request = trpc.refill.requestMine.useMutation({
    onSuccess: async () => {
      setPrescriptionId("");
      setFile(null);
      setNote("");
      setAddress(emptyAddress);
      onSent();
      await Promise.all([
        utils.refill.mine.invalidate(),
        utils.refill.prescriptionsMine.invalidate(),
      ]);
    },
  });
  const errors = request.error?.data?.fieldErrors ?? {};
  const chosen = prescriptions.find((p) => p.id === prescriptionId);
  const setLine = (field: keyof typeof address) => (value: string) =>
    setAddress((a) => ({ ...a, [field]: value }));

  return (
    <Card title={t("portalRefills.form.title")}>
      <form
        noValidate
        className="flex flex-col gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          request.mutate({
            ...(source === "records"
              ? prescriptionId
                ? { prescriptionId }
                : {}
              : file
                ? { uploadFileId: file.id }
                : {}),
            note,
            fulfilment,
            ...(fulfilment === "delivery" ? { deliveryAddress: address } : {}),
          });
        }}
      >
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium text-slate-700">
            {t("portalRefills.form.source")}
          </legend>
          {(["records", "upload"] as const).map((choice) => (
            <label key={choice} className="flex min-h-11 items-center gap-2 text-sm">
              <input
                type="radio"
                name="refill-source"
                checked={source === choice}
                onChange={() => setSource(choice)}
              />
              {t(
                choice === "records"
                  ? "portalRefills.form.fromRecords"
                  : "portalRefills.form.upload",
              )}
            </label>
          ))}
        </fieldset>

        {source === "records" ? (
          hasRecords ? (
            <div className="flex flex-col gap-1">
              <SelectField
                label={t("portalRefills.form.prescription")}
                placeholder={t("portalRefills.form.choose")}
                value={prescriptionId}
                onChange={(event) => setPrescriptionId(event.target.value)}
                error={errors.prescriptionId?.[0]}
                options={prescriptions.map((p) => ({
                  value: p.id,
                  label: p.openRefillId
                    ? `${describe(p)} ${t("portalRefills.form.open")}`
                    : describe(p),
                  disabled: p.openRefillId !== null,
                }))}
              />
              {chosen && (
                <p className="text-sm text-slate-600">
                  {t("portalRefills.dose", { dose: chosen.dose, frequency: chosen.frequency })}
                  {" · "}
                  {chosen.practitionerName
                    ? t("portalRefills.prescribedBy", {
                        date: fmt.dateTime(chosen.prescribedAt),
                        doctor: chosen.practitionerName,
                      })
                    : t("portalRefills.prescribedOn", { date: fmt.dateTime(chosen.prescribedAt) })}
                </p>
              )}
            </div>
          ) : (
            <p className="text-sm text-slate-600">{t("portalRefills.form.none")}</p>
          )
        ) : (
          <div className="flex flex-col gap-1">
            <label className="text-sm font-medium text-slate-700" htmlFor="refill-upload">
              {t("portalRefills.form.file")}
            </label>
            <input
              id="refill-upload"
              type="file"
              accept={acceptFor.prescription}
              onChange={(event) => {
                const picked = event.target.files?.[0];
                if (!picked) return;
                void upload.upload(picked, "prescription").then((uploaded) => {
                  if (uploaded) setFile({ id: uploaded.id, name: uploaded.originalName });
                });
              }}
            />
            <UploadStatus state={upload} />
            {file && (
              <p className="text-sm text-slate-700">
                {t("portalRefills.form.uploaded", { name: file.name })}
              </p>
            )}
            {(errors.uploadFileId ?? errors.prescriptionId) && (
              <p className="text-sm text-red-700">
                {(errors.uploadFileId ?? errors.prescriptionId)?.[0]}
              </p>
            )}
          </div>
        )}

        <TextAreaField
          label={t("portalRefills.form.note")}
          description={t("portalRefills.form.noteHint")}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          error={errors.note?.[0]}
        />

        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium text-slate-700">
            {t("portalRefills.form.fulfilment")}
          </legend>
          {(["pickup", "delivery"] as const).map((choice) => (
            <label key={choice} className="flex min-h-11 items-center gap-2 text-sm">
              <input
                type="radio"
                name="refill-fulfilment"
                checked={fulfilment === choice}
                onChange={() => setFulfilment(choice)}
              />
              {t(choice === "pickup" ? "portalRefills.form.pickup" : "portalRefills.form.delivery")}
            </label>
          ))}
        </fieldset>
        {fulfilment === "delivery" && (
          <div className="grid gap-3 sm:grid-cols-2">
            <TextField
              label={t("portalRefills.form.line1")}
              value={address.line1}
              onChange={(event) => setLine("line1")(event.target.value)}
              error={errors["deliveryAddress.line1"]?.[0] ?? errors.deliveryAddress?.[0]}
              autoComplete="address-line1"
            />
            <TextField
              label={t("portalRefills.form.line2")}
              value={address.line2}
              onChange={(event) => setLine("line2")(event.target.value)}
              autoComplete="address-line2"
            />
            <TextField
              label={t("portalRefills.form.city")}
              value={address.city}
              onChange={(event) => setLine("city")(event.target.value)}
              error={errors["deliveryAddress.city"]?.[0]}
              autoComplete="address-level2"
            />
            <TextField
              label={t("portalRefills.form.postalCode")}
              value={address.postalCode}
              onChange={(event) => setLine("postalCode")(event.target.value)}
              autoComplete="postal-code"
            />
          </div>
        )}
        {request.error && (
          <Alert tone="error">{errorMessage(request.error, t("ui.error.network"))}</Alert>
        )}
        <div>
          <Button type="submit" loading={request.isPending} disabled={upload.progress !== null}>
            {t("portalRefills.form.submit")}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function OwnRequests({ fmt, onCancelled }: { fmt: Format; onCancelled: () => void }) {
  const t = useT();
  const utils = trpc.useUtils();
  const list = trpc.refill.mine.useInfiniteQuery(
    { limit: 25 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const cancel = trpc.refill.cancelMine.useMutation({
    onSuccess: async () => {
      onCancelled();
      await Promise.all([
        utils.refill.mine.invalidate(),
        utils.refill.prescriptionsMine.invalidate(),
      ]);
    },
  });
  return (
    <Card title={t("portalRefills.mine.title")}>
      {cancel.error && (
        <Alert tone="error">{errorMessage(cancel.error, t("ui.error.network"))}</Alert>
      )}
      <PagedListBody
        list={list}
        empty={
          <EmptyState
            title={t("portalRefills.mine.empty")}
            description={t("portalRefills.mine.empty.body")}
          />
        }
      >
        {(items) => (
          <ul className="divide-y divide-slate-100" aria-label={t("portalRefills.mine.title")}>
            {items.map((refill) => (
              <OwnRequest
                key={refill.id}
                refill={refill}
                fmt={fmt}
                cancelling={cancel.isPending && cancel.variables.id === refill.id}
                onCancel={() => cancel.mutate({ id: refill.id })}
              />
            ))}
          </ul>
        )}
      </PagedListBody>
    </Card>
  );
}

function OwnRequest({
  refill,
  fmt,
  cancelling,
  onCancel,
}: {
  refill: Refill;
  fmt: Format;
  cancelling: boolean;
  onCancel: () => void;
}) {
  const t = useT();
  const name = refill.medicine ?? t("portalRefills.uploadedPrescription");
  return (
    <li className="flex flex-col gap-1 py-3 first:pt-0 last:pb-0">
      <div className="flex flex-wrap items-center gap-3">
        <span className="font-medium">{name}</span>
        <Badge tone={refillStatusTone[refill.status]}>{t(portalRefillStatus[refill.status])}</Badge>
        <span className="text-sm text-slate-600">
          {t("portalRefills.requestedOn", { date: fmt.dateTime(refill.createdAt) })}
        </span>
        {refill.status === "requested" && (
          <Button
            size="sm"
            variant="ghost-danger"
            className="ms-auto"
            loading={cancelling}
            aria-label={`${t("portalRefills.cancel")}: ${name}`}
            onClick={onCancel}
          >
            {t("portalRefills.cancel")}
          </Button>
        )}
      </div>
      {refill.fulfilment === "delivery" && refill.deliveryAddress && (
        <p className="text-sm text-slate-700">
          {t("portalRefills.deliverTo", { address: addressText(refill.deliveryAddress) })}
        </p>
      )}
      {refill.status === "approved" &&
        (refill.orderId && refill.orderNumber !== null ? (
          <Link
            to="/portal/orders/$orderId"
            params={{ orderId: refill.orderId }}
            className="text-sm font-medium text-brand-700 hover:underline"
          >
            {t("portalRefills.order", { number: refill.orderNumber })}
          </Link>
        ) : (
          <p className="text-sm text-slate-700">{t("portalRefills.pickupReady")}</p>
        ))}
      {refill.decisionNote && (
        <p className="text-sm text-slate-700">
          {t("portalRefills.note", { note: refill.decisionNote })}
        </p>
      )}
    </li>
  );
}

/** A delivery address on one line: "3 Nile Street, Flat 4, Cairo 11511". */
export function addressText(address: NonNullable<Refill["deliveryAddress"]>): string {
  const city = [address.city, address.postalCode].filter(Boolean).join(" ");
  return [address.line1, address.line2, city].filter(Boolean).join(", ");
}
