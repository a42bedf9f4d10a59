// One practice for operators: profile, plan and its standing, features (switchable), members,
// usage, suspension (suspend with a reason, restore) and the practice record's history.
import { errorMessage, fieldErrorOf, trpc } from "@caredesk/client";
import {
  Alert,
  Badge,
  Button,
  buttonClasses,
  CheckboxField,
  ConfirmDialog,
  Card,
  Dialog,
  PageHeader,
  Table,
  TBody,
  Td,
  TextAreaField,
  Th,
  THead,
  Tr,
  useI18n,
} from "@caredesk/ui";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useState, type ReactNode } from "react";
import { DetailQuery } from "../components/detail-query";
import { money } from "../components/money";

const route = getRouteApi("/operator/organizations/$organizationId");

type Detail = NonNullable<
  ReturnType<ReturnType<typeof trpc.useUtils>["admin"]["organization"]["getData"]>
>;

const allFeatures = [
  "reviews",
  "patient_portal",
  "assistant",
  "ambulance",
  "prescription_refill",
] as const;

export function OrganizationDetailPage() {
  const { t } = useI18n();
  const { organizationId } = route.useParams();
  const detail = trpc.admin.organization.useQuery({ organizationId });

  const back = (
    <Link to="/" className={buttonClasses("ghost", "sm")}>
      ← {t("admin.back.organizations")}
    </Link>
  );
  return (
    <DetailQuery query={detail} back={back} notFound={t("admin.org.notFound")}>
      {(org) => (
        <>
          <PageHeader
            title={org.name}
            description={`/p/${org.slug}`}
            actions={
              <Link
                to="/records/$table/$id"
                params={{ table: "organization", id: org.id }}
                className={buttonClasses("secondary", "sm")}
              >
                {t("admin.org.records")}
              </Link>
            }
          />
          <div className="flex flex-col gap-6">
            <Suspension org={org} />
            <div className="grid gap-6 lg:grid-cols-2">
              <Profile org={org} />
              <Usage org={org} />
              <Plan org={org} />
              <Features org={org} />
            </div>
            <Members org={org} />
            <History org={org} />
          </div>
        </>
      )}
    </DetailQuery>
  );
}

