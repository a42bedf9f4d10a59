// "Continue with Google" (and any other OpenID Connect provider the deployment configured): plain
// links to the server's /auth/oidc routes, which redirect to the provider and back. Nothing is
// shown while the list loads, when it fails or when no provider is configured: the password
// form still works.
import { buttonClasses, useT } from "@caredesk/ui";
import { trpc } from "./trpc";

/** The server's start route for a provider: signing in, or linking to the signed-in account. */
export function providerStartHref(
  provider: string,
  options: { intent?: "link"; returnTo?: string } = {},
): string {
  const query = new URLSearchParams({
    ...(options.intent ? { intent: options.intent } : {}),
    ...(options.returnTo ? { returnTo: options.returnTo } : {}),
  }).toString();
  return `/auth/oidc/${encodeURIComponent(provider)}/start${query ? `?${query}` : ""}`;
}

export function SignInProviders({
  returnTo,
  beforeLeaving,
}: {
  /** A path of this app to continue at after signing in. */
  returnTo?: string;
  /** Runs just before the browser leaves for the provider (e.g. to remember a link's token). */
  beforeLeaving?: () => void;
}) {
  const t = useT();
  const providers = trpc.identity.providers.useQuery(undefined, { staleTime: Infinity });
  const list = providers.data ?? [];
  if (list.length === 0) return null;
  return (
    <div className="flex flex-col gap-3">
      {list.map((provider) => (
        <a
          key={provider.id}
          href={providerStartHref(provider.id, returnTo ? { returnTo } : {})}
          onClick={beforeLeaving}
          className={`${buttonClasses("secondary")} w-full`}
        >
          {t("auth.oidc.continueWith", { provider: provider.label })}
        </a>
      ))}
      <div className="flex items-center gap-3 text-xs text-slate-500" aria-hidden="true">
        <span className="h-px flex-1 bg-slate-200" />
        {t("auth.oidc.or")}
        <span className="h-px flex-1 bg-slate-200" />
      </div>
    </div>
  );
}
