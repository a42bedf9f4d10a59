// English / العربية: each language named in itself, the current one pressed. Not offered in
// the staff workspace, which stays English (I18nProvider `fixed`).
import { cn } from "../cn";
import { useLocaleChoice, useT } from "./i18n";
import { locales, type Locale } from "./locales";

const offered = Object.keys(locales) as Locale[];

export function LanguageSwitcher({ className }: { className?: string }) {
  const t = useT();
  const { chosen, choose } = useLocaleChoice();
  return (
    <div
      role="group"
      aria-label={t("language.label")}
      className={cn("inline-flex rounded-lg p-0.5 ring-1 ring-inset ring-slate-200", className)}
    >
      {offered.map((locale) => (
        <button
          key={locale}
          type="button"
          lang={locales[locale].tag}
          dir={locales[locale].dir}
          aria-pressed={locale === chosen}
          onClick={() => choose(locale)}
          className={cn(
            "rounded-md px-2.5 py-1 text-sm",
            locale === chosen
              ? "bg-brand-50 font-medium text-brand-700"
              : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
          )}
        >
          {locales[locale].name}
        </button>
      ))}
    </div>
  );
}
