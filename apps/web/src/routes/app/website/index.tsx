// The practice's website: the set-up wizard, resumed where the owner left it (site.step), and once
// it is done the website settings (profile, hours, address and domain, publishing, plan).
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, trpc } from "@caredesk/client";
import {
  Alert,
  Button,
  Card,
  cn,
  LoadingState,
  PageHeader,
  useI18n,
  type MessageKey,
} from "@caredesk/ui";
import { siteSteps, type SiteStep } from "@caredesk/validators";
import { useState } from "react";
import { organizationPage } from "../../../components/organization-page";
import { QueryError } from "../../../components/query-error";
import type { MyOrganization } from "../../../lib/workspace";
import { DirectoryStep } from "./directory-step";
import { HoursCard } from "./hours";
import { FeaturesStep, PayStep, PlanPanel, PlanStep } from "./plan-steps";
import { ProfileCard, WebsiteLogoCard } from "./profile";
import { DomainCard, PreviewCard, PublishCard, SlugCard } from "./publish";

type SiteView = RouterOutputs["site"]["get"];
type WizardStep = Exclude<SiteStep, "done">;

const wizardSteps = siteSteps.filter((s): s is WizardStep => s !== "done");

const stepKeys: Record<WizardStep, MessageKey> = {
  kind: "website.step.kind",
  features: "website.step.features",
  plan: "website.step.plan",
  pay: "website.step.pay",
  profile: "website.step.profile",
  directory: "website.step.directory",
  preview: "website.step.preview",
};

export const WebsitePage = organizationPage("site.manage", "website.title", WebsiteScreen);

function WebsiteScreen({ organization }: { organization: MyOrganization }) {
  const { t } = useI18n();
  const site = trpc.site.get.useQuery();
  // Publishing ends the wizard: the settings then open where the live address is shown.
  const [tab, setTab] = useState<Tab>("profile");
  if (site.isPending) {
    return (
      <>
        <PageHeader title={t("website.title")} />
        <LoadingState />
      </>
    );
  }
  if (site.isError) {
    return (
      <>
        <PageHeader title={t("website.title")} />
        <Card>
          <QueryError
            error={site.error}
            onRetry={() => void site.refetch()}
            retrying={site.isRefetching}
          />
        </Card>
      </>
    );
  }
  return site.data.site.step === "done" ? (
    <WebsiteSettings organization={organization} view={site.data} tab={tab} setTab={setTab} />
  ) : (
    <Wizard organization={organization} view={site.data} onPublished={() => setTab("publishing")} />
  );
}

/** Moves the resume point and reloads the site. */
function useStep() {
  const utils = trpc.useUtils();
  return trpc.site.setStep.useMutation({ onSuccess: () => utils.site.get.invalidate() });
}

