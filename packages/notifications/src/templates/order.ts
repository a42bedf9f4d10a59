// Messages about a pharmacy order: its status in words for the customer (English, and Arabic for
// `ar` tags), and the practice's in-app notice of a new order.

export type OrderMessageStatus =
  | "placed"
  | "approved"
  | "picked"
  | "ready"
  | "out_for_delivery"
  | "delivered"
  | "collected"
  | "rejected"
  | "cancelled";

export interface OrderStatusMessageData {
  /** BCP 47 tag of the practice's language. */
  lang: string;
  practiceName: string;
  orderNumber: number;
  status: OrderMessageStatus;
  fulfilment: "pickup" | "delivery";
  /** Why it was rejected or cancelled, when it was. */
  reason?: string | null;
}

const statusWords: Record<"en" | "ar", Record<OrderMessageStatus, string>> = {
  en: {
    placed: "received and waiting for the pharmacist",
    approved: "approved by the pharmacist",
    picked: "being prepared",
    ready: "ready to collect",
    out_for_delivery: "out for delivery",
    delivered: "delivered",
    collected: "collected",
    rejected: "not approved",
    cancelled: "cancelled",
  },
  ar: {
    placed: "تم استلامه وبانتظار الصيدلي",
    approved: "وافق عليه الصيدلي",
    picked: "قيد التجهيز",
    ready: "جاهز للاستلام",
    out_for_delivery: "في الطريق إليك",
    delivered: "تم التوصيل",
    collected: "تم الاستلام",
    rejected: "لم تتم الموافقة عليه",
    cancelled: "تم الإلغاء",
  },
};

function languageOf(lang: string): "en" | "ar" {
  return lang.trim().toLowerCase().startsWith("ar") ? "ar" : "en";
}

/** An order status in the customer's words ("ready to collect"). */
export function orderStatusWords(status: OrderMessageStatus, lang = "en"): string {
  return statusWords[languageOf(lang)][status];
}

/** The subject and text of the customer's message when their order changes status. */
export function renderOrderStatusMessage(d: OrderStatusMessageData): {
  subject: string;
  text: string;
} {
  const words = orderStatusWords(d.status, d.lang);
  if (languageOf(d.lang) === "ar") {
    const subject = `طلبك رقم ${d.orderNumber}: ${words}`;
    const why = d.reason ? ` السبب: ${d.reason}` : "";
    const next =
      d.status === "ready"
        ? " يمكنك استلامه من الصيدلية."
        : d.status === "placed"
          ? " سنخبرك عند كل خطوة."
          : "";
    return {
      subject,
      text: `طلبك رقم ${d.orderNumber} لدى ${d.practiceName}: ${words}.${why}${next}`,
    };
  }
  const subject = `Your order ${d.orderNumber} is ${words}`;
  const why = d.reason ? ` Reason: ${d.reason}` : "";
  const next =
    d.status === "ready"
      ? ` You can collect it at ${d.practiceName}.`
      : d.status === "placed"
        ? " We will let you know at every step."
        : "";
  return {
    subject,
    text: `Your order ${d.orderNumber} at ${d.practiceName} is ${words}.${why}${next}`,
  };
}

/** The practice's in-app notice of a new order waiting for review. */
export function renderOrderPlacedNotice(d: {
  orderNumber: number;
  customerName: string;
  prescriptionNeeded: boolean;
}): { subject: string; text: string } {
  return {
    subject: `New order ${d.orderNumber}`,
    text: d.prescriptionNeeded
      ? `${d.customerName} placed order ${d.orderNumber} with a prescription to review.`
      : `${d.customerName} placed order ${d.orderNumber}. Review it in the order queue.`,
  };
}
