import {
  ApiErrorState,
  errorMessage,
  PagedListBody,
  trpc,
  useServerSubmit,
} from "@caredesk/client";
import { InviteMemberInput } from "@caredesk/validators";
import {
  Alert,
  Badge,
  Button,
  buttonClasses,
  Card,
  ConfirmDialog,
  EmptyState,
  LoadingState,
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
import type { RouterOutputs } from "@caredesk/api";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { useForm } from "react-hook-form";
import {
  allRoles,
  canManageMembers,
  canManageRole,
  canReadMembers,
  type Role,
} from "../../lib/permissions";
import { useWorkspace, type MyOrganization } from "../../lib/workspace";

type Member = RouterOutputs["organization"]["members"]["items"][number];
type Invitation = RouterOutputs["organization"]["invitations"]["items"][number];
type InvitationRole = Exclude<Role, "patient">;
const invitationRoles = allRoles.filter((role): role is InvitationRole => role !== "patient");

const pageSize = 20;

export function MembersPage() {
  const { t } = useI18n();
  const { organization } = useWorkspace();

  if (!organization) {
    return (
      <Card>
        <EmptyState
          titleAs="h1"
          title={t("workspace.empty.title")}
          action={
            <Link to="/app/organizations/new" className={buttonClasses("primary")}>
              {t("workspace.empty.action")}
            </Link>
          }
        />
      </Card>
    );
  }
  if (!canReadMembers(organization.role)) {
    return (
      <>
        <PageHeader title={t("members.title")} />
        <Alert tone="warning">{t("members.readOnly")}</Alert>
      </>
    );
  }
  // Keyed so that switching organization starts the screen afresh.
  return <MembersScreen key={organization.id} organization={organization} />;
}

function MembersScreen({ organization }: { organization: MyOrganization }) {
  const { t } = useI18n();
  const manage = canManageMembers(organization.role);

  return (
    <>
      <PageHeader
        title={t("members.title")}
        description={t("members.lead", { organization: organization.name })}
      />
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="flex flex-col gap-6">
          <MemberList organization={organization} />
          <InvitationList organization={organization} />
        </div>
        {manage ? (
          <InviteMemberCard actorRole={organization.role} />
        ) : (
          <Alert tone="info">{t("members.readOnly")}</Alert>
        )}
      </div>
    </>
  );
}

function MemberList({ organization }: { organization: MyOrganization }) {
  const { t, formatDate } = useI18n();
  const { user } = useWorkspace();
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const utils = trpc.useUtils();
  const members = trpc.organization.members.useInfiniteQuery(
    { limit: pageSize },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const changeRole = trpc.organization.changeRole.useMutation();
  const remove = trpc.organization.removeMember.useMutation();

  const onRoleChange = async (member: Member, role: Role) => {
    setNotice(null);
    try {
      await changeRole.mutateAsync({ membershipId: member.id, role });
      setNotice({
        tone: "success",
        text: t("members.roleChanged", { name: member.name, role: t(`role.${role}`) }),
      });
    } catch (error) {
      setNotice({ tone: "error", text: errorMessage(error, t("ui.error.network")) });
    } finally {
      await utils.organization.members.invalidate();
    }
  };

  const onConfirmRemove = async () => {
    if (!removing) return;
    try {
      await remove.mutateAsync({ membershipId: removing.id });
      setNotice({ tone: "success", text: t("members.removed", { name: removing.name }) });
      setRemoving(null);
      await utils.organization.members.invalidate();
    } catch {
      // The dialog shows remove.error and stays open so the user can retry or cancel.
    }
  };

  const body = (
    <PagedListBody
      list={members}
      empty={<EmptyState title={t("members.empty.title")} description={t("members.empty.body")} />}
      status={(count) => t("members.count", { count })}
    >
      {(items) => (
        <Table caption={t("members.table.caption", { organization: organization.name })}>
          <THead>
            <Tr>
              <Th>{t("members.col.name")}</Th>
              <Th>{t("members.col.role")}</Th>
              <Th className="hidden md:table-cell">{t("members.col.joined")}</Th>
              <Th>
                <span className="sr-only">{t("members.col.actions")}</span>
              </Th>
            </Tr>
          </THead>
          <TBody>
            {items.map((member) => {
              const self = member.userId === user.id;
              const editable = !self && canManageRole(organization.role, member.role);
              return (
                <Tr key={member.id}>
                  <Td>
                    <div className="flex items-center gap-2 font-medium text-slate-900">
                      {member.name}
                      {self && <Badge>{t("members.you")}</Badge>}
                    </div>
                    <div className="text-xs text-slate-500">{member.email}</div>
                  </Td>
                  <Td>
                    {editable ? (
                      <SelectField
                        label={t("members.changeRoleFor", { name: member.name })}
                        hideLabel
                        containerClassName="w-36"
                        controlSize="sm"
                        value={member.role}
                        disabled={changeRole.isPending}
                        onChange={(event) => {
                          const role = allRoles.find((r) => r === event.target.value);
                          if (role) void onRoleChange(member, role);
                        }}
                        options={allRoles
                          .filter((role) => canManageRole(organization.role, role))
                          .map((role) => ({ value: role, label: t(`role.${role}`) }))}
                      />
                    ) : (
                      <Badge tone={member.role === "owner" ? "brand" : "neutral"}>
                        {t(`role.${member.role}`)}
                      </Badge>
                    )}
                  </Td>
                  <Td className="hidden whitespace-nowrap text-slate-500 md:table-cell">
                    {formatDate(member.joinedAt)}
                  </Td>
                  <Td className="text-end">
                    {editable && (
                      <Button
                        variant="ghost-danger"
                        size="sm"
                        aria-label={t("members.removeFor", { name: member.name })}
                        onClick={() => {
                          remove.reset();
                          setRemoving(member);
                        }}
                      >
                        {t("members.remove")}
                      </Button>
                    )}
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      )}
    </PagedListBody>
  );

  return (
    <div className="flex flex-col gap-4">
      {notice && <Alert tone={notice.tone}>{notice.text}</Alert>}
      <Card>{body}</Card>
      <ConfirmDialog
        open={removing !== null}
        title={t("members.confirmRemove.title", { name: removing?.name ?? "" })}
        description={t("members.confirmRemove.body", {
          name: removing?.name ?? "",
          organization: organization.name,
        })}
        confirmLabel={t("members.confirmRemove.confirm")}
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error, t("ui.error.network")) : null}
        onConfirm={() => void onConfirmRemove()}
        onCancel={() => setRemoving(null)}
      />
    </div>
  );
}

function InviteMemberCard({ actorRole }: { actorRole: Role }) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const invite = trpc.organization.invite.useMutation();
  const [sent, setSent] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(InviteMemberInput),
    defaultValues: { email: "", role: "staff" as InvitationRole },
  });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, ["email", "role"]);

  const onSubmit = submit(async (values) => {
    setSent(null);
    const invitation = await invite.mutateAsync(values);
    setSent(t("members.invite.sent", { email: invitation.email }));
    form.reset({ email: "", role: values.role });
    await utils.organization.invitations.invalidate();
  });

  return (
    <Card title={t("members.invite.title")} description={t("members.invite.lead")}>
      <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
        {formError && <Alert tone="error">{formError}</Alert>}
        {sent && <Alert tone="success">{sent}</Alert>}
        <TextField
          label={t("members.invite.email")}
          type="email"
          autoComplete="off"
          error={errors.email?.message}
          {...form.register("email")}
        />
        <SelectField
          label={t("members.invite.role")}
          options={invitationRoles
            .filter((role) => canManageRole(actorRole, role))
            .map((role) => ({ value: role, label: t(`role.${role}`) }))}
          error={errors.role?.message}
          {...form.register("role")}
        />
        <Button type="submit" loading={isSubmitting}>
          {t("members.invite.submit")}
        </Button>
      </form>
    </Card>
  );
}