function Suspension({ org }: { org: Detail }) {
  const { t, formatDateTime } = useI18n();
  const utils = trpc.useUtils();
  const [suspending, setSuspending] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const [reason, setReason] = useState("");
  const refresh = () => {
    void utils.admin.organization.invalidate({ organizationId: org.id });
    void utils.admin.organizations.invalidate();
  };
  const suspend = trpc.admin.suspendOrganization.useMutation({
    onSuccess: () => {
      setSuspending(false);
      setReason("");
      refresh();
    },
  });
  const restore = trpc.admin.restoreOrganization.useMutation({
    onSuccess: () => {
      setRestoring(false);
      refresh();
    },
  });
  const reasonError = suspend.error ? fieldErrorOf(suspend.error, "reason") : null;
  return (
    <Card title={t("admin.org.suspension")}>
      {org.suspendedAt ? (
        <div className="flex flex-wrap items-center justify-between gap-4">
          <div data-testid="suspension-state">
            <Badge tone="danger">{t("admin.orgs.suspended")}</Badge>
            <p className="mt-2 text-sm text-slate-700">
              {t("admin.org.suspendedSince", { time: formatDateTime(org.suspendedAt) })}
            </p>
            <p className="text-sm font-medium text-slate-900">
              {t("admin.org.reason", { reason: org.suspensionReason ?? "" })}
            </p>
          </div>
          <Button variant="primary" onClick={() => setRestoring(true)}>
            {t("admin.org.restore")}
          </Button>
        </div>
      ) : (
        <div className="flex flex-wrap items-center justify-between gap-4">
          <p className="text-sm text-slate-700" data-testid="suspension-state">
            {t("admin.org.active")}
          </p>
          <Button variant="danger" onClick={() => setSuspending(true)}>
            {t("admin.org.suspend")}
          </Button>
        </div>
      )}
      <Dialog
        open={suspending}
        onClose={() => setSuspending(false)}
        title={t("admin.org.suspend.title", { name: org.name })}
        description={t("admin.org.suspend.body")}
        footer={
          <>
            <Button
              variant="secondary"
              onClick={() => setSuspending(false)}
              disabled={suspend.isPending}
            >
              {t("ui.cancel")}
            </Button>
            <Button
              variant="danger"
              loading={suspend.isPending}
              onClick={() => suspend.mutate({ organizationId: org.id, reason: reason.trim() })}
            >
              {t("admin.org.suspend.confirm")}
            </Button>
          </>
        }
      >
        <TextAreaField
          label={t("admin.org.suspend.reason")}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          error={reasonError ?? undefined}
          rows={3}
        />
        {suspend.isError && !reasonError && (
          <Alert tone="error">{errorMessage(suspend.error, t("ui.error.unknown"))}</Alert>
        )}
      </Dialog>
      <ConfirmDialog
        open={restoring}
        title={t("admin.org.restore.title", { name: org.name })}
        description={t("admin.org.restore.body")}
        confirmLabel={t("admin.org.restore.confirm")}
        tone="primary"
        pending={restore.isPending}
        error={restore.isError ? errorMessage(restore.error, t("ui.error.unknown")) : null}
        onConfirm={() => restore.mutate({ organizationId: org.id })}
        onCancel={() => setRestoring(false)}
      />
    </Card>
  );
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-500">{label}</dt>
          <dd className="text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Profile({ org }: { org: Detail }) {
  const { t, formatDate } = useI18n();
  return (
    <Card title={t("admin.org.profile")}>
      <Facts
        rows={[
          [t("admin.org.slug"), `/p/${org.slug}`],
          [t("admin.org.kind"), t(`org.kind.${org.kind}`)],
          [t("admin.org.zone"), org.timeZone],
          [t("admin.org.currency"), org.currency],
          [t("admin.org.created"), formatDate(org.createdAt)],
        ]}
      />
    </Card>
  );
}

