// The pharmacy's stock alerts, shown in the staff's notification centre: a product at or below
// its reorder level, a lot expiring within 30, 60 or 90 days. Staff-facing, in English; rendered
// when queued into the notification's subject and text.

export type StockAlert =
  | { kind: "low"; productName: string; onHand: number; reorderLevel: number }
  | {
      kind: "expiring";
      productName: string;
      batchNumber: string;
      /** YYYY-MM-DD in the practice's calendar. */
      expiresOn: string;
      quantity: number;
      /** The horizon it falls within: 30, 60 or 90 days. */
      days: number;
    };

export interface StockAlertMessage {
  subject: string;
  bodyText: string;
}

const units = (n: number) => `${n} ${n === 1 ? "unit" : "units"}`;

export function stockAlertText(alert: StockAlert): StockAlertMessage {
  if (alert.kind === "low") {
    return {
      subject: `Low stock: ${alert.productName}`,
      bodyText:
        alert.onHand === 0
          ? `${alert.productName} is out of stock (reorder level ${alert.reorderLevel}). Order more from your supplier.`
          : `${alert.productName} is down to ${units(alert.onHand)} (reorder level ${alert.reorderLevel}). Order more from your supplier.`,
    };
  }
  return {
    subject: `Expires within ${alert.days} days: ${alert.productName}`,
    bodyText: `Batch ${alert.batchNumber} of ${alert.productName} (${units(alert.quantity)}) expires on ${alert.expiresOn}. Sell it first or return it to the supplier.`,
  };
}
