// Rooms and equipment: the non-human resources a service can need (a practitioner's own
// resource is managed with the practitioner).
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, PagedListBody, trpc, useServerSubmit } from "@caredesk/client";
import { ResourceCreateInput } from "@caredesk/validators";
import {
  Alert,
  Badge,
  Button,
  Card,
  ConfirmDialog,
  Dialog,
  EmptyState,
  PageHeader,
  SelectField,
  Table,
  TBody,
  Td,
  TextField,
  Th,
  THead,
  Tr,
  useI18n,
} from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { ActiveBadge, ShowArchivedToggle } from "../../components/archiving";
import { organizationPage } from "../../components/organization-page";
import { RowActions } from "../../components/row-actions";
import { WorkingHours } from "../../components/working-hours";
import { emptyToNull, useDepartments } from "../../lib/directory";
import { can } from "../../lib/permissions";
import { useWorkspace, type MyOrganization } from "../../lib/workspace";

type Resource = RouterOutputs["resource"]["list"]["items"][number];
type Kind = "room" | "equipment";

export const ResourcesPage = organizationPage("directory.read", "resources.title", ResourcesScreen);

function ResourcesScreen({ organization }: { organization: MyOrganization }) {
  const { t } = useI18n();
  const manage = can(organization.role, "directory.manage");
  const [showInactive, setShowInactive] = useState(false);
  const [editing, setEditing] = useState<Resource | Kind | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <>
      <PageHeader
        title={t("resources.title")}
        description={t("resources.lead", { organization: organization.name })}
        actions={
          manage && (
            <>
              <Button variant="secondary" onClick={() => setEditing("equipment")}>
                {t("resources.newEquipment")}
              </Button>
              <Button onClick={() => setEditing("room")}>{t("resources.newRoom")}</Button>
            </>
          )
        }
      />
      <div className="flex flex-col gap-6">
        <div className="flex flex-wrap items-center justify-between gap-4">
          <div className="min-h-5">{notice && <Alert tone="success">{notice}</Alert>}</div>
          <ShowArchivedToggle checked={showInactive} onChange={setShowInactive} />
        </div>
        {(["room", "equipment"] as const).map((kind) => (
          <ResourceList
            key={kind}
            kind={kind}
            includeInactive={showInactive}
            manage={manage}
            onEdit={setEditing}
            onNotice={setNotice}
          />
        ))}
      </div>
      <Dialog
        open={editing !== null}
        onClose={() => setEditing(null)}
        size="lg"
        title={
          editing === null || typeof editing === "string"
            ? t(editing === "equipment" ? "resources.newEquipment" : "resources.newRoom")
            : t("resources.edit", { name: editing.name })
        }
      >
        {editing !== null && (
          <ResourceForm
            key={typeof editing === "string" ? editing : editing.id}
            resource={typeof editing === "string" ? null : editing}
            kind={
              typeof editing === "string" ? editing : editing.kind === "room" ? "room" : "equipment"
            }
            onDone={(name, created) => {
              setEditing(null);
              setNotice(t(created ? "resources.created" : "resources.saved", { name }));
            }}
            onCancel={() => setEditing(null)}
          />
        )}
      </Dialog>
    </>
  );
}

