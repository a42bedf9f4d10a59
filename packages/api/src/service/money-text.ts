// Money in the words the api writes (messages, PDFs): integer minor units and the currency's
// own number of decimals from Intl (JPY 0, EUR 2, KWD 3), never a float rounding.

/** Minor units as the practice writes money: 1234 EGP → "EGP 12.34" (two decimals but JPY-like). */
export function formatMinor(amountMinor: number, currency: string): string {
  const digits =
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  const sign = amountMinor < 0 ? "-" : "";
  const abs = Math.abs(amountMinor);
  const scale = 10 ** digits;
  const whole = Math.floor(abs / scale).toLocaleString("en");
  const fraction = digits > 0 ? `.${String(abs % scale).padStart(digits, "0")}` : "";
  return `${sign}${currency} ${whole}${fraction}`;
}
