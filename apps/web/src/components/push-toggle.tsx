// "Enable notifications on this device": registers the service worker (public/sw.js), asks the
// browser for permission, subscribes with the server's VAPID key and hands the subscription to
// push.subscribe; turning it off unsubscribes in the browser and on the server.
import { errorMessage, trpc } from "@caredesk/client";
import { Alert, Card, CheckboxField, useT } from "@caredesk/ui";
import { useEffect, useState } from "react";

const workerUrl = "/sw.js";

function pushSupported(): boolean {
  return (
    typeof window !== "undefined" &&
    "serviceWorker" in navigator &&
    "PushManager" in window &&
    "Notification" in window
  );
}

/** The VAPID public key (base64url) as the bytes PushManager.subscribe takes. */
function applicationServerKey(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration(workerUrl);
  return (await registration?.pushManager.getSubscription()) ?? null;
}

type State = "checking" | "on" | "off";

export function PushToggleCard() {
  const t = useT();
  return (
    <Card title={t("push.title")} description={t("push.lead")}>
      <PushToggle />
    </Card>
  );
}

export function PushToggle() {
  const t = useT();
  const supported = pushSupported();
  const publicKey = trpc.push.publicKey.useQuery(undefined, {
    enabled: supported,
    staleTime: Infinity,
  });
  const subscribe = trpc.push.subscribe.useMutation();
  const unsubscribe = trpc.push.unsubscribe.useMutation();
  const [state, setState] = useState<State>("checking");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!supported) return;
    let cancelled = false;
    currentSubscription()
      .then((subscription) => {
        if (!cancelled) setState(subscription ? "on" : "off");
      })
      .catch(() => {
        if (!cancelled) setState("off");
      });
    return () => {
      cancelled = true;
    };
  }, [supported]);

  if (!supported) return <p className="text-sm text-slate-600">{t("push.unsupported")}</p>;
  if (publicKey.isSuccess && !publicKey.data.publicKey) {
    return <p className="text-sm text-slate-600">{t("push.unavailable")}</p>;
  }

  const enable = async (key: string) => {
    const permission = await Notification.requestPermission();
    if (permission !== "granted") {
      setProblem(t("push.denied"));
      return;
    }
    const registration = await navigator.serviceWorker.register(workerUrl, { scope: "/" });
    await navigator.serviceWorker.ready;
    const subscription =
      (await registration.pushManager.getSubscription()) ??
      (await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: applicationServerKey(key),
      }));
    const json = subscription.toJSON();
    await subscribe.mutateAsync({
      endpoint: json.endpoint ?? subscription.endpoint,
      keys: { p256dh: json.keys?.p256dh ?? "", auth: json.keys?.auth ?? "" },
    });
    setState("on");
  };

  const disable = async () => {
    const subscription = await currentSubscription();
    if (subscription) {
      await unsubscribe.mutateAsync({ endpoint: subscription.endpoint });
      await subscription.unsubscribe();
    }
    setState("off");
  };

  const onChange = async (checked: boolean) => {
    const key = publicKey.data?.publicKey;
    if (!key) return;
    setBusy(true);
    setProblem(null);
    try {
      await (checked ? enable(key) : disable());
    } catch (error) {
      setProblem(errorMessage(error, t("push.failed")));
    } finally {
      setBusy(false);
    }
  };

  const denied = Notification.permission === "denied";
  return (
    <div className="flex flex-col gap-3">
      <CheckboxField
        role="switch"
        label={t("push.toggle")}
        description={state === "on" ? t("push.on") : t("push.off")}
        checked={state === "on"}
        disabled={busy || state === "checking" || !publicKey.data?.publicKey}
        aria-checked={state === "on"}
        onChange={(event) => void onChange(event.currentTarget.checked)}
      />
      {(problem ?? (denied && state !== "on")) && (
        <Alert tone="warning">{problem ?? t("push.denied")}</Alert>
      )}
    </div>
  );
}
