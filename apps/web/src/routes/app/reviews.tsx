// The moderation queue: patients' reviews of their completed visits, by status. A review shows
// on the practice's website only once published; staff may hide it (with a reason) or reply.
import type { RouterOutputs } from "@caredesk/api";
import { errorCode, errorMessage, PagedListBody, trpc, useServerSubmit } from "@caredesk/client";
import { ReviewHideInput, ReviewReplyInput, type ReviewStatus } from "@caredesk/validators";
import {
  Alert,
  Button,
  Card,
  cn,
  Dialog,
  EmptyState,
  PageHeader,
  TextAreaField,
  useI18n,
  useT,
  type MessageKey,
} from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { OrganizationGate } from "../../components/organization-gate";
import { ReasonDialog } from "../../components/reason-dialog";
import type { MyOrganization } from "../../lib/workspace";
import { zonedFormat } from "../../lib/zoned";
import { starLabel, Stars } from "../portal/reviews";

type Review = RouterOutputs["review"]["list"]["items"][number];
type Format = ReturnType<typeof zonedFormat>;

const tabs: { status: ReviewStatus; label: MessageKey; empty: MessageKey }[] = [
  { status: "pending", label: "reviews.tab.pending", empty: "reviews.empty.pending" },
  { status: "published", label: "reviews.tab.published", empty: "reviews.empty.published" },
  { status: "hidden", label: "reviews.tab.hidden", empty: "reviews.empty.hidden" },
];

export function ReviewsPage() {
  const t = useT();
  return (
    <OrganizationGate action="review.moderate" title={t("reviews.title")}>
      {(organization) => <ReviewsScreen organization={organization} />}
    </OrganizationGate>
  );
}

