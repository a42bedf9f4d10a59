// The account page's sign-in methods: the password (set or not) and each linked provider with its
// address and when it was linked; link another provider, unlink one while another way to sign in
// remains (the server refuses the last one). A provider's refusal comes back as ?error=.
import type { RouterOutputs } from "@caredesk/api";
import { ApiErrorState, errorMessage, providerStartHref, trpc } from "@caredesk/client";
import {
  Alert,
  Button,
  buttonClasses,
  Card,
  ConfirmDialog,
  EmptyState,
  LoadingState,
  useI18n,
} from "@caredesk/ui";
import { useState } from "react";

type Identity = RouterOutputs["identity"]["methods"]["identities"][number];

/** What the server's redirect said: a refusal (?error=) or a fresh link (?linked=). */
function redirectNotice() {
  const search = new URLSearchParams(window.location.search);
  return { error: search.get("error"), linked: search.get("linked") };
}

export function SignInMethodsCard() {
  const { t, formatDate } = useI18n();
  const utils = trpc.useUtils();
  const methods = trpc.identity.methods.useQuery();
  const providers = trpc.identity.providers.useQuery(undefined, { staleTime: Infinity });
  const unlink = trpc.identity.unlink.useMutation();
  const [arrived] = useState(redirectNotice);
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [removing, setRemoving] = useState<Identity | null>(null);

  const linkedLabel = arrived.linked && providers.data?.find((p) => p.id === arrived.linked)?.label;

  const confirmUnlink = async (identity: Identity) => {
    setNotice(null);
    try {
      await unlink.mutateAsync({ identityId: identity.id });
      setRemoving(null);
      await utils.identity.methods.invalidate();
    } catch (error) {
      setRemoving(null);
      setNotice({ tone: "error", text: errorMessage(error, t("ui.error.network")) });
    }
  };

  let body;
  if (methods.isPending) {
    body = <LoadingState />;
  } else if (methods.isError) {
    body = (
      <ApiErrorState
        error={methods.error}
        onRetry={() => void methods.refetch()}
        retrying={methods.isRefetching}
      />
    );
  } else {
    const { password, identities } = methods.data;
    body = (
      <div className="flex flex-col gap-4 text-sm">
        <div>
          <p className="text-slate-500">{t("account.methods.password")}</p>
          <p className="font-medium text-slate-900">
            {password ? t("account.methods.passwordSet") : t("account.methods.passwordNone")}
          </p>
        </div>
        {identities.length === 0 ? (
          <EmptyState title={t("account.methods.empty")} />
        ) : (
          <ul className="flex flex-col gap-3" aria-label={t("account.methods.title")}>
            {identities.map((identity) => (
              <li key={identity.id} className="flex items-start justify-between gap-3">
                <div className="min-w-0">
                  <p className="font-medium text-slate-900">{identity.providerLabel}</p>
                  {identity.email && <p className="break-all text-slate-600">{identity.email}</p>}
                  <p className="text-xs text-slate-500">
                    {t("account.methods.linkedOn", { date: formatDate(identity.createdAt) })}
                  </p>
                </div>
                <Button size="sm" variant="secondary" onClick={() => setRemoving(identity)}>
                  {t("account.methods.unlink")}
                </Button>
              </li>
            ))}
          </ul>
        )}
        {(providers.data ?? []).length > 0 && (
          <div className="flex flex-wrap gap-2">
            {(providers.data ?? []).map((provider) => (
              <a
                key={provider.id}
                href={providerStartHref(provider.id, { intent: "link" })}
                className={buttonClasses("secondary", "sm")}
              >
                {t("account.methods.link", { provider: provider.label })}
              </a>
            ))}
          </div>
        )}
      </div>
    );
  }

  return (
    <Card title={t("account.methods.title")}>
      {arrived.error && (
        <Alert tone="error" title={t("account.methods.refused")} className="mb-4">
          {arrived.error}
        </Alert>
      )}
      {linkedLabel && !arrived.error && (
        <Alert tone="success" className="mb-4">
          {t("account.methods.linked", { provider: linkedLabel })}
        </Alert>
      )}
      {notice && (
        <Alert tone={notice.tone} className="mb-4">
          {notice.text}
        </Alert>
      )}
      {body}
      <ConfirmDialog
        open={removing !== null}
        title={t("account.methods.unlinkTitle", { provider: removing?.providerLabel ?? "" })}
        description={t("account.methods.unlinkBody", {
          provider: removing?.providerLabel ?? "",
          email: removing?.email ?? "",
        })}
        confirmLabel={t("account.methods.unlink")}
        pending={unlink.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          if (removing) void confirmUnlink(removing);
        }}
      />
    </Card>
  );
}