function ResourceList({
  kind,
  includeInactive,
  manage,
  onEdit,
  onNotice,
}: {
  kind: Kind;
  includeInactive: boolean;
  manage: boolean;
  onEdit: (resource: Resource) => void;
  onNotice: (text: string) => void;
}) {
  const { t } = useI18n();
  const departments = useDepartments();
  const utils = trpc.useUtils();
  const [archiving, setArchiving] = useState<Resource | null>(null);
  const [hoursOf, setHoursOf] = useState<Resource | null>(null);
  const role = useWorkspace().organization?.role;
  const readHours = role !== undefined && can(role, "schedule.read");
  const list = trpc.resource.list.useInfiniteQuery(
    { kind, includeInactive, limit: 50 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const update = trpc.resource.update.useMutation({
    onSuccess: () => utils.resource.list.invalidate(),
  });
  const setActive = async (resource: Resource, active: boolean) => {
    try {
      await update.mutateAsync({ id: resource.id, active });
      setArchiving(null);
      onNotice(t(active ? "resources.restored" : "resources.archived", { name: resource.name }));
    } catch {
      // Shown in the dialog or the alert.
    }
  };
  const title = t(kind === "room" ? "resources.rooms" : "resources.equipment");

  return (
    <Card title={title}>
      {update.error && !archiving && (
        <Alert tone="error" className="mb-4">
          {errorMessage(update.error, t("ui.error.network"))}
        </Alert>
      )}
      <PagedListBody
        list={list}
        empty={
          <EmptyState
            title={t(kind === "room" ? "resources.empty.rooms" : "resources.empty.equipment")}
            description={t("resources.empty.body")}
          />
        }
      >
        {(items) => (
          <Table caption={title}>
            <THead>
              <Tr>
                <Th>{t("resources.col.name")}</Th>
                <Th>{t("resources.col.category")}</Th>
                <Th className="hidden md:table-cell">{t("resources.col.department")}</Th>
                <Th>{t("common.col.status")}</Th>
                {(manage || readHours) && (
                  <Th>
                    <span className="sr-only">{t("common.col.actions")}</span>
                  </Th>
                )}
              </Tr>
            </THead>
            <TBody>
              {items.map((r) => (
                <Tr key={r.id}>
                  <Td className="font-medium text-slate-900">{r.name}</Td>
                  <Td>{r.category ? <Badge tone="brand">{r.category}</Badge> : "—"}</Td>
                  <Td className="hidden md:table-cell">
                    {departments.nameOf(r.departmentId) ?? "—"}
                  </Td>
                  <Td>
                    <ActiveBadge active={r.active} />
                  </Td>
                  {(manage || readHours) && (
                    <Td className="text-end whitespace-nowrap">
                      {readHours && (
                        <Button
                          variant="ghost"
                          size="sm"
                          aria-label={t("hours.openNamed", { name: r.name })}
                          onClick={() => setHoursOf(r)}
                        >
                          {t("hours.open")}
                        </Button>
                      )}
                      {manage && (
                        <>
                          <RowActions
                            name={r.name}
                            active={r.active}
                            onEdit={() => onEdit(r)}
                            onArchive={() => {
                              update.reset();
                              setArchiving(r);
                            }}
                            onRestore={() => void setActive(r, true)}
                          />
                        </>
                      )}
                    </Td>
                  )}
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </PagedListBody>
      {hoursOf && (
        <Dialog
          open
          size="xl"
          title={t("hours.of", { name: hoursOf.name })}
          onClose={() => setHoursOf(null)}
          footer={
            <Button variant="secondary" onClick={() => setHoursOf(null)}>
              {t("ui.close")}
            </Button>
          }
        >
          <WorkingHours
            resourceId={hoursOf.id}
            manage={role !== undefined && can(role, "schedule.manage")}
          />
        </Dialog>
      )}
      <ConfirmDialog
        open={archiving !== null}
        title={t("resources.confirmArchive.title", { name: archiving?.name ?? "" })}
        description={t("resources.confirmArchive.body")}
        confirmLabel={t("common.archive")}
        pending={update.isPending}
        error={update.error ? errorMessage(update.error, t("ui.error.network")) : null}
        onConfirm={() => archiving && void setActive(archiving, false)}
        onCancel={() => setArchiving(null)}
      />
    </Card>
  );
}

/** Categories already in use, offered as suggestions ("echo machine", "x-ray"…). */
export function useResourceCategories(kind?: Kind) {
  const list = trpc.resource.list.useQuery({
    includeInactive: true,
    limit: 100,
    ...(kind ? { kind } : {}),
  });
  const categories = new Set<string>();
  for (const r of list.data?.items ?? []) {
    if (r.category && r.kind !== "practitioner") categories.add(r.category);
  }
  return [...categories].sort((a, b) => a.localeCompare(b));
}

function ResourceForm({
  resource,
  kind,
  onDone,
  onCancel,
}: {
  resource: Resource | null;
  kind: Kind;
  onDone: (name: string, created: boolean) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const departments = useDepartments();
  const categories = useResourceCategories();
  const listId = useId();
  const create = trpc.resource.create.useMutation();
  const update = trpc.resource.update.useMutation();
  const form = useForm({
    resolver: zodResolver(ResourceCreateInput),
    defaultValues: {
      kind,
      name: resource?.name ?? "",
      category: resource?.category ?? "",
      departmentId: resource?.departmentId ?? null,
    },
  });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, ["kind", "name", "category", "departmentId"]);

  const onSubmit = submit(async (values) => {
    const { kind: _kind, ...changes } = values;
    const saved = resource
      ? await update.mutateAsync({ ...changes, id: resource.id })
      : await create.mutateAsync(values);
    await utils.resource.list.invalidate();
    onDone(saved.name, !resource);
  });

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
      {formError && <Alert tone="error">{formError}</Alert>}
      <SelectField
        label={t("resources.field.kind")}
        disabled={resource !== null}
        options={[
          { value: "room", label: t("resources.kind.room") },
          { value: "equipment", label: t("resources.kind.equipment") },
        ]}
        error={errors.kind?.message}
        {...form.register("kind")}
      />
      <TextField
        label={t("resources.field.name")}
        placeholder={t("resources.field.namePlaceholder")}
        autoComplete="off"
        error={errors.name?.message}
        {...form.register("name")}
      />
      <TextField
        label={t("resources.field.category")}
        placeholder={t("resources.field.categoryPlaceholder")}
        description={t("resources.field.categoryHint")}
        list={listId}
        autoComplete="off"
        error={errors.category?.message}
        {...form.register("category")}
      />
      <datalist id={listId}>
        {categories.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      <SelectField
        label={t("resources.field.department")}
        placeholder={t("common.none")}
        options={departments.options(resource?.departmentId)}
        error={errors.departmentId?.message}
        {...form.register("departmentId", { setValueAs: emptyToNull })}
      />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} disabled={isSubmitting}>
          {t("ui.cancel")}
        </Button>
        <Button type="submit" loading={isSubmitting}>
          {resource ? t("common.save") : t("resources.create")}
        </Button>
      </div>
    </form>
  );
}
