// Settings → Assistant: the practice's questions and answers (shown on its public site, and
// what the assistant answers from first), and while the assistant is on, how long its
// conversations are kept and how many language-model tokens it may use a day.
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, trpc, useServerSubmit } from "@caredesk/client";
import { AssistantSettingsInput, assistantLimits, FaqInput } from "@caredesk/validators";
import {
  Alert,
  Badge,
  Button,
  Card,
  ConfirmDialog,
  EmptyState,
  LoadingState,
  PageHeader,
  TextAreaField,
  TextField,
  useI18n,
  useT,
} from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { organizationPage } from "../../components/organization-page";
import { QueryError } from "../../components/query-error";
import type { MyOrganization } from "../../lib/workspace";

type Faq = RouterOutputs["faq"]["list"][number];
type Settings = RouterOutputs["assistant"]["settings"];

export const AssistantSettingsPage = organizationPage(
  "assistant.manage",
  "assistantSettings.title",
  AssistantSettingsScreen,
);

function AssistantSettingsScreen({ organization }: { organization: MyOrganization }) {
  const t = useT();
  const on = organization.features.includes("assistant");
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title={t("assistantSettings.title")}
        description={t(on ? "assistantSettings.lead" : "assistantSettings.lead.off")}
        actions={
          on ? (
            <Link
              to="/app/assistant"
              className="text-sm font-medium text-brand-700 hover:underline"
            >
              {t("assistantSettings.inbox")}
            </Link>
          ) : undefined
        }
      />
      <div className="flex flex-col gap-6">
        <FaqCard />
        {on && <LimitsCard />}
      </div>
    </div>
  );
}

function FaqCard() {
  const t = useT();
  const faqs = trpc.faq.list.useQuery();
  const [removing, setRemoving] = useState<Faq | null>(null);
  const utils = trpc.useUtils();
  const remove = trpc.faq.remove.useMutation({
    onSuccess: () => {
      setRemoving(null);
      void utils.faq.list.invalidate();
    },
  });
  const move = trpc.faq.move.useMutation({
    onSuccess: (list) => utils.faq.list.setData(undefined, list),
  });

  return (
    <Card title={t("faq.title")} description={t("faq.lead")}>
      {faqs.isPending ? (
        <LoadingState />
      ) : faqs.isError ? (
        <QueryError
          error={faqs.error}
          onRetry={() => void faqs.refetch()}
          retrying={faqs.isRefetching}
        />
      ) : (
        <div className="flex flex-col gap-6">
          {move.error && (
            <Alert tone="error">{errorMessage(move.error, t("ui.error.network"))}</Alert>
          )}
          {faqs.data.length === 0 ? (
            <EmptyState title={t("faq.empty.title")} description={t("faq.empty.body")} />
          ) : (
            <ol className="flex flex-col divide-y divide-slate-100" data-testid="faq-list">
              {faqs.data.map((faq, i) => (
                <FaqItem
                  key={faq.id}
                  faq={faq}
                  first={i === 0}
                  last={i === faqs.data.length - 1}
                  moving={move.isPending && move.variables.id === faq.id}
                  onMove={(direction) => move.mutate({ id: faq.id, direction })}
                  onRemove={() => {
                    remove.reset();
                    setRemoving(faq);
                  }}
                />
              ))}
            </ol>
          )}
          {faqs.data.length < assistantLimits.faqs ? (
            <FaqForm />
          ) : (
            <p className="text-sm text-slate-600">
              {t("faq.full", { count: assistantLimits.faqs })}
            </p>
          )}
        </div>
      )}
      <ConfirmDialog
        open={removing !== null}
        title={t("faq.remove.title")}
        description={removing?.question}
        confirmLabel={t("faq.remove.submit")}
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error, t("ui.error.network")) : null}
        onConfirm={() => removing && remove.mutate({ id: removing.id })}
        onCancel={() => setRemoving(null)}
      />
    </Card>
  );
}

function FaqItem({
  faq,
  first,
  last,
  moving,
  onMove,
  onRemove,
}: {
  faq: Faq;
  first: boolean;
  last: boolean;
  moving: boolean;
  onMove: (direction: "up" | "down") => void;
  onRemove: () => void;
}) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  if (editing) {
    return (
      <li className="py-4 first:pt-0 last:pb-0">
        <FaqForm faq={faq} onDone={() => setEditing(false)} />
      </li>
    );
  }
  return (
    <li className="flex flex-col gap-2 py-4 first:pt-0 last:pb-0" data-testid="faq-item">
      <p className="font-medium text-slate-900">{faq.question}</p>
      <p className="text-sm whitespace-pre-line text-slate-700">{faq.answer}</p>
      <div className="flex flex-wrap gap-2">
        <Button
          size="sm"
          variant="secondary"
          aria-label={t("faq.editFor", { question: faq.question })}
          onClick={() => setEditing(true)}
        >
          {t("faq.edit")}
        </Button>
        <Button
          size="sm"
          variant="ghost"
          disabled={first || moving}
          aria-label={t("faq.upFor", { question: faq.question })}
          onClick={() => onMove("up")}
        >
          {t("faq.up")}
        </Button>
        <Button
          size="sm"
          variant="ghost"
          disabled={last || moving}
          aria-label={t("faq.downFor", { question: faq.question })}
          onClick={() => onMove("down")}
        >
          {t("faq.down")}
        </Button>
        <Button
          size="sm"
          variant="ghost-danger"
          aria-label={t("faq.removeFor", { question: faq.question })}
          onClick={onRemove}
        >
          {t("faq.remove")}
        </Button>
      </div>
    </li>
  );
}