function Wizard({
  organization,
  view,
  onPublished,
}: {
  organization: MyOrganization;
  view: SiteView;
  onPublished: () => void;
}) {
  const { t } = useI18n();
  const setStep = useStep();
  const current = view.site.step as WizardStep;
  const index = wizardSteps.indexOf(current);
  const go = (step: SiteStep) => setStep.mutate({ step });
  const next = () => go(wizardSteps[index + 1] ?? "done");
  const back = index > 0 ? () => go(wizardSteps[index - 1] ?? "kind") : null;

  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader title={t("website.wizard.title")} description={t("website.wizard.lead")} />
      <nav aria-label={t("website.wizard.steps")} className="mb-6">
        <ol className="flex flex-wrap gap-2">
          {wizardSteps.map((step, i) => {
            const label = t("website.wizard.stepLabel", { n: i + 1, name: t(stepKeys[step]) });
            const passed = i < index;
            return (
              <li key={step}>
                {passed ? (
                  <button
                    type="button"
                    className="rounded-full border border-brand-200 bg-brand-50 px-3 py-1 text-sm text-brand-800 hover:bg-brand-100"
                    onClick={() => go(step)}
                  >
                    {label}
                  </button>
                ) : (
                  <span
                    aria-current={i === index ? "step" : undefined}
                    className={cn(
                      "inline-block rounded-full border px-3 py-1 text-sm",
                      i === index
                        ? "border-brand-600 bg-brand-600 font-medium text-white"
                        : "border-slate-200 text-slate-500",
                    )}
                  >
                    {label}
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      </nav>
      {setStep.error && (
        <div className="mb-4">
          <Alert tone="error">{errorMessage(setStep.error, t("ui.error.network"))}</Alert>
        </div>
      )}
      <section aria-labelledby="website-step-heading" className="flex flex-col gap-6">
        <h2 id="website-step-heading" className="text-lg font-semibold text-slate-900">
          {t(stepKeys[current])}
        </h2>
        <StepBody
          organization={organization}
          view={view}
          step={current}
          next={next}
          onPublished={onPublished}
        />
        <div className="flex justify-between border-t border-slate-100 pt-4">
          {back ? (
            <Button variant="ghost" disabled={setStep.isPending} onClick={back}>
              {t("website.wizard.back")}
            </Button>
          ) : (
            <span />
          )}
          {/* The plan steps move on themselves (paying is their own business). */}
          {!["features", "plan", "pay"].includes(current) && (
            <Button loading={setStep.isPending} onClick={next}>
              {current === "preview" ? t("website.wizard.finish") : t("website.wizard.continue")}
            </Button>
          )}
        </div>
      </section>
    </div>
  );
}

function StepBody({
  organization,
  view,
  step,
  next,
  onPublished,
}: {
  organization: MyOrganization;
  view: SiteView;
  step: WizardStep;
  next: () => void;
  onPublished: () => void;
}) {
  const { t } = useI18n();
  switch (step) {
    case "kind":
      return (
        <Card>
          <p className="text-sm text-slate-700">
            {t("website.kind.chosen", { kind: t(`org.kind.${view.organization.kind}`) })}
          </p>
        </Card>
      );
    case "features":
      return <FeaturesStep organization={organization} onDone={next} />;
    case "plan":
      return <PlanStep organization={organization} onDone={next} />;
    case "pay":
      return <PayStep organization={organization} onDone={next} />;
    case "profile":
      return (
        <>
          <WebsiteLogoCard view={view} />
          <ProfileCard site={view.site} />
          <HoursCard site={view.site} />
        </>
      );
    case "directory":
      return <DirectoryStep organization={organization} />;
    case "preview":
      return (
        <>
          <PreviewCard view={view} />
          <PublishCard view={view} onPublished={onPublished} />
        </>
      );
  }
}

const tabs = ["profile", "hours", "address", "publishing", "plan"] as const;
type Tab = (typeof tabs)[number];

function WebsiteSettings({
  organization,
  view,
  tab,
  setTab,
}: {
  organization: MyOrganization;
  view: SiteView;
  tab: Tab;
  setTab: (tab: Tab) => void;
}) {
  const { t } = useI18n();
  const setStep = useStep();
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        title={t("website.title")}
        description={t("website.settings.lead")}
        actions={
          <Button
            variant="ghost"
            loading={setStep.isPending}
            onClick={() => setStep.mutate({ step: "kind" })}
          >
            {t("website.settings.rerun")}
          </Button>
        }
      />
      <div
        role="tablist"
        aria-label={t("website.settings.sections")}
        className="mb-6 flex flex-wrap gap-1 border-b border-slate-200"
      >
        {tabs.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`website-tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`website-panel-${name}`}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm",
              tab === name
                ? "border-brand-600 font-medium text-brand-800"
                : "border-transparent text-slate-600 hover:text-slate-900",
            )}
            onClick={() => setTab(name)}
          >
            {t(`website.tab.${name}`)}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`website-panel-${tab}`}
        aria-labelledby={`website-tab-${tab}`}
        className="flex flex-col gap-6"
      >
        {tab === "profile" && (
          <>
            <WebsiteLogoCard view={view} />
            <ProfileCard site={view.site} showTemplate />
          </>
        )}
        {tab === "hours" && <HoursCard site={view.site} />}
        {tab === "address" && (
          <>
            <SlugCard view={view} />
            <DomainCard view={view} />
          </>
        )}
        {tab === "publishing" && (
          <>
            <PublishCard view={view} />
            <PreviewCard view={view} />
          </>
        )}
        {tab === "plan" && (
          <>
            <PlanPanel organization={organization} />
            <div>
              <Button
                variant="secondary"
                loading={setStep.isPending}
                onClick={() => setStep.mutate({ step: "features" })}
              >
                {t("website.plan.change")}
              </Button>
            </div>
          </>
        )}
        {setStep.error && (
          <Alert tone="error">{errorMessage(setStep.error, t("ui.error.network"))}</Alert>
        )}
      </div>
    </div>
  );
}
