// The record browser's edit form, generated from the columns the product's own form schema
// offers for this table: an input per column kind. Only changed fields are sent; what the
// server refuses comes back as the product's field errors, shown under each field.
import { errorMessage, trpc } from "@caredesk/client";
import {
  Alert,
  Button,
  Card,
  CheckboxField,
  SelectField,
  TextAreaField,
  TextField,
  useI18n,
} from "@caredesk/ui";
import { useState, type FormEvent } from "react";
import type { RecordColumn, RecordTable } from "./records-shared";

type Draft = Record<string, string | boolean>;

/** A stored value as the text an input holds. */
function toDraft(value: unknown, column: RecordColumn): string | boolean {
  if (column.kind === "boolean") return value === true;
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (column.kind === "array" && Array.isArray(value)) return value.map(String).join(", ");
  if (column.kind === "json") return JSON.stringify(value, null, 2);
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return JSON.stringify(value);
}

type Parsed = { ok: true; value: unknown } | { ok: false };

/** The input's text as the value the api takes for this column kind. */
function fromDraft(draft: string | boolean, column: RecordColumn): Parsed {
  if (typeof draft === "boolean") return { ok: true, value: draft };
  const text = draft.trim();
  switch (column.kind) {
    case "integer":
    case "number": {
      if (text === "") return { ok: true, value: null };
      const value = Number(text);
      return Number.isFinite(value) ? { ok: true, value } : { ok: false };
    }
    case "array": {
      if (text === "") return { ok: true, value: [] };
      const parts = text.split(",").map((part) => part.trim());
      return {
        ok: true,
        value: parts.every((part) => /^-?\d+$/.test(part)) ? parts.map(Number) : parts,
      };
    }
    case "json":
      try {
        return { ok: true, value: text === "" ? null : (JSON.parse(text) as unknown) };
      } catch {
        return { ok: false };
      }
    case "uuid":
    case "enum":
    case "date":
    case "time":
    case "timestamp":
      return { ok: true, value: text === "" ? null : text };
    default:
      // Blank text is null where the column may be empty; a required one is told so by the form.
      return { ok: true, value: text === "" && column.nullable ? null : draft };
  }
}

export function RecordEditForm({
  table,
  id,
  values,
  onSaved,
}: {
  table: RecordTable;
  id: string;
  values: Record<string, unknown>;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const columns = table.columns.filter(
    (c) => table.editableColumns.includes(c.key) && !table.lockedColumns.includes(c.key),
  );
  const initial: Draft = Object.fromEntries(columns.map((c) => [c.key, toDraft(values[c.key], c)]));
  const [draft, setDraft] = useState<Draft>(initial);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [nothing, setNothing] = useState(false);
  const update = trpc.adminRecords.update.useMutation({
    onSuccess: async () => {
      await Promise.all([
        utils.adminRecords.get.invalidate({ table: table.name, id }),
        utils.adminRecords.history.invalidate({ table: table.name, id }),
        utils.adminRecords.list.invalidate({ table: table.name }),
      ]);
      onSaved();
    },
  });
  const serverErrors: Readonly<Record<string, string[]>> = update.error?.data?.fieldErrors ?? {};
  const placed = new Set(columns.map((c) => c.key));
  const leftover = Object.entries(serverErrors)
    .filter(([key]) => !placed.has(key))
    .map(([, messages]) => messages.join(" "));
  const formError =
    update.error && Object.keys(serverErrors).length === 0
      ? errorMessage(update.error, t("ui.error.unknown"))
      : leftover.length > 0
        ? leftover.join(" ")
        : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    const changes: Record<string, unknown> = {};
    const errors: Record<string, string> = {};
    for (const column of columns) {
      const current = draft[column.key] ?? "";
      if (current === initial[column.key]) continue;
      const parsed = fromDraft(current, column);
      if (parsed.ok) changes[column.key] = parsed.value;
      else errors[column.key] = t("adminRecords.edit.invalidNumber");
    }
    setClientErrors(errors);
    setNothing(false);
    if (Object.keys(errors).length > 0) return;
    if (Object.keys(changes).length === 0) {
      setNothing(true);
      return;
    }
    update.mutate({ table: table.name, id, values: changes });
  }

  const errorOf = (key: string) =>
    clientErrors[key] ?? (serverErrors[key] ? serverErrors[key].join(" ") : undefined);

  return (
    <Card title={t("adminRecords.edit.title")} description={t("adminRecords.edit.lead")}>
      <form className="flex flex-col gap-4" onSubmit={submit} noValidate>
        {formError && <Alert tone="error">{formError}</Alert>}
        {nothing && <Alert tone="info">{t("adminRecords.edit.nothing")}</Alert>}
        <div className="grid gap-4 sm:grid-cols-2">
          {columns.map((column) => {
            const value = draft[column.key] ?? "";
            const set = (next: string | boolean) =>
              setDraft((all) => ({ ...all, [column.key]: next }));
            if (column.kind === "boolean") {
              return (
                <div key={column.key} className="flex flex-col gap-1">
                  <CheckboxField
                    label={column.key}
                    checked={value === true}
                    onChange={(e) => set(e.target.checked)}
                  />
                  {errorOf(column.key) && (
                    <p className="text-sm text-red-700">{errorOf(column.key)}</p>
                  )}
                </div>
              );
            }
            if (column.kind === "enum") {
              return (
                <SelectField
                  key={column.key}
                  label={column.key}
                  options={(column.enumValues ?? []).map((v) => ({ value: v, label: v }))}
                  placeholder={column.nullable ? t("adminRecords.value.empty") : undefined}
                  value={String(value)}
                  onChange={(e) => set(e.target.value)}
                  error={errorOf(column.key)}
                />
              );
            }
            if (column.kind === "json") {
              return (
                <TextAreaField
                  key={column.key}
                  label={column.key}
                  value={String(value)}
                  rows={4}
                  onChange={(e) => set(e.target.value)}
                  error={errorOf(column.key)}
                />
              );
            }
            return (
              <TextField
                key={column.key}
                label={column.key}
                value={String(value)}
                inputMode={
                  column.kind === "integer" || column.kind === "number" ? "decimal" : undefined
                }
                description={column.kind === "array" ? t("adminRecords.edit.arrayHelp") : undefined}
                onChange={(e) => set(e.target.value)}
                error={errorOf(column.key)}
              />
            );
          })}
        </div>
        <div className="flex items-center gap-3">
          <Button type="submit" loading={update.isPending}>
            {t("adminRecords.edit.save")}
          </Button>
          {update.isSuccess && (
            <span role="status" className="text-sm text-green-700">
              {t("adminRecords.edit.saved")}
            </span>
          )}
        </div>
      </form>
    </Card>
  );
}
