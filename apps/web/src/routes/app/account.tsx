import type { RouterOutputs } from "@caredesk/api";
import { ApiErrorState, applyServerErrors, errorMessage, trpc } from "@caredesk/client";
import { ChangePasswordInput } from "@caredesk/validators";
import {
  Alert,
  Badge,
  Button,
  Card,
  ConfirmDialog,
  EmptyState,
  LoadingState,
  PageHeader,
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
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { PushToggleCard } from "../../components/push-toggle";
import { SignInMethodsCard } from "./sign-in-methods";
import { setActiveOrganizationId } from "../../lib/active-organization";
import { describeUserAgent } from "../../lib/user-agent";
import { useWorkspace } from "../../lib/workspace";

type Session = RouterOutputs["auth"]["sessions"][number];

export function AccountPage() {
  const { t } = useI18n();
  const { user } = useWorkspace();
  return (
    <>
      <PageHeader title={t("account.title")} description={t("account.lead")} />
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <SessionsCard />
        <div className="flex flex-col gap-6">
          <Card title={t("account.profile")}>
            <dl className="flex flex-col gap-3 text-sm">
              <div>
                <dt className="text-slate-500">{t("auth.field.name")}</dt>
                <dd className="font-medium text-slate-900">{user.name}</dd>
              </div>
              <div>
                <dt className="text-slate-500">{t("auth.field.email")}</dt>
                <dd className="font-medium break-all text-slate-900">{user.email}</dd>
              </div>
            </dl>
          </Card>
          <SignInMethodsCard />
          <ChangePasswordCard />
          <PushToggleCard />
        </div>
      </div>
    </>
  );
}

function SessionsCard() {
  const { t, formatDateTime } = useI18n();
  const utils = trpc.useUtils();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const sessions = trpc.auth.sessions.useQuery();
  const revoke = trpc.auth.revokeSession.useMutation();
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [confirmCurrent, setConfirmCurrent] = useState<Session | null>(null);

  const revokeSession = async (session: Session) => {
    setNotice(null);
    try {
      await revoke.mutateAsync({ sessionId: session.id });
    } catch (error) {
      setNotice({ tone: "error", text: errorMessage(error, t("ui.error.network")) });
      return;
    }
    if (session.current) {
      setActiveOrganizationId(null);
      queryClient.clear();
      await navigate({ to: "/signin" });
      return;
    }
    setNotice({ tone: "success", text: t("account.sessions.revoked") });
    await utils.auth.sessions.invalidate();
  };

  let body;
  if (sessions.isPending) {
    body = <LoadingState />;
  } else if (sessions.isError) {
    body = (
      <ApiErrorState
        error={sessions.error}
        onRetry={() => void sessions.refetch()}
        retrying={sessions.isRefetching}
      />
    );
  } else if (sessions.data.length === 0) {
    body = <EmptyState title={t("account.sessions.empty")} />;
  } else {
    body = (
      <Table caption={t("account.sessions.caption")}>
        <THead>
          <Tr>
            <Th>{t("account.sessions.device")}</Th>
            <Th className="hidden sm:table-cell">{t("account.sessions.lastSeen")}</Th>
            <Th className="hidden md:table-cell">{t("account.sessions.started")}</Th>
            <Th>
              <span className="sr-only">{t("members.col.actions")}</span>
            </Th>
          </Tr>
        </THead>
        <TBody>
          {sessions.data.map((session) => {
            // A device signed in for a bearer token (a phone app) is shown by the name it gave.
            const device =
              (session.kind === "bearer" ? session.name : describeUserAgent(session.userAgent)) ??
              t("account.sessions.unknownDevice");
            return (
              <Tr key={session.id}>
                <Td>
                  <div className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                    {device}
                    {session.current && (
                      <Badge tone="success">{t("account.sessions.thisDevice")}</Badge>
                    )}
                  </div>
                  <div className="text-xs text-slate-500">
                    {t("account.sessions.ip")}: {session.ip ?? t("account.sessions.unknownIp")}
                  </div>
                </Td>
                <Td className="hidden text-slate-500 sm:table-cell">
                  {formatDateTime(session.lastSeenAt)}
                </Td>
                <Td className="hidden text-slate-500 md:table-cell">
                  {formatDateTime(session.createdAt)}
                </Td>
                <Td className="text-end">
                  <Button
                    variant="ghost-danger"
                    size="sm"
                    aria-label={t("account.sessions.revokeFor", { device })}
                    loading={revoke.isPending && revoke.variables.sessionId === session.id}
                    onClick={() =>
                      session.current ? setConfirmCurrent(session) : void revokeSession(session)
                    }
                  >
                    {t("account.sessions.revoke")}
                  </Button>
                </Td>
              </Tr>
            );
          })}
        </TBody>
      </Table>
    );
  }

  return (
    <div className="flex flex-col gap-4">
      {notice && <Alert tone={notice.tone}>{notice.text}</Alert>}
      <Card title={t("account.sessions.title")} description={t("account.sessions.lead")}>
        {body}
      </Card>
      <ConfirmDialog
        open={confirmCurrent !== null}
        title={t("account.sessions.confirmCurrent.title")}
        description={t("account.sessions.confirmCurrent.body")}
        confirmLabel={t("nav.signOut")}
        pending={revoke.isPending}
        onCancel={() => setConfirmCurrent(null)}
        onConfirm={() => {
          if (confirmCurrent) void revokeSession(confirmCurrent);
        }}
      />
    </div>
  );
}

function ChangePasswordCard() {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const change = trpc.auth.changePassword.useMutation();
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const form = useForm({
    resolver: zodResolver(ChangePasswordInput),
    defaultValues: { currentPassword: "", newPassword: "" },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    setDone(false);
    try {
      await change.mutateAsync(values);
    } catch (error) {
      setFormError(
        applyServerErrors(
          error,
          form.setError,
          ["currentPassword", "newPassword"],
          t("ui.error.network"),
        ),
      );
      return;
    }
    form.reset();
    setDone(true);
    await utils.auth.sessions.invalidate();
  });

  return (
    <Card title={t("account.password.title")} description={t("account.password.lead")}>
      <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
        {formError && <Alert tone="error">{formError}</Alert>}
        {done && <Alert tone="success">{t("account.password.changed")}</Alert>}
        <TextField
          label={t("account.password.current")}
          type="password"
          autoComplete="current-password"
          error={errors.currentPassword?.message}
          {...form.register("currentPassword")}
        />
        <TextField
          label={t("account.password.new")}
          type="password"
          autoComplete="new-password"
          description={t("account.password.newHint")}
          error={errors.newPassword?.message}
          {...form.register("newPassword")}
        />
        <Button type="submit" loading={isSubmitting}>
          {t("account.password.submit")}
        </Button>
      </form>
    </Card>
  );
}
