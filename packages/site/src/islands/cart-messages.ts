// The cart island's words, English and Arabic (the page may pass its own in `messages`).

export const cartMessagesEn = {
  "cart.title": "Your cart",
  "cart.empty": "Your cart is empty. Add products from the list.",
  "cart.items": "{count} items",
  "cart.itemsOne": "1 item",
  "cart.open": "View cart ({count})",
  "cart.close": "Close cart",
  "cart.quantity": "Quantity of {name}",
  "cart.decrease": "One less {name}",
  "cart.increase": "One more {name}",
  "cart.remove": "Remove {name}",
  "cart.total": "Total",
  "cart.taxIncluded": "Prices include tax.",
  "cart.prescription": "Prescription required",
  "cart.prescriptionNote":
    "Some products need a prescription: you upload it at checkout and our pharmacist checks it.",
  "cart.checkout": "Checkout",
  "cart.checking": "Checking prices and stock…",
  "cart.error": "We couldn't check prices and stock. Check your connection and try again.",
  "cart.retry": "Try again",
  "cart.notEnough": "Not enough in stock for this quantity",
  "cart.outOfStock": "Out of stock",
  "cart.low": "Low stock",
  "cart.removed": "{count} products are no longer sold and were removed from your cart.",
  "cart.fixFirst": "Change or remove the products that are not available to check out.",
  "cart.added": "{name} added to your cart",
  "cart.addedGeneric": "Added to your cart",
  "cart.full": "Your cart holds at most 50 products and 99 of each.",
} as const;

export type CartMessageKey = keyof typeof cartMessagesEn;

export const cartMessagesAr: Record<CartMessageKey, string> = {
  "cart.title": "سلتك",
  "cart.empty": "سلتك فارغة. أضف منتجات من القائمة.",
  "cart.items": "{count} منتجات",
  "cart.itemsOne": "منتج واحد",
  "cart.open": "عرض السلة ({count})",
  "cart.close": "إغلاق السلة",
  "cart.quantity": "كمية {name}",
  "cart.decrease": "إنقاص {name} واحدًا",
  "cart.increase": "زيادة {name} واحدًا",
  "cart.remove": "إزالة {name}",
  "cart.total": "الإجمالي",
  "cart.taxIncluded": "الأسعار شاملة الضريبة.",
  "cart.prescription": "يتطلب وصفة طبية",
  "cart.prescriptionNote": "بعض المنتجات تتطلب وصفة طبية: ترفعها عند إتمام الطلب ويراجعها الصيدلي.",
  "cart.checkout": "إتمام الطلب",
  "cart.checking": "جارٍ التحقق من الأسعار والمخزون…",
  "cart.error": "تعذّر التحقق من الأسعار والمخزون. تحقّق من اتصالك وحاول مرة أخرى.",
  "cart.retry": "حاول مرة أخرى",
  "cart.notEnough": "الكمية المطلوبة غير متوفرة في المخزون",
  "cart.outOfStock": "غير متوفر",
  "cart.low": "كمية محدودة",
  "cart.removed": "أُزيل {count} من المنتجات من سلتك لأنها لم تعد تُباع.",
  "cart.fixFirst": "غيّر المنتجات غير المتوفرة أو أزلها لإتمام الطلب.",
  "cart.added": "أُضيف {name} إلى سلتك",
  "cart.addedGeneric": "أُضيف إلى سلتك",
  "cart.full": "تتسع سلتك لـ 50 منتجًا كحد أقصى و99 من كل منتج.",
};

export type CartTranslate = (
  key: CartMessageKey,
  values?: Record<string, string | number>,
) => string;

export function cartTranslator(
  lang: "en" | "ar",
  given: Record<string, string> | undefined,
): CartTranslate {
  const fallback: Record<string, string> = lang === "ar" ? cartMessagesAr : cartMessagesEn;
  return (key, values) => {
    const template = given?.[key] ?? fallback[key] ?? key;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      values && name in values ? String(values[name]) : whole,
    );
  };
}
