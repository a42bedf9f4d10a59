// The portal's reviews: the patient's completed visits still to review (a rating and a few
// words each), and their own reviews with where each stands.
import type { RouterOutputs } from "@caredesk/api";
import { errorCode, trpc, useServerSubmit } from "@caredesk/client";
import { ReviewCreateInput, type ReviewStatus } from "@caredesk/validators";
import {
  Alert,
  Badge,
  Button,
  Card,
  cn,
  EmptyState,
  LoadingState,
  PageHeader,
  TextAreaField,
  useI18n,
  useT,
  type BadgeTone,
  type MessageKey,
} from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useMemo, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { QueryError } from "../../components/query-error";
import { useWorkspace, type MyOrganization } from "../../lib/workspace";
import { zonedFormat } from "../../lib/zoned";

type Reviewable = RouterOutputs["review"]["reviewable"];
type Visit = Reviewable["visits"][number];
type Format = ReturnType<typeof zonedFormat>;

export const reviewStatusLabel: Record<ReviewStatus, MessageKey> = {
  pending: "portalReviews.status.pending",
  published: "portalReviews.status.published",
  hidden: "portalReviews.status.hidden",
};

const reviewStatusTone: Record<ReviewStatus, BadgeTone> = {
  pending: "warning",
  published: "success",
  hidden: "neutral",
};

const starLabels = [
  "portalReviews.stars.1",
  "portalReviews.stars.2",
  "portalReviews.stars.3",
  "portalReviews.stars.4",
  "portalReviews.stars.5",
] as const satisfies readonly MessageKey[];

const starPath = "M12 2.5l2.9 6.1 6.6.8-4.9 4.6 1.3 6.6L12 17.3l-5.9 3.3 1.3-6.6-4.9-4.6 6.6-.8z";

/** "4 stars", for a rating 1–5. */
export function starLabel(rating: number): MessageKey {
  return starLabels[Math.min(Math.max(Math.round(rating), 1), 5) - 1] ?? "portalReviews.stars.1";
}

export function PortalReviewsPage() {
  const { organization } = useWorkspace();
  if (!organization) return null;
  return <PortalReviews organization={organization} />;
}

function PortalReviews({ organization }: { organization: MyOrganization }) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, organization.timeZone), [tag, organization.timeZone]);
  const reviewable = trpc.review.reviewable.useQuery();
  const [sent, setSent] = useState(false);

  return (
    <>
      <PageHeader
        title={t("portalReviews.title")}
        description={t("portalReviews.lead", { organization: organization.name })}
      />
      <div className="flex flex-col gap-6">
        {sent && <Alert tone="success">{t("portalReviews.sent")}</Alert>}
        {reviewable.isPending ? (
          <Card>
            <LoadingState />
          </Card>
        ) : reviewable.isError ? (
          <Card>
            {errorCode(reviewable.error) === "NOT_FOUND" ? (
              <EmptyState
                titleAs="h2"
                title={t("portalReviews.off")}
                description={t("portalReviews.off.body")}
              />
            ) : (
              <QueryError
                error={reviewable.error}
                onRetry={() => void reviewable.refetch()}
                retrying={reviewable.isRefetching}
              />
            )}
          </Card>
        ) : (
          <>
            <Card title={t("portalReviews.visits.title")}>
              {reviewable.data.visits.length === 0 ? (
                <EmptyState
                  title={t("portalReviews.visits.empty")}
                  description={t("portalReviews.visits.empty.body")}
                />
              ) : (
                <ul className="divide-y divide-slate-100">
                  {reviewable.data.visits.map((visit) => (
                    <li key={visit.appointmentId} className="py-4 first:pt-0 last:pb-0">
                      <ReviewForm visit={visit} fmt={fmt} onSent={() => setSent(true)} />
                    </li>
                  ))}
                </ul>
              )}
            </Card>
            <OwnReviews reviews={reviewable.data.reviews} fmt={fmt} />
          </>
        )}
      </div>
    </>
  );
}