function formatBytes(bytes: number, formatNumber: (n: number) => string): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${formatNumber(Math.round(value * 10) / 10)} ${units[unit] ?? "B"}`;
}

function Usage({ org }: { org: Detail }) {
  const { t, formatNumber } = useI18n();
  return (
    <Card title={t("admin.org.usage")}>
      <Facts
        rows={[
          [t("admin.org.usage.patients"), formatNumber(org.usage.patients)],
          [t("admin.org.usage.appointments"), formatNumber(org.usage.appointments30d)],
          [t("admin.org.usage.staff"), formatNumber(org.usage.staff)],
          [t("admin.org.usage.storage"), formatBytes(org.usage.storageBytes, formatNumber)],
          [t("admin.org.usage.messages"), formatNumber(org.usage.messagesSent)],
        ]}
      />
    </Card>
  );
}

function Plan({ org }: { org: Detail }) {
  const { t, formatDate, tag } = useI18n();
  const plan = org.plan;
  return (
    <Card title={t("admin.org.plan")}>
      {!plan ? (
        <p className="text-sm text-slate-500">{t("admin.org.plan.none")}</p>
      ) : (
        <Facts
          rows={[
            [
              t("admin.org.plan"),
              <Badge
                key="standing"
                tone={
                  plan.standing === "active"
                    ? "success"
                    : plan.standing === "grace"
                      ? "warning"
                      : "danger"
                }
              >
                {t(`admin.org.plan.standing.${plan.standing}`)}
              </Badge>,
            ],
            [t("admin.org.plan.paidUntil"), plan.paidUntil ? formatDate(plan.paidUntil) : "—"],
            [
              t("admin.org.plan.amount", { interval: plan.interval }),
              money(plan.amountMinor, plan.currency, tag),
            ],
            [
              t("admin.org.plan.features"),
              plan.features.map((f) => t(`plans.feature.${f}`)).join(", ") || "—",
            ],
          ]}
        />
      )}
    </Card>
  );
}

function Features({ org }: { org: Detail }) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const [chosen, setChosen] = useState<string[]>(org.features);
  const save = trpc.admin.setFeatures.useMutation({
    onSuccess: () => void utils.admin.organization.invalidate({ organizationId: org.id }),
  });
  return (
    <Card title={t("admin.org.features")}>
      <p className="mb-3 text-sm text-slate-500">{t("admin.org.features.lead")}</p>
      <div className="flex flex-col gap-2">
        {allFeatures.map((feature) => (
          <CheckboxField
            key={feature}
            label={t(`plans.feature.${feature}`)}
            checked={chosen.includes(feature)}
            onChange={(event) =>
              setChosen((list) =>
                event.target.checked ? [...list, feature] : list.filter((f) => f !== feature),
              )
            }
          />
        ))}
      </div>
      <div className="mt-4 flex items-center gap-3">
        <Button
          loading={save.isPending}
          onClick={() =>
            save.mutate({
              organizationId: org.id,
              features: allFeatures.filter((f) => chosen.includes(f)),
            })
          }
        >
          {t("admin.org.features.save")}
        </Button>
        {save.isSuccess && (
          <span className="text-sm text-green-700">{t("admin.org.features.saved")}</span>
        )}
      </div>
      {save.isError && (
        <Alert tone="error" className="mt-3">
          {errorMessage(save.error, t("ui.error.unknown"))}
        </Alert>
      )}
    </Card>
  );
}

function Members({ org }: { org: Detail }) {
  const { t } = useI18n();
  return (
    <Card title={t("admin.org.members")}>
      {org.members.length === 0 ? (
        <p className="text-sm text-slate-500">{t("admin.org.members.empty")}</p>
      ) : (
        <Table caption={t("admin.org.members.caption")}>
          <THead>
            <Tr>
              <Th>{t("admin.org.members.col.name")}</Th>
              <Th>{t("admin.org.members.col.email")}</Th>
              <Th>{t("admin.org.members.col.role")}</Th>
            </Tr>
          </THead>
          <TBody>
            {org.members.map((m) => (
              <Tr key={m.membershipId}>
                <Td>
                  <Link
                    to="/users/$userId"
                    params={{ userId: m.userId }}
                    className="font-medium text-brand-700 hover:underline"
                  >
                    {m.name}
                  </Link>
                </Td>
                <Td className="text-slate-600">{m.email}</Td>
                <Td>
                  <Badge>{t(`role.${m.role}`)}</Badge>
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}

/** What an audit entry says about the practice: the suspension's reason, or its features. */
function summary(after: unknown): string {
  if (!after || typeof after !== "object") return "";
  const record = after as Record<string, unknown>;
  if (typeof record.suspensionReason === "string") return record.suspensionReason;
  if (Array.isArray(record.features)) return record.features.join(", ");
  return "";
}

function History({ org }: { org: Detail }) {
  const { t, formatDateTime } = useI18n();
  return (
    <Card title={t("admin.org.history")}>
      {org.history.length === 0 ? (
        <p className="text-sm text-slate-500">{t("admin.org.history.empty")}</p>
      ) : (
        <ol className="flex flex-col gap-3" aria-label={t("admin.org.history.caption")}>
          {org.history.map((entry) => (
            <li key={entry.id} className="text-sm" data-testid="history-entry">
              <span className="font-mono text-xs text-slate-700">{entry.action}</span>{" "}
              <span className="text-slate-500">
                {entry.actorName
                  ? t("admin.org.history.by", { name: entry.actorName })
                  : t("admin.org.history.system")}{" "}
                · {formatDateTime(entry.createdAt)}
              </span>
              {summary(entry.after) && <div className="text-slate-900">{summary(entry.after)}</div>}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
