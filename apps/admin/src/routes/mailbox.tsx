// The local mailbox: every email the platform "sent" while no SMTP server is configured, for
// operators to read. An email's HTML is shown in a sandboxed frame (no scripts, no forms, an
// origin of its own), so nothing in a message can act on the admin app.
import { trpc } from "@caredesk/client";
import { Card, cn, PageHeader, Td, Th, Tr, useI18n } from "@caredesk/ui";
import { useState } from "react";
import { PagedTable } from "../components/paged-table";

/** The pages the operators' mailbox query caches. */
type MailboxPages = NonNullable<
  ReturnType<ReturnType<typeof trpc.useUtils>["admin"]["mailbox"]["getInfiniteData"]>
>;
type Mail = MailboxPages["pages"][number]["items"][number];

export function MailboxPage() {
  const { t, formatDateTime } = useI18n();
  const mailbox = trpc.admin.mailbox.useInfiniteQuery(
    { limit: 25 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const items = mailbox.data?.pages.flatMap((p) => p.items) ?? [];
  const selected = items.find((m) => m.id === selectedId) ?? null;

  return (
    <>
      <PageHeader title={t("admin.mailbox.title")} description={t("admin.mailbox.lead")} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <Card>
          <PagedTable
            list={mailbox}
            caption={t("admin.mailbox.caption")}
            emptyTitle={t("admin.mailbox.empty.title")}
            emptyBody={t("admin.mailbox.empty.body")}
            head={<Th>{t("admin.mailbox.col.subject")}</Th>}
          >
            {(mail) => {
              const subject = mail.subject || t("admin.mailbox.noSubject");
              const current = mail.id === selectedId;
              return (
                <Tr key={mail.id} className={cn(current && "bg-brand-50")}>
                  <Td>
                    <button
                      type="button"
                      aria-pressed={current}
                      aria-label={t("admin.mailbox.open", { subject })}
                      onClick={() => setSelectedId(mail.id)}
                      className="block w-full text-start"
                    >
                      <span className="block font-medium text-slate-900">{subject}</span>
                      <span className="block text-xs text-slate-500">{mail.to}</span>
                      {/* Under the subject: a column of its own did not fit beside the reader. */}
                      <span className="block text-xs text-slate-500">
                        {formatDateTime(mail.createdAt)}
                      </span>
                    </button>
                  </Td>
                </Tr>
              );
            }}
          </PagedTable>
        </Card>
        {items.length > 0 && (
          <Card title={selected ? selected.subject || t("admin.mailbox.noSubject") : undefined}>
            {selected ? (
              <MailView mail={selected} />
            ) : (
              <p className="py-8 text-center text-sm text-slate-500">{t("admin.mailbox.pick")}</p>
            )}
          </Card>
        )}
      </div>
    </>
  );
}

function MailView({ mail }: { mail: Mail }) {
  const { t, formatDateTime } = useI18n();
  const subject = mail.subject || t("admin.mailbox.noSubject");
  return (
    <div className="flex flex-col gap-5" data-testid="mailbox-message">
      <dl className="grid grid-cols-[5rem_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-500">{t("admin.mailbox.from")}</dt>
        <dd className="wrap-anywhere text-slate-900">{mail.from}</dd>
        <dt className="text-slate-500">{t("admin.mailbox.to")}</dt>
        <dd className="wrap-anywhere text-slate-900">{mail.to}</dd>
        <dt className="text-slate-500">{t("admin.mailbox.date")}</dt>
        <dd className="text-slate-900">{formatDateTime(mail.createdAt)}</dd>
      </dl>
      <section aria-labelledby={`text-${mail.id}`}>
        <h3 id={`text-${mail.id}`} className="mb-2 text-sm font-semibold text-slate-900">
          {t("admin.mailbox.text")}
        </h3>
        {mail.text ? (
          <pre className="max-h-80 overflow-auto rounded-lg bg-slate-50 p-3 text-xs whitespace-pre-wrap text-slate-800 wrap-anywhere">
            {mail.text}
          </pre>
        ) : (
          <p className="text-sm text-slate-500">{t("admin.mailbox.noText")}</p>
        )}
      </section>
      <section aria-labelledby={`html-${mail.id}`}>
        <h3 id={`html-${mail.id}`} className="mb-2 text-sm font-semibold text-slate-900">
          {t("admin.mailbox.html")}
        </h3>
        {mail.html ? (
          // sandbox="" grants nothing: no scripts, forms, popups or same-origin access.
          <iframe
            key={mail.id}
            sandbox=""
            srcDoc={mail.html}
            title={t("admin.mailbox.htmlFrame", { subject })}
            className="h-[32rem] w-full rounded-lg border border-slate-200 bg-white"
          />
        ) : (
          <p className="text-sm text-slate-500">{t("admin.mailbox.noHtml")}</p>
        )}
      </section>
    </div>
  );
}