function ReviewsScreen({ organization }: { organization: MyOrganization }) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, organization.timeZone), [tag, organization.timeZone]);
  const utils = trpc.useUtils();
  const [status, setStatus] = useState<ReviewStatus>("pending");
  const [notice, setNotice] = useState<string | null>(null);
  const [hiding, setHiding] = useState<Review | null>(null);
  const [replying, setReplying] = useState<Review | null>(null);
  const list = trpc.review.list.useInfiniteQuery(
    { status, limit: 25 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const changed = (message: string) => {
    setNotice(message);
    void utils.review.list.invalidate();
  };
  const publish = trpc.review.publish.useMutation({
    onSuccess: () => changed(t("reviews.published")),
  });
  const tab = tabs.find((candidate) => candidate.status === status) ?? tabs[0];

  return (
    <>
      <PageHeader title={t("reviews.title")} description={t("reviews.lead")} />
      <div className="flex flex-col gap-4">
        <div role="tablist" aria-label={t("reviews.tabs")} className="flex flex-wrap gap-1">
          {tabs.map((candidate) => (
            <button
              key={candidate.status}
              type="button"
              role="tab"
              aria-selected={candidate.status === status}
              onClick={() => {
                setStatus(candidate.status);
                setNotice(null);
                publish.reset();
              }}
              className={cn(
                "min-h-11 rounded-md px-3 py-1.5 text-sm",
                candidate.status === status
                  ? "bg-brand-50 font-medium text-brand-700"
                  : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
              )}
            >
              {t(candidate.label)}
            </button>
          ))}
        </div>
        {notice && <Alert tone="success">{notice}</Alert>}
        {publish.error && (
          <Alert tone="error">{errorMessage(publish.error, t("ui.error.network"))}</Alert>
        )}
        <Card>
          {list.isError && errorCode(list.error) === "NOT_FOUND" ? (
            <EmptyState titleAs="h2" title={t("reviews.off")} description={t("reviews.off.body")} />
          ) : (
            <PagedListBody
              list={list}
              empty={
                <EmptyState
                  titleAs="h2"
                  title={t(tab?.empty ?? "reviews.empty.pending")}
                  description={t("reviews.empty.body")}
                />
              }
              status={(shown) => t("reviews.shown", { count: shown })}
            >
              {(items) => (
                <ul
                  className="divide-y divide-slate-100"
                  aria-label={t(tab?.label ?? "reviews.title")}
                >
                  {items.map((review) => (
                    <ReviewItem
                      key={review.id}
                      review={review}
                      fmt={fmt}
                      publishing={publish.isPending && publish.variables.id === review.id}
                      onPublish={() => {
                        setNotice(null);
                        publish.mutate({ id: review.id });
                      }}
                      onHide={() => {
                        setNotice(null);
                        setHiding(review);
                      }}
                      onReply={() => {
                        setNotice(null);
                        setReplying(review);
                      }}
                    />
                  ))}
                </ul>
              )}
            </PagedListBody>
          )}
        </Card>
      </div>
      {hiding && (
        <HideDialog
          review={hiding}
          onClose={() => setHiding(null)}
          onHidden={() => {
            setHiding(null);
            changed(t("reviews.hidden"));
          }}
        />
      )}
      {replying && (
        <ReplyDialog
          review={replying}
          onClose={() => setReplying(null)}
          onReplied={() => {
            setReplying(null);
            changed(t("reviews.replied"));
          }}
        />
      )}
    </>
  );
}

function ReviewItem({
  review,
  fmt,
  publishing,
  onPublish,
  onHide,
  onReply,
}: {
  review: Review;
  fmt: Format;
  publishing: boolean;
  onPublish: () => void;
  onHide: () => void;
  onReply: () => void;
}) {
  const t = useT();
  return (
    <li className="flex flex-col gap-2 py-4 first:pt-0 last:pb-0" data-testid="review">
      <div className="flex flex-wrap items-center gap-3">
        <Stars rating={review.rating} label={t(starLabel(review.rating))} />
        <span className="text-sm text-slate-600">
          {t("reviews.rating", { rating: review.rating })}
        </span>
        <span className="font-medium text-slate-900">{review.authorName}</span>
      </div>
      <p className="text-sm whitespace-pre-line text-slate-800">{review.body}</p>
      <p className="text-xs text-slate-600">
        {t("reviews.visit", {
          date: fmt.dateTime(review.visitStartsAt),
          service: review.serviceName,
        })}
        {review.practitionerName && ` ${t("reviews.doctor", { doctor: review.practitionerName })}`}
        {" · "}
        {t("reviews.received", { date: fmt.dateTime(review.createdAt) })}
      </p>
      {review.status === "hidden" && review.moderationReason && (
        <p className="text-sm text-slate-700">
          {t("reviews.hiddenBecause", { reason: review.moderationReason })}
        </p>
      )}
      {review.reply && (
        <div className="rounded-md bg-slate-50 p-3 text-sm">
          <p className="font-medium text-slate-700">{t("reviews.reply.label")}</p>
          <p className="whitespace-pre-line text-slate-700">{review.reply}</p>
        </div>
      )}
      <div className="flex flex-wrap gap-2">
        {review.status !== "published" && (
          <Button
            size="sm"
            loading={publishing}
            aria-label={`${t("reviews.publish")}: ${review.authorName}`}
            onClick={onPublish}
          >
            {t("reviews.publish")}
          </Button>
        )}
        <Button
          size="sm"
          variant="secondary"
          aria-label={`${review.reply ? t("reviews.editReply") : t("reviews.replyAction")}: ${review.authorName}`}
          onClick={onReply}
        >
          {review.reply ? t("reviews.editReply") : t("reviews.replyAction")}
        </Button>
        {review.status !== "hidden" && (
          <Button
            size="sm"
            variant="ghost-danger"
            aria-label={`${t("reviews.hide")}: ${review.authorName}`}
            onClick={onHide}
          >
            {t("reviews.hide")}
          </Button>
        )}
      </div>
    </li>
  );
}

function HideDialog({
  review,
  onClose,
  onHidden,
}: {
  review: Review;
  onClose: () => void;
  onHidden: () => void;
}) {
  const t = useT();
  const hide = trpc.review.hide.useMutation();
  return (
    <ReasonDialog
      title={t("reviews.hide.title")}
      description={t("reviews.hide.body")}
      label={t("reviews.hide.reason")}
      hint={t("reviews.hide.reasonHint")}
      submitLabel={t("reviews.hide.submit")}
      reason={ReviewHideInput.shape.reason}
      onSubmit={async (reason) => {
        await hide.mutateAsync({ id: review.id, reason });
        onHidden();
      }}
      onClose={onClose}
    />
  );
}

function ReplyDialog({
  review,
  onClose,
  onReplied,
}: {
  review: Review;
  onClose: () => void;
  onReplied: () => void;
}) {
  const t = useT();
  const reply = trpc.review.reply.useMutation();
  const form = useForm({
    resolver: zodResolver(ReviewReplyInput),
    defaultValues: { id: review.id, reply: review.reply ?? "" },
  });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, ["reply"]);
  const onSubmit = submit(async (values) => {
    await reply.mutateAsync(values);
    onReplied();
  });
  return (
    <Dialog
      open
      onClose={onClose}
      title={t("reviews.reply.title", { author: review.authorName })}
      description={t("reviews.reply.body")}
    >
      <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
        {formError && <Alert tone="error">{formError}</Alert>}
        <TextAreaField
          label={t("reviews.reply.label")}
          rows={4}
          error={errors.reply?.message}
          {...form.register("reply")}
        />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onClose}>
            {t("ui.cancel")}
          </Button>
          <Button type="submit" loading={isSubmitting}>
            {t("reviews.reply.submit")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