/** Adds a question, or edits one in place (`faq`). */
function FaqForm({ faq, onDone }: { faq?: Faq; onDone?: () => void }) {
  const t = useT();
  const utils = trpc.useUtils();
  const create = trpc.faq.create.useMutation();
  const update = trpc.faq.update.useMutation();
  const [added, setAdded] = useState(false);
  const form = useForm({
    resolver: zodResolver(FaqInput),
    defaultValues: { question: faq?.question ?? "", answer: faq?.answer ?? "" },
  });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, ["question", "answer"]);
  const save = submit(async (values) => {
    setAdded(false);
    if (faq) {
      await update.mutateAsync({ id: faq.id, ...values });
    } else {
      await create.mutateAsync(values);
      form.reset({ question: "", answer: "" });
      setAdded(true);
    }
    await utils.faq.list.invalidate();
    onDone?.();
  });

  return (
    <form
      noValidate
      onSubmit={save}
      aria-label={faq ? t("faq.editTitle") : t("faq.add")}
      className="flex flex-col gap-3"
      data-testid={faq ? "faq-edit" : "faq-add"}
    >
      {!faq && <h3 className="text-sm font-semibold text-slate-900">{t("faq.add")}</h3>}
      {formError && <Alert tone="error">{formError}</Alert>}
      {added && <Alert tone="success">{t("faq.added")}</Alert>}
      <TextField
        label={t("faq.question")}
        required
        maxLength={assistantLimits.faqQuestion}
        error={errors.question?.message}
        {...form.register("question")}
      />
      <TextAreaField
        label={t("faq.answer")}
        description={t("faq.answerHint")}
        required
        rows={4}
        maxLength={assistantLimits.faqAnswer}
        error={errors.answer?.message}
        {...form.register("answer")}
      />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" size="sm" loading={isSubmitting}>
          {faq ? t("faq.save") : t("faq.addSubmit")}
        </Button>
        {faq && onDone && (
          <Button type="button" size="sm" variant="secondary" onClick={onDone}>
            {t("ui.cancel")}
          </Button>
        )}
      </div>
    </form>
  );
}

function LimitsCard() {
  const t = useT();
  const settings = trpc.assistant.settings.useQuery();
  return (
    <Card title={t("assistantSettings.limits")} description={t("assistantSettings.limits.lead")}>
      {settings.isPending ? (
        <LoadingState />
      ) : settings.isError ? (
        <QueryError
          error={settings.error}
          onRetry={() => void settings.refetch()}
          retrying={settings.isRefetching}
        />
      ) : (
        <LimitsForm settings={settings.data} />
      )}
    </Card>
  );
}

function LimitsForm({ settings }: { settings: Settings }) {
  const { t, tag } = useI18n();
  const utils = trpc.useUtils();
  const update = trpc.assistant.updateSettings.useMutation();
  const [saved, setSaved] = useState(false);
  const form = useForm({
    resolver: zodResolver(AssistantSettingsInput),
    defaultValues: { retentionDays: settings.retentionDays, dailyTokens: settings.dailyTokens },
  });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, ["retentionDays", "dailyTokens"]);
  const save = submit(async (values) => {
    setSaved(false);
    const next = await update.mutateAsync(values);
    utils.assistant.settings.setData(undefined, next);
    form.reset({ retentionDays: next.retentionDays, dailyTokens: next.dailyTokens });
    setSaved(true);
  });
  const number = { valueAsNumber: true } as const;

  return (
    <form noValidate onSubmit={save} className="flex flex-col gap-5" data-testid="assistant-limits">
      <div className="flex flex-wrap items-center gap-2 text-sm text-slate-700" role="status">
        <Badge tone={settings.modelConfigured ? "brand" : "neutral"}>
          {settings.modelConfigured
            ? t("assistantSettings.engine.model")
            : t("assistantSettings.engine.embedded")}
        </Badge>
        <span>
          {settings.modelConfigured
            ? t("assistantSettings.engine.modelBody", {
                tokens: new Intl.NumberFormat(tag).format(settings.tokensToday),
              })
            : t("assistantSettings.engine.embeddedBody")}
        </span>
      </div>
      {formError && <Alert tone="error">{formError}</Alert>}
      {saved && <Alert tone="success">{t("assistantSettings.saved")}</Alert>}
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField
          label={t("assistantSettings.retention")}
          description={t("assistantSettings.retentionHint")}
          type="number"
          inputMode="numeric"
          min={1}
          max={3650}
          error={errors.retentionDays?.message}
          {...form.register("retentionDays", number)}
        />
        <TextField
          label={t("assistantSettings.tokens")}
          description={t("assistantSettings.tokensHint")}
          type="number"
          inputMode="numeric"
          min={0}
          step={1000}
          error={errors.dailyTokens?.message}
          {...form.register("dailyTokens", number)}
        />
      </div>
      <div className="flex justify-end">
        <Button type="submit" loading={isSubmitting}>
          {t("assistantSettings.save")}
        </Button>
      </div>
    </form>
  );
}
