import { buttonClasses, CenteredLayout, EmptyState, useT } from "@caredesk/ui";
import { Link } from "@tanstack/react-router";

export function NotFoundPage() {
  const t = useT();
  return (
    <CenteredLayout>
      <EmptyState
        titleAs="h1"
        title={t("notFound.title")}
        description={t("notFound.body")}
        action={
          <Link to="/" className={buttonClasses("secondary")}>
            {t("notFound.home")}
          </Link>
        }
      />
    </CenteredLayout>
  );
}
