import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, PagedListBody, trpc, useServerSubmit } from "@caredesk/client";
import { DepartmentCreateInput } from "@caredesk/validators";
import {
  Alert,
  Button,
  Card,
  ConfirmDialog,
  Dialog,
  EmptyState,
  PageHeader,
  Table,
  TBody,
  Td,
  TextAreaField,
  TextField,
  Th,
  THead,
  Tr,
  useI18n,
} from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { ActiveBadge, ShowArchivedToggle } from "../../components/archiving";
import { organizationPage } from "../../components/organization-page";
import { RowActions } from "../../components/row-actions";
import { can } from "../../lib/permissions";
import type { MyOrganization } from "../../lib/workspace";

type Department = RouterOutputs["department"]["list"]["items"][number];

export const DepartmentsPage = organizationPage(
  "directory.read",
  "departments.title",
  DepartmentsScreen,
);

function DepartmentsScreen({ organization }: { organization: MyOrganization }) {
  const { t } = useI18n();
  const manage = can(organization.role, "directory.manage");
  const [showInactive, setShowInactive] = useState(false);
  const [editing, setEditing] = useState<Department | "new" | null>(null);
  const [archiving, setArchiving] = useState<Department | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const utils = trpc.useUtils();
  const list = trpc.department.list.useInfiniteQuery(
    { includeInactive: showInactive, limit: 50 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const update = trpc.department.update.useMutation({
    onSuccess: () => utils.department.list.invalidate(),
  });

  const setActive = async (department: Department, active: boolean) => {
    setNotice(null);
    try {
      await update.mutateAsync({ id: department.id, active });
      setNotice(
        t(active ? "departments.restored" : "departments.archived", { name: department.name }),
      );
      setArchiving(null);
    } catch {
      // Shown by the dialog (archive) or the notice below (restore).
    }
  };

  const create = manage && (
    <Button onClick={() => setEditing("new")}>{t("departments.new")}</Button>
  );

  return (
    <>
      <PageHeader
        title={t("departments.title")}
        description={t("departments.lead", { organization: organization.name })}
        actions={create}
      />
      <div className="flex flex-col gap-4">
        {notice && <Alert tone="success">{notice}</Alert>}
        {update.error && !archiving && (
          <Alert tone="error">{errorMessage(update.error, t("ui.error.network"))}</Alert>
        )}
        <Card
          actions={<ShowArchivedToggle checked={showInactive} onChange={setShowInactive} />}
          title={t("departments.listTitle")}
        >
          <PagedListBody
            list={list}
            empty={
              <EmptyState
                title={t("departments.empty.title")}
                description={t(manage ? "departments.empty.body" : "departments.empty.readOnly")}
                action={create}
              />
            }
          >
            {(items) => (
              <Table caption={t("departments.caption")}>
                <THead>
                  <Tr>
                    <Th>{t("departments.col.name")}</Th>
                    <Th className="hidden md:table-cell">{t("departments.col.description")}</Th>
                    <Th>{t("common.col.status")}</Th>
                    {manage && (
                      <Th>
                        <span className="sr-only">{t("common.col.actions")}</span>
                      </Th>
                    )}
                  </Tr>
                </THead>
                <TBody>
                  {items.map((d) => (
                    <Tr key={d.id}>
                      <Td className="font-medium text-slate-900">{d.name}</Td>
                      <Td className="hidden max-w-md truncate text-slate-500 md:table-cell">
                        {d.description ?? "—"}
                      </Td>
                      <Td>
                        <ActiveBadge active={d.active} />
                      </Td>
                      {manage && (
                        <Td className="text-end whitespace-nowrap">
                          <RowActions
                            name={d.name}
                            active={d.active}
                            onEdit={() => setEditing(d)}
                            onArchive={() => {
                              update.reset();
                              setArchiving(d);
                            }}
                            onRestore={() => void setActive(d, true)}
                          />
                        </Td>
                      )}
                    </Tr>
                  ))}
                </TBody>
              </Table>
            )}
          </PagedListBody>
        </Card>
      </div>
      <Dialog
        open={editing !== null}
        onClose={() => setEditing(null)}
        size="lg"
        title={editing === "new" || editing === null ? t("departments.new") : t("departments.edit")}
      >
        {editing !== null && (
          <DepartmentForm
            key={editing === "new" ? "new" : editing.id}
            department={editing === "new" ? null : editing}
            onDone={(name, created) => {
              setEditing(null);
              setNotice(t(created ? "departments.created" : "departments.saved", { name }));
            }}
            onCancel={() => setEditing(null)}
          />
        )}
      </Dialog>
      <ConfirmDialog
        open={archiving !== null}
        title={t("departments.confirmArchive.title", { name: archiving?.name ?? "" })}
        description={t("departments.confirmArchive.body")}
        confirmLabel={t("common.archive")}
        pending={update.isPending}
        error={update.error ? errorMessage(update.error, t("ui.error.network")) : null}
        onConfirm={() => archiving && void setActive(archiving, false)}
        onCancel={() => setArchiving(null)}
      />
    </>
  );
}

function DepartmentForm({
  department,
  onDone,
  onCancel,
}: {
  department: Department | null;
  onDone: (name: string, created: boolean) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const create = trpc.department.create.useMutation();
  const update = trpc.department.update.useMutation();
  const form = useForm({
    resolver: zodResolver(DepartmentCreateInput),
    defaultValues: { name: department?.name ?? "", description: department?.description ?? "" },
  });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, ["name", "description"]);

  const onSubmit = submit(async (values) => {
    const saved = department
      ? await update.mutateAsync({ ...values, id: department.id })
      : await create.mutateAsync(values);
    await utils.department.list.invalidate();
    onDone(saved.name, !department);
  });

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
      {formError && <Alert tone="error">{formError}</Alert>}
      <TextField
        label={t("departments.field.name")}
        placeholder={t("departments.field.namePlaceholder")}
        autoComplete="off"
        error={errors.name?.message}
        {...form.register("name")}
      />
      <TextAreaField
        label={t("departments.field.description")}
        error={errors.description?.message}
        {...form.register("description")}
      />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} disabled={isSubmitting}>
          {t("ui.cancel")}
        </Button>
        <Button type="submit" loading={isSubmitting}>
          {department ? t("common.save") : t("departments.create")}
        </Button>
      </div>
    </form>
  );
}