function ReviewForm({ visit, fmt, onSent }: { visit: Visit; fmt: Format; onSent: () => void }) {
  const t = useT();
  const utils = trpc.useUtils();
  const create = trpc.review.create.useMutation();
  const headingId = useId();
  const ratingErrorId = useId();
  const form = useForm({
    resolver: zodResolver(ReviewCreateInput),
    defaultValues: { appointmentId: visit.appointmentId, body: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, ["rating", "body"]);
  const onSubmit = submit(async (values) => {
    await create.mutateAsync(values);
    onSent();
    await utils.review.reviewable.invalidate();
  });

  return (
    <form
      noValidate
      onSubmit={onSubmit}
      aria-labelledby={headingId}
      className="flex flex-col gap-3"
    >
      <div>
        <h3 id={headingId} className="font-medium text-slate-900">
          {t("portalReviews.visit", {
            service: visit.serviceName,
            date: fmt.dateTime(visit.startsAt),
          })}
        </h3>
        {visit.practitionerName && (
          <p className="text-sm text-slate-600">
            {t("portalReviews.visit.doctor", { doctor: visit.practitionerName })}
          </p>
        )}
      </div>
      {formError && <Alert tone="error">{formError}</Alert>}
      <Controller
        control={form.control}
        name="rating"
        render={({ field }) => (
          <fieldset aria-describedby={errors.rating ? ratingErrorId : undefined}>
            <legend className="mb-1.5 text-sm font-medium text-slate-700">
              {t("portalReviews.rating")}
            </legend>
            <div className="flex flex-wrap gap-1" dir="ltr">
              {starLabels.map((label, index) => {
                const value = index + 1;
                const lit = typeof field.value === "number" && value <= field.value;
                return (
                  <label
                    key={value}
                    className="flex size-11 cursor-pointer items-center justify-center rounded-md has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600"
                  >
                    <input
                      type="radio"
                      name={`${field.name}-${visit.appointmentId}`}
                      value={value}
                      checked={field.value === value}
                      onChange={() => field.onChange(value)}
                      onBlur={field.onBlur}
                      ref={value === 1 ? field.ref : undefined}
                      className="sr-only"
                      aria-invalid={errors.rating ? true : undefined}
                    />
                    <span className="sr-only">{t(label)}</span>
                    <svg
                      aria-hidden="true"
                      viewBox="0 0 24 24"
                      className={cn("size-8", lit ? "text-amber-500" : "text-slate-300")}
                      fill="currentColor"
                    >
                      <path d={starPath} />
                    </svg>
                  </label>
                );
              })}
            </div>
            {errors.rating?.message && (
              <p id={ratingErrorId} className="mt-1 text-sm text-red-700">
                {errors.rating.message}
              </p>
            )}
          </fieldset>
        )}
      />
      <TextAreaField
        label={t("portalReviews.body")}
        description={t("portalReviews.body.hint")}
        required
        rows={4}
        error={errors.body?.message}
        {...form.register("body")}
      />
      <div>
        <Button type="submit" loading={isSubmitting}>
          {t("portalReviews.submit")}
        </Button>
      </div>
    </form>
  );
}

function OwnReviews({ reviews, fmt }: { reviews: Reviewable["reviews"]; fmt: Format }) {
  const t = useT();
  return (
    <Card title={t("portalReviews.mine.title")}>
      {reviews.length === 0 ? (
        <EmptyState title={t("portalReviews.mine.empty")} />
      ) : (
        <ul className="divide-y divide-slate-100">
          {reviews.map((review) => (
            <li key={review.id} className="flex flex-col gap-2 py-4 first:pt-0 last:pb-0">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="font-medium text-slate-900">
                  {t("portalReviews.visit", {
                    service: review.serviceName,
                    date: fmt.dateTime(review.startsAt),
                  })}
                </p>
                <Badge tone={reviewStatusTone[review.status]}>
                  {t(reviewStatusLabel[review.status])}
                </Badge>
              </div>
              <Stars rating={review.rating} label={t(starLabel(review.rating))} />
              <p className="text-sm whitespace-pre-line text-slate-700">{review.body}</p>
              {review.reply && (
                <div className="rounded-md bg-slate-50 p-3 text-sm">
                  <p className="font-medium text-slate-700">{t("portalReviews.reply")}</p>
                  <p className="whitespace-pre-line text-slate-700">{review.reply}</p>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** A rating shown as stars, read out as "4 stars". */
export function Stars({ rating, label }: { rating: number; label: string }) {
  return (
    <span role="img" aria-label={label} className="flex gap-0.5" dir="ltr">
      {[1, 2, 3, 4, 5].map((value) => (
        <svg
          key={value}
          aria-hidden="true"
          viewBox="0 0 24 24"
          className={cn("size-4", value <= rating ? "text-amber-500" : "text-slate-300")}
          fill="currentColor"
        >
          <path d={starPath} />
        </svg>
      ))}
    </span>
  );
}
