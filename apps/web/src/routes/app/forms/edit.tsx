// The form builder: questions of six types, required or not, options, a follow-up shown for one
// answer, answers that raise an alert; reordered by dragging a handle or with move buttons.
// Publishing makes the next version; requests already sent keep theirs. "new" creates a form.
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, trpc } from "@caredesk/client";
import { fieldErrorsOf } from "../../../lib/field-errors";
import {
  Alert,
  Badge,
  Button,
  Card,
  CheckboxField,
  LoadingState,
  PageHeader,
  SelectField,
  TextAreaField,
  TextField,
  useI18n,
  type MessageKey,
} from "@caredesk/ui";
import { questionTypes, type Question, type QuestionType } from "@caredesk/validators";
import { getRouteApi, Link, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { OrganizationGate } from "../../../components/organization-gate";
import { QueryError } from "../../../components/query-error";

const route = getRouteApi("/app/forms/$questionnaireId");

type Loaded = RouterOutputs["questionnaire"]["byId"];

/** A question as the builder edits it: options and alert answers as text lines. */
interface Draft {
  key: string;
  type: QuestionType;
  label: string;
  help: string;
  required: boolean;
  options: string;
  showIfKey: string;
  showIfEquals: string;
  alertLabel: string;
  alertWhen: string;
}

const typeLabel: Record<QuestionType, MessageKey> = {
  text: "forms.type.text",
  textarea: "forms.type.textarea",
  single: "forms.type.single",
  multiple: "forms.type.multiple",
  yes_no: "forms.type.yes_no",
  date: "forms.type.date",
};

const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

function newKey(drafts: readonly Draft[]): string {
  let n = drafts.length + 1;
  while (drafts.some((d) => d.key === `q${n}`)) n++;
  return `q${n}`;
}

function toDraft(q: Question): Draft {
  return {
    key: q.key,
    type: q.type,
    label: q.label,
    help: q.help ?? "",
    required: q.required,
    options: (q.options ?? []).join("\n"),
    showIfKey: q.showIf?.questionKey ?? "",
    showIfEquals: q.showIf?.equals ?? "",
    alertLabel: q.alert?.label ?? "",
    alertWhen: (q.alert?.when ?? []).join("\n"),
  };
}

function toQuestion(d: Draft): Question {
  const choice = d.type === "single" || d.type === "multiple";
  return {
    key: d.key,
    type: d.type,
    label: d.label,
    ...(d.help.trim() ? { help: d.help } : {}),
    required: d.required,
    ...(choice ? { options: lines(d.options) } : {}),
    ...(d.showIfKey ? { showIf: { questionKey: d.showIfKey, equals: d.showIfEquals } } : {}),
    ...(d.alertLabel.trim()
      ? { alert: { label: d.alertLabel, when: d.type === "yes_no" ? ["yes"] : lines(d.alertWhen) } }
      : {}),
  };
}

export function FormEditPage() {
  const { t } = useI18n();
  const { questionnaireId } = route.useParams();
  return (
    <OrganizationGate action="form.manage" title={t("forms.title")}>
      {() =>
        questionnaireId === "new" ? <Builder loaded={null} /> : <Existing id={questionnaireId} />
      }
    </OrganizationGate>
  );
}

function Existing({ id }: { id: string }) {
  const form = trpc.questionnaire.byId.useQuery({ id });
  if (form.isPending) return <LoadingState />;
  if (form.isError) return <QueryError error={form.error} onRetry={() => void form.refetch()} />;
  return <Builder key={`${form.data.id}:${form.data.current.version}`} loaded={form.data} />;
}

function Builder({ loaded }: { loaded: Loaded | null }) {
  const { t, formatDateTime } = useI18n();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const [title, setTitle] = useState(loaded?.current.title ?? "");
  const [description, setDescription] = useState(loaded?.current.description ?? "");
  const [drafts, setDrafts] = useState<Draft[]>(
    loaded ? loaded.current.questions.map(toDraft) : [],
  );
  const [dragging, setDragging] = useState<number | null>(null);
  const create = trpc.questionnaire.create.useMutation();
  const update = trpc.questionnaire.update.useMutation();
  const saving = create.isPending || update.isPending;
  const error = create.error ?? update.error;
  const fieldErrors = error ? fieldErrorsOf(error) : null;

  const change = (i: number, patch: Partial<Draft>) =>
    setDrafts((all) => all.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const move = (from: number, to: number) =>
    setDrafts((all) => {
      if (to < 0 || to >= all.length || from === to) return all;
      const next = [...all];
      const [moved] = next.splice(from, 1);
      if (moved) next.splice(to, 0, moved);
      return next;
    });
  const add = () =>
    setDrafts((all) => [
      ...all,
      {
        key: newKey(all),
        type: "yes_no",
        label: "",
        help: "",
        required: false,
        options: "",
        showIfKey: "",
        showIfEquals: "",
        alertLabel: "",
        alertWhen: "",
      },
    ]);

  const publish = async () => {
    const content = {
      title,
      description: description.trim() ? description : null,
      questions: drafts.map(toQuestion),
    };
    try {
      if (loaded) {
        await update.mutateAsync({ ...content, id: loaded.id });
      } else {
        const created = await create.mutateAsync(content);
        await navigate({
          to: "/app/forms/$questionnaireId",
          params: { questionnaireId: created.id },
        });
      }
      await utils.questionnaire.invalidate();
    } catch {
      // Shown from the mutation's error below.
    }
  };

  const errorAt = (path: string) => fieldErrors?.[path]?.[0];

  return (
    <>
      <div className="mb-2">
        <Link to="/app/forms" className="text-sm text-brand-700 hover:underline">
          {t("forms.back")}
        </Link>
      </div>
      <PageHeader
        title={loaded ? loaded.title : t("forms.new")}
        description={
          loaded ? t("forms.version", { version: loaded.current.version }) : t("forms.newLead")
        }
      />
      <div className="flex flex-col gap-6">
        <Card>
          <div className="flex flex-col gap-4">
            <TextField
              label={t("forms.field.title")}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              error={errorAt("title")}
            />
            <TextAreaField
              label={t("forms.field.description")}
              rows={2}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              error={errorAt("description")}
            />
          </div>
        </Card>
        {errorAt("questions") && <Alert tone="error">{errorAt("questions")}</Alert>}
        <ol className="flex flex-col gap-4" data-testid="form-questions">
          {drafts.map((d, i) => {
            const earlier = drafts
              .slice(0, i)
              .filter((e) => ["yes_no", "single", "multiple"].includes(e.type));
            const target = drafts.find((e) => e.key === d.showIfKey);
            const targetAnswers =
              target?.type === "yes_no" ? ["yes", "no"] : target ? lines(target.options) : [];
            const at = (field: string) => errorAt(`questions.${i}.${field}`);
            return (
              <li
                key={d.key}
                onDragOver={(e) => e.preventDefault()}
                onDrop={(e) => {
                  e.preventDefault();
                  if (dragging !== null) move(dragging, i);
                  setDragging(null);
                }}
                className={dragging === i ? "opacity-50" : undefined}
              >
                <Card>
                  <div className="mb-3 flex items-center justify-between gap-2">
                    <div className="flex items-center gap-2">
                      <span
                        draggable
                        onDragStart={(e) => {
                          e.dataTransfer.effectAllowed = "move";
                          setDragging(i);
                        }}
                        onDragEnd={() => setDragging(null)}
                        aria-hidden="true"
                        title={t("forms.builder.drag")}
                        className="cursor-grab select-none px-1 text-lg text-slate-400"
                      >
                        ⠿
                      </span>
                      <Badge>{t("forms.builder.number", { number: i + 1 })}</Badge>
                    </div>
                    <div className="flex items-center gap-1">
                      <Button
                        variant="secondary"
                        size="sm"
                        disabled={i === 0}
                        aria-label={t("forms.builder.moveUp", { number: i + 1 })}
                        onClick={() => move(i, i - 1)}
                      >
                        ↑
                      </Button>
                      <Button
                        variant="secondary"
                        size="sm"
                        disabled={i === drafts.length - 1}
                        aria-label={t("forms.builder.moveDown", { number: i + 1 })}
                        onClick={() => move(i, i + 1)}
                      >
                        ↓
                      </Button>
                      <Button
                        variant="secondary"
                        size="sm"
                        onClick={() => setDrafts((all) => all.filter((_, j) => j !== i))}
                      >
                        {t("forms.builder.remove")}
                      </Button>
                    </div>
                  </div>
                  <div className="grid gap-4 sm:grid-cols-2">
                    <TextField
                      label={t("forms.builder.label")}
                      value={d.label}
                      onChange={(e) => change(i, { label: e.target.value })}
                      error={at("label")}
                    />
                    <SelectField
                      label={t("forms.builder.type")}
                      value={d.type}
                      onChange={(e) => change(i, { type: e.target.value as QuestionType })}
                      options={questionTypes.map((type) => ({
                        value: type,
                        label: t(typeLabel[type]),
                      }))}
                    />
                    <TextField
                      label={t("forms.builder.help")}
                      value={d.help}
                      onChange={(e) => change(i, { help: e.target.value })}
                      error={at("help")}
                    />
                    <CheckboxField
                      label={t("forms.builder.required")}
                      checked={d.required}
                      onChange={(e) => change(i, { required: e.target.checked })}
                    />
                    {(d.type === "single" || d.type === "multiple") && (
                      <TextAreaField
                        label={t("forms.builder.options")}
                        description={t("forms.builder.optionsHint")}
                        rows={3}
                        value={d.options}
                        onChange={(e) => change(i, { options: e.target.value })}
                        error={at("options")}
                      />
                    )}
                    <SelectField
                      label={t("forms.builder.showIf")}
                      value={d.showIfKey}
                      onChange={(e) => change(i, { showIfKey: e.target.value, showIfEquals: "" })}
                      options={[
                        { value: "", label: t("forms.builder.always") },
                        ...earlier.map((e) => ({ value: e.key, label: e.label || e.key })),
                      ]}
                      error={at("showIf.questionKey")}
                    />
                    {d.showIfKey && (
                      <SelectField
                        label={t("forms.builder.showIfEquals")}
                        value={d.showIfEquals}
                        onChange={(e) => change(i, { showIfEquals: e.target.value })}
                        options={[
                          { value: "", label: "—" },
                          ...targetAnswers.map((a) => ({ value: a, label: a })),
                        ]}
                        error={at("showIf.equals")}
                      />
                    )}
                    {(d.type === "yes_no" || d.type === "single" || d.type === "multiple") && (
                      <TextField
                        label={t("forms.builder.alert")}
                        description={t(
                          d.type === "yes_no"
                            ? "forms.builder.alertYes"
                            : "forms.builder.alertHint",
                        )}
                        value={d.alertLabel}
                        onChange={(e) => change(i, { alertLabel: e.target.value })}
                        error={at("alert.label")}
                      />
                    )}
                    {d.alertLabel.trim() && (d.type === "single" || d.type === "multiple") && (
                      <TextAreaField
                        label={t("forms.builder.alertWhen")}
                        rows={2}
                        value={d.alertWhen}
                        onChange={(e) => change(i, { alertWhen: e.target.value })}
                        error={at("alert.when")}
                      />
                    )}
                  </div>
                </Card>
              </li>
            );
          })}
        </ol>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <Button variant="secondary" onClick={add}>
            {t("forms.builder.add")}
          </Button>
          <Button loading={saving} onClick={() => void publish()}>
            {t("forms.builder.publish")}
          </Button>
        </div>
        {error && !fieldErrors && (
          <Alert tone="error">{errorMessage(error, t("ui.error.network"))}</Alert>
        )}
        {fieldErrors && <Alert tone="error">{t("forms.builder.fix")}</Alert>}
        {update.isSuccess && <Alert tone="success">{t("forms.builder.published")}</Alert>}
        {loaded && (
          <Card title={t("forms.history")}>
            <ul className="divide-y divide-slate-100 text-sm">
              {loaded.history.map((h) => (
                <li key={h.id} className="flex flex-wrap justify-between gap-2 py-2">
                  <span>
                    {t("forms.version", { version: h.version })} — {h.title}
                  </span>
                  <span className="text-slate-500">{formatDateTime(h.publishedAt)}</span>
                  <span className="w-full break-all font-mono text-xs text-slate-400">
                    {h.contentHash}
                  </span>
                </li>
              ))}
            </ul>
          </Card>
        )}
      </div>
    </>
  );
}