const statusTone = {
  pending: "warning",
  accepted: "success",
  revoked: "neutral",
  expired: "neutral",
} as const;

/** Invitations of the last 30 days: pending ones can be sent again or withdrawn. */
function InvitationList({ organization }: { organization: MyOrganization }) {
  const { t, formatDateTime } = useI18n();
  const utils = trpc.useUtils();
  const manage = canManageMembers(organization.role);
  const invitations = trpc.organization.invitations.useQuery();
  const resend = trpc.organization.resendInvitation.useMutation();
  const revoke = trpc.organization.revokeInvitation.useMutation();
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);

  const act = async (invitation: Invitation, action: "resend" | "revoke") => {
    setNotice(null);
    try {
      if (action === "resend") {
        await resend.mutateAsync({ invitationId: invitation.id });
        setNotice({ tone: "success", text: t("invitations.resent", { email: invitation.email }) });
      } else {
        await revoke.mutateAsync({ invitationId: invitation.id });
        setNotice({ tone: "success", text: t("invitations.revoked", { email: invitation.email }) });
      }
    } catch (error) {
      setNotice({ tone: "error", text: errorMessage(error, t("ui.error.network")) });
    } finally {
      await utils.organization.invitations.invalidate();
    }
  };

  let body;
  if (invitations.isPending) body = <LoadingState />;
  else if (invitations.isError) {
    body = (
      <ApiErrorState
        error={invitations.error}
        onRetry={() => void invitations.refetch()}
        retrying={invitations.isFetching}
      />
    );
  } else if (invitations.data.items.length === 0) {
    body = <p className="py-2 text-sm text-slate-500">{t("invitations.empty")}</p>;
  } else {
    body = (
      <Table caption={t("invitations.caption", { organization: organization.name })}>
        <THead>
          <Tr>
            <Th>{t("invitations.col.email")}</Th>
            <Th>{t("invitations.col.role")}</Th>
            <Th>{t("invitations.col.status")}</Th>
            <Th>
              <span className="sr-only">{t("members.col.actions")}</span>
            </Th>
          </Tr>
        </THead>
        <TBody>
          {invitations.data.items.map((invitation) => {
            const open = invitation.status === "pending" || invitation.status === "expired";
            const editable = manage && open && canManageRole(organization.role, invitation.role);
            return (
              <Tr key={invitation.id}>
                <Td>
                  <div className="font-medium break-all text-slate-900">{invitation.email}</div>
                  {invitation.status === "pending" && (
                    <div className="text-xs text-slate-500">
                      {t("invitations.expires", { date: formatDateTime(invitation.expiresAt) })}
                    </div>
                  )}
                </Td>
                <Td>{t(`role.${invitation.role}`)}</Td>
                <Td>
                  <Badge tone={statusTone[invitation.status]}>
                    {t(`invitations.status.${invitation.status}`)}
                  </Badge>
                </Td>
                <Td className="whitespace-nowrap text-end">
                  {editable && (
                    <>
                      <Button
                        variant="ghost"
                        size="sm"
                        aria-label={t("invitations.resendFor", { email: invitation.email })}
                        disabled={resend.isPending || revoke.isPending}
                        onClick={() => void act(invitation, "resend")}
                      >
                        {t("invitations.resend")}
                      </Button>
                      {invitation.status === "pending" && (
                        <Button
                          variant="ghost-danger"
                          size="sm"
                          aria-label={t("invitations.revokeFor", { email: invitation.email })}
                          disabled={resend.isPending || revoke.isPending}
                          onClick={() => void act(invitation, "revoke")}
                        >
                          {t("invitations.revoke")}
                        </Button>
                      )}
                    </>
                  )}
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
      <Card title={t("invitations.title")}>{body}</Card>
    </div>
  );
}
