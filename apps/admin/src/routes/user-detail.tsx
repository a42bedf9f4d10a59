// One user for operators: their account, memberships and live sessions; grant or revoke the
// operator flag, sign them out everywhere, resend their confirmation email.
import { errorMessage, fieldErrorOf, trpc } from "@caredesk/client";
import {
  Alert,
  Badge,
  Button,
  buttonClasses,
  Card,
  ConfirmDialog,
  PageHeader,
  Table,
  TBody,
  Td,
  Th,
  THead,
  Tr,
  useI18n,
} from "@caredesk/ui";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useState } from "react";
import { DetailQuery } from "../components/detail-query";

const route = getRouteApi("/operator/users/$userId");

type Detail = NonNullable<ReturnType<ReturnType<typeof trpc.useUtils>["admin"]["user"]["getData"]>>;

export function UserDetailPage() {
  const { t } = useI18n();
  const { userId } = route.useParams();
  const detail = trpc.admin.user.useQuery({ userId });
  const back = (
    <Link to="/users" className={buttonClasses("ghost", "sm")}>
      ← {t("admin.back.users")}
    </Link>
  );
  return (
    <DetailQuery query={detail} back={back} notFound={t("admin.user.notFound")}>
      {(user) => (
        <>
          <PageHeader title={user.name} description={user.email} />
          <div className="grid gap-6 lg:grid-cols-2">
            <Account user={user} />
            <Actions user={user} />
            <div className="lg:col-span-2">
              <Memberships user={user} />
            </div>
          </div>
        </>
      )}
    </DetailQuery>
  );
}

function Account({ user }: { user: Detail }) {
  const { t, formatDate, formatDateTime } = useI18n();
  return (
    <Card title={t("admin.user.account")}>
      <div className="flex flex-wrap gap-2">
        <Badge tone={user.verified ? "success" : "warning"}>
          {user.verified ? t("admin.user.verified") : t("admin.user.unverified")}
        </Badge>
        <Badge tone={user.isPlatformAdmin ? "brand" : "neutral"}>
          {user.isPlatformAdmin ? t("admin.user.operator") : t("admin.user.notOperator")}
        </Badge>
      </div>
      <ul className="mt-3 flex flex-col gap-1 text-sm text-slate-700">
        <li data-testid="session-count">
          {t("admin.user.sessions", { count: user.sessionCount })}
        </li>
        <li>
          {user.lastSeenAt
            ? t("admin.user.lastSeen", { time: formatDateTime(user.lastSeenAt) })
            : t("admin.user.neverSeen")}
        </li>
        <li>{t("admin.user.created", { date: formatDate(user.createdAt) })}</li>
      </ul>
    </Card>
  );
}

function Actions({ user }: { user: Detail }) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const [ending, setEnding] = useState(false);
  const refresh = () => {
    void utils.admin.user.invalidate({ userId: user.id });
    void utils.admin.users.invalidate();
  };
  const operator = trpc.admin.setOperator.useMutation({ onSuccess: refresh });
  const endSessions = trpc.admin.endSessions.useMutation({
    onSuccess: () => {
      setEnding(false);
      refresh();
    },
  });
  const resend = trpc.admin.resendVerification.useMutation();
  const failure = operator.error ?? resend.error;
  return (
    <Card title={t("admin.user.actions")}>
      <div className="flex flex-wrap gap-2">
        <Button
          variant={user.isPlatformAdmin ? "danger" : "secondary"}
          loading={operator.isPending}
          onClick={() => operator.mutate({ userId: user.id, operator: !user.isPlatformAdmin })}
        >
          {user.isPlatformAdmin ? t("admin.user.revoke") : t("admin.user.grant")}
        </Button>
        <Button variant="secondary" onClick={() => setEnding(true)}>
          {t("admin.user.endSessions")}
        </Button>
        {!user.verified && (
          <Button
            variant="secondary"
            loading={resend.isPending}
            onClick={() => resend.mutate({ userId: user.id })}
          >
            {t("admin.user.resend")}
          </Button>
        )}
      </div>
      {resend.isSuccess && (
        <Alert tone="success" className="mt-3">
          {t("admin.user.resent")}
        </Alert>
      )}
      {endSessions.isSuccess && (
        <Alert tone="success" className="mt-3">
          {t("admin.user.endSessions.done", { count: endSessions.data.ended })}
        </Alert>
      )}
      {failure && (
        <Alert tone="error" className="mt-3">
          {fieldErrorOf(failure, "operator") ?? errorMessage(failure, t("ui.error.unknown"))}
        </Alert>
      )}
      <ConfirmDialog
        open={ending}
        title={t("admin.user.endSessions.title", { name: user.name })}
        description={t("admin.user.endSessions.body")}
        confirmLabel={t("admin.user.endSessions")}
        pending={endSessions.isPending}
        error={endSessions.isError ? errorMessage(endSessions.error, t("ui.error.unknown")) : null}
        onConfirm={() => endSessions.mutate({ userId: user.id })}
        onCancel={() => setEnding(false)}
      />
    </Card>
  );
}

function Memberships({ user }: { user: Detail }) {
  const { t } = useI18n();
  return (
    <Card title={t("admin.user.memberships")}>
      {user.memberships.length === 0 ? (
        <p className="text-sm text-slate-500">{t("admin.user.memberships.empty")}</p>
      ) : (
        <Table caption={t("admin.user.memberships.caption")}>
          <THead>
            <Tr>
              <Th>{t("admin.orgs.col.name")}</Th>
              <Th>{t("admin.org.members.col.role")}</Th>
            </Tr>
          </THead>
          <TBody>
            {user.memberships.map((m) => (
              <Tr key={m.membershipId}>
                <Td>
                  <Link
                    to="/organizations/$organizationId"
                    params={{ organizationId: m.organizationId }}
                    className="font-medium text-brand-700 hover:underline"
                  >
                    {m.organizationName}
                  </Link>{" "}
                  {m.suspendedAt && <Badge tone="danger">{t("admin.orgs.suspended")}</Badge>}
                </Td>
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
