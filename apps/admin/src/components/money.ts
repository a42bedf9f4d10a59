// Amounts in minor units (cents, fils…) as the operators read them: the currency's own number of
// digits decides the divisor.

/** How many minor digits a currency has, as the locale formats it (2 when unsaid). */
export function currencyDigits(currency: string, tag: string): number {
  return (
    new Intl.NumberFormat(tag, { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}

/** An amount in minor units in major units, as a number (for charts). */
export function majorUnits(amountMinor: number, currency: string, tag: string): number {
  return amountMinor / 10 ** currencyDigits(currency, tag);
}

/** An amount in minor units, written with its currency in the reader's locale. */
export function money(amountMinor: number, currency: string, tag: string): string {
  return new Intl.NumberFormat(tag, { style: "currency", currency }).format(
    majorUnits(amountMinor, currency, tag),
  );
}
