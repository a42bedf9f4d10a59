// Patients' reviews across every practice: operators publish or hide them by the practice's own
// rules (hiding says why; the practice's staff see the reason).
import { errorMessage, fieldErrorOf, trpc } from "@caredesk/client";
import {
  Alert,
  Badge,
  Button,
  Card,
  Dialog,
  ListFilters,
  PageHeader,
  SelectField,
  Td,
  TextField,
  Th,
  Tr,
  useI18n,
} from "@caredesk/ui";
import { keepPreviousData } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { PagedTable } from "../components/paged-table";

const statuses = ["pending", "published", "hidden"] as const;
type Status = (typeof statuses)[number];

type Review = NonNullable<
  ReturnType<ReturnType<typeof trpc.useUtils>["admin"]["reviews"]["getInfiniteData"]>
>["pages"][number]["items"][number];

export function ModerationPage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<Status | "">("pending");
  const reviews = trpc.admin.reviews.useInfiniteQuery(
    { status: status || undefined, limit: 25 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined, placeholderData: keepPreviousData },
  );
  return (
    <>
      <PageHeader title={t("admin.reviews.title")} description={t("admin.reviews.lead")} />
      <Card>
        <ListFilters>
          <SelectField
            label={t("admin.reviews.filter")}
            containerClassName="w-full max-w-xs"
            value={status}
            onChange={(event) => setStatus(event.target.value as Status | "")}
            options={[
              { value: "", label: t("admin.reviews.filter.all") },
              ...statuses.map((s) => ({ value: s, label: t(`reviews.tab.${s}`) })),
            ]}
          />
        </ListFilters>
        <PagedTable
          list={reviews}
          caption={t("admin.reviews.caption")}
          busy={reviews.isFetching}
          emptyTitle={t("admin.reviews.empty.title")}
          emptyBody={t("admin.reviews.empty.body")}
          head={
            <>
              <Th>{t("admin.reviews.col.review")}</Th>
              <Th className="hidden md:table-cell">{t("admin.reviews.col.practice")}</Th>
              <Th>{t("admin.reviews.col.status")}</Th>
            </>
          }
        >
          {(review) => <ReviewRow key={review.id} review={review} />}
        </PagedTable>
      </Card>
    </>
  );
}

function ReviewRow({ review }: { review: Review }) {
  const { t, formatDate } = useI18n();
  const utils = trpc.useUtils();
  const [hiding, setHiding] = useState(false);
  const [reason, setReason] = useState("");
  const moderate = trpc.admin.moderateReview.useMutation({
    onSuccess: () => {
      setHiding(false);
      setReason("");
      void utils.admin.reviews.invalidate();
    },
  });
  const reasonError = moderate.error ? fieldErrorOf(moderate.error, "reason") : null;
  return (
    <Tr>
      <Td>
        <div className="text-sm font-medium text-slate-900">
          {t("admin.reviews.rating", { rating: review.rating })} · {review.authorName}
        </div>
        <p className="mt-1 max-w-prose text-sm text-slate-700 wrap-anywhere">{review.body}</p>
        <div className="mt-1 text-xs text-slate-500">{formatDate(review.createdAt)}</div>
        {review.moderationReason && (
          <div className="mt-1 text-xs text-slate-500">{review.moderationReason}</div>
        )}
        {moderate.isError && !hiding && (
          <Alert tone="error" className="mt-2">
            {errorMessage(moderate.error, t("ui.error.unknown"))}
          </Alert>
        )}
      </Td>
      <Td className="hidden md:table-cell">
        <Link
          to="/organizations/$organizationId"
          params={{ organizationId: review.organizationId }}
          className="text-brand-700 hover:underline"
        >
          {review.organizationName}
        </Link>
      </Td>
      <Td>
        <div className="flex flex-col items-start gap-2">
          <Badge
            tone={
              review.status === "published"
                ? "success"
                : review.status === "hidden"
                  ? "danger"
                  : "neutral"
            }
          >
            {t(`reviews.tab.${review.status}`)}
          </Badge>
          <div className="flex gap-2">
            {review.status !== "published" && (
              <Button
                size="sm"
                variant="secondary"
                loading={moderate.isPending && moderate.variables.action === "publish"}
                onClick={() => moderate.mutate({ reviewId: review.id, action: "publish" })}
              >
                {t("admin.reviews.publish")}
              </Button>
            )}
            {review.status !== "hidden" && (
              <Button size="sm" variant="secondary" onClick={() => setHiding(true)}>
                {t("admin.reviews.hide")}
              </Button>
            )}
          </div>
        </div>
        <Dialog
          open={hiding}
          onClose={() => setHiding(false)}
          title={t("admin.reviews.hide.title")}
          footer={
            <>
              <Button variant="secondary" onClick={() => setHiding(false)}>
                {t("ui.cancel")}
              </Button>
              <Button
                variant="danger"
                loading={moderate.isPending}
                onClick={() =>
                  moderate.mutate({ reviewId: review.id, action: "hide", reason: reason.trim() })
                }
              >
                {t("admin.reviews.hide")}
              </Button>
            </>
          }
        >
          <TextField
            label={t("admin.reviews.hide.reason")}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            error={reasonError ?? undefined}
          />
          {moderate.isError && !reasonError && (
            <Alert tone="error">{errorMessage(moderate.error, t("ui.error.unknown"))}</Alert>
          )}
        </Dialog>
      </Td>
    </Tr>
  );
}
