import { buttonClasses, Logo, useT, type MessageKey } from "@caredesk/ui";
import { Link } from "@tanstack/react-router";

const features: { title: MessageKey; body: MessageKey; icon: string }[] = [
  {
    title: "landing.feature.schedule.title",
    body: "landing.feature.schedule.body",
    icon: "M8 7V3m8 4V3M4 11h16M5 5h14a1 1 0 0 1 1 1v14a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1Z",
  },
  {
    title: "landing.feature.team.title",
    body: "landing.feature.team.body",
    icon: "M17 20v-2a4 4 0 0 0-4-4H7a4 4 0 0 0-4 4v2m18 0v-2a4 4 0 0 0-3-3.9M14 4.1a4 4 0 0 1 0 7.8M14 7a4 4 0 1 1-8 0 4 4 0 0 1 8 0Z",
  },
  {
    title: "landing.feature.patients.title",
    body: "landing.feature.patients.body",
    icon: "M12 21s-7-4.4-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 11c0 5.6-7 10-7 10Z",
  },
];

export function LandingPage() {
  const t = useT();
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-slate-200 bg-white">
        {/* On a phone (320 px) the buttons wrap under the logo rather than push the page wide. */}
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-3 px-4 py-4 sm:px-6">
          <Link to="/" aria-label={t("app.name")}>
            <Logo />
          </Link>
          <nav aria-label={t("ui.mainNav")} className="flex flex-wrap items-center gap-2">
            <Link to="/signin" className={buttonClasses("ghost")}>
              {t("nav.signIn")}
            </Link>
            <Link to="/signup" className={buttonClasses("primary")}>
              {t("nav.signUp")}
            </Link>
          </nav>
        </div>
      </header>

      <main id="main" className="flex-1">
        <section className="bg-gradient-to-b from-brand-50 to-surface">
          <div className="mx-auto max-w-4xl px-4 py-20 text-center sm:px-6 sm:py-28">
            <p className="text-sm font-semibold tracking-wide text-brand-700 uppercase">
              {t("app.tagline")}
            </p>
            <h1 className="mt-4 text-3xl font-bold tracking-tight text-balance break-words text-slate-900 sm:text-5xl">
              {t("landing.title")}
            </h1>
            <p className="mx-auto mt-6 max-w-2xl text-lg text-pretty text-slate-600">
              {t("landing.lead")}
            </p>
            <div className="mt-10 flex flex-wrap items-center justify-center gap-3">
              <Link to="/signup" className={buttonClasses("primary", "lg")}>
                {t("landing.cta.start")}
              </Link>
              <Link to="/signin" className={buttonClasses("secondary", "lg")}>
                {t("landing.cta.signIn")}
              </Link>
            </div>
          </div>
        </section>

        <section aria-labelledby="features" className="mx-auto max-w-6xl px-4 py-16 sm:px-6">
          <h2 id="features" className="text-center text-2xl font-semibold text-slate-900">
            {t("landing.features.title")}
          </h2>
          <ul className="mt-10 grid gap-6 md:grid-cols-3">
            {features.map((feature) => (
              <li
                key={feature.title}
                className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm"
              >
                <div
                  aria-hidden="true"
                  className="grid size-10 place-items-center rounded-lg bg-brand-50 text-brand-700"
                >
                  <svg
                    viewBox="0 0 24 24"
                    fill="none"
                    className="size-5"
                    stroke="currentColor"
                    strokeWidth="1.8"
                  >
                    <path d={feature.icon} strokeLinecap="round" strokeLinejoin="round" />
                  </svg>
                </div>
                <h3 className="mt-4 font-semibold text-slate-900">{t(feature.title)}</h3>
                <p className="mt-2 text-sm text-slate-600">{t(feature.body)}</p>
              </li>
            ))}
          </ul>
        </section>
      </main>

      <footer className="border-t border-slate-200 bg-white">
        <p className="mx-auto max-w-6xl px-4 py-6 text-sm text-slate-500 sm:px-6">
          {t("landing.footer")}
        </p>
      </footer>
    </div>
  );
}
