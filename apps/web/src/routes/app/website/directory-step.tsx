// The wizard's "departments and doctors" step: what the practice has, and a quick way to add a
// department and a doctor without leaving the wizard. Pharmacies list products instead, which
// come with the pharmacy module.
import { errorMessage, trpc, useServerSubmit } from "@caredesk/client";
import {
  Alert,
  Button,
  Card,
  EmptyState,
  LoadingState,
  SelectField,
  TextField,
  useI18n,
} from "@caredesk/ui";
import { DepartmentCreateInput, PractitionerCreateInput } from "@caredesk/validators";
import { zodResolver } from "@hookform/resolvers/zod";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { QueryError } from "../../../components/query-error";
import type { MyOrganization } from "../../../lib/workspace";

export function DirectoryStep({ organization }: { organization: MyOrganization }) {
  const { t } = useI18n();
  if (organization.kind === "pharmacy") {
    return (
      <Card title={t("website.products.title")}>
        <p className="text-sm text-slate-600">{t("website.products.body")}</p>
      </Card>
    );
  }
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <DepartmentsPart />
      <DoctorsPart />
    </div>
  );
}

/** What the practice already has (loading, failed, none, or the list), above its quick-add form. */
function ShortList<T extends { id: string }>({
  list,
  label,
  empty,
  children,
}: {
  list: {
    isPending: boolean;
    isError: boolean;
    isRefetching: boolean;
    error: unknown;
    data: { items: T[] } | undefined;
    refetch: () => unknown;
  };
  label: string;
  empty: string;
  children: (item: T) => string;
}) {
  if (list.isPending) return <LoadingState />;
  if (list.isError || !list.data) {
    return (
      <QueryError
        error={list.error}
        onRetry={() => void list.refetch()}
        retrying={list.isRefetching}
      />
    );
  }
  if (list.data.items.length === 0) return <EmptyState title={empty} />;
  return (
    <ul aria-label={label} className="mb-4 list-disc ps-5 text-sm">
      {list.data.items.map((item) => (
        <li key={item.id}>{children(item)}</li>
      ))}
    </ul>
  );
}

function DepartmentsPart() {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const list = trpc.department.list.useQuery({ limit: 100 });
  const create = trpc.department.create.useMutation({
    onSuccess: () => utils.department.list.invalidate(),
  });
  const [added, setAdded] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(DepartmentCreateInput),
    defaultValues: { name: "" },
  });
  const { formError, submit } = useServerSubmit(form, ["name"]);
  const onSubmit = submit(async (values) => {
    const created = await create.mutateAsync(values);
    setAdded(t("website.directory.departmentAdded", { name: created.name }));
    form.reset({ name: "" });
  });

  return (
    <Card
      title={t("website.directory.departments")}
      actions={
        <Link to="/app/departments" className="text-sm text-brand-700 underline">
          {t("website.directory.manage")}
        </Link>
      }
    >
      <ShortList
        list={list}
        label={t("website.directory.departments")}
        empty={t("website.directory.noDepartments")}
      >
        {(d) => d.name}
      </ShortList>
      <form
        noValidate
        onSubmit={onSubmit}
        className="flex flex-col gap-3 border-t border-slate-100 pt-4"
      >
        {formError && <Alert tone="error">{formError}</Alert>}
        {added && <Alert tone="success">{added}</Alert>}
        <TextField
          label={t("website.directory.departmentName")}
          error={form.formState.errors.name?.message}
          {...form.register("name")}
        />
        <div>
          <Button type="submit" variant="secondary" loading={form.formState.isSubmitting}>
            {t("website.directory.addDepartment")}
          </Button>
        </div>
      </form>
    </Card>
  );
}

interface DoctorValues {
  name: string;
  title: string;
  specialization: string;
  departmentId: string;
}

function DoctorsPart() {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const list = trpc.practitioner.list.useQuery({ limit: 100 });
  const departments = trpc.department.list.useQuery({ limit: 100 });
  const create = trpc.practitioner.create.useMutation({
    onSuccess: () => utils.practitioner.list.invalidate(),
  });
  const [added, setAdded] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = useForm<DoctorValues>({
    defaultValues: { name: "", title: "Dr", specialization: "", departmentId: "" },
  });
  const { formError, submit } = useServerSubmit(form, [
    "name",
    "title",
    "specialization",
    "departmentId",
  ]);
  const onSubmit = submit(async (values) => {
    setError(null);
    const input = {
      name: values.name,
      title: values.title,
      specialization: values.specialization,
      departmentId: values.departmentId || null,
    };
    const parsed = PractitionerCreateInput.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (field === "name" || field === "title" || field === "specialization") {
          form.setError(field, { type: "client", message: issue.message });
        } else setError(issue.message);
      }
      return;
    }
    const created = await create.mutateAsync(input);
    setAdded(t("website.directory.doctorAdded", { name: created.name }));
    form.reset({ name: "", title: "Dr", specialization: "", departmentId: values.departmentId });
  });

  return (
    <Card
      title={t("website.directory.doctors")}
      actions={
        <Link to="/app/practitioners" className="text-sm text-brand-700 underline">
          {t("website.directory.manage")}
        </Link>
      }
    >
      <ShortList
        list={list}
        label={t("website.directory.doctors")}
        empty={t("website.directory.noDoctors")}
      >
        {(p) =>
          [p.title, p.name].filter(Boolean).join(" ") +
          (p.specialization ? ` — ${p.specialization}` : "")
        }
      </ShortList>
      <form
        noValidate
        onSubmit={onSubmit}
        className="flex flex-col gap-3 border-t border-slate-100 pt-4"
      >
        {(formError ?? error) && <Alert tone="error">{formError ?? error}</Alert>}
        {added && <Alert tone="success">{added}</Alert>}
        <div className="grid gap-3 sm:grid-cols-3">
          <TextField
            label={t("website.directory.doctorTitle")}
            error={form.formState.errors.title?.message}
            {...form.register("title")}
          />
          <div className="sm:col-span-2">
            <TextField
              label={t("website.directory.doctorName")}
              error={form.formState.errors.name?.message}
              {...form.register("name")}
            />
          </div>
        </div>
        <TextField
          label={t("website.directory.specialization")}
          error={form.formState.errors.specialization?.message}
          {...form.register("specialization")}
        />
        <SelectField
          label={t("website.directory.department")}
          options={[
            { value: "", label: t("website.directory.noDepartment") },
            ...(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name })),
          ]}
          error={
            form.formState.errors.departmentId?.message ??
            (departments.isError
              ? errorMessage(departments.error, t("ui.error.unknown"))
              : undefined)
          }
          {...form.register("departmentId")}
        />
        <div>
          <Button type="submit" variant="secondary" loading={form.formState.isSubmitting}>
            {t("website.directory.addDoctor")}
          </Button>
        </div>
      </form>
    </Card>
  );
}
