// The dashboard's tables as CSV files, made in the browser: RFC 4180 quoting, a byte-order mark
// so spreadsheet programs read UTF-8, and text that a spreadsheet would run as a formula
// (=, +, -, @ first) kept as text.

export type CsvCell = string | number | null;

const formulaStart = /^[=+\-@\t\r]/;

function cell(value: CsvCell): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = formulaStart.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV document: a header row, then the rows, lines ended with CRLF. */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  return [header, ...rows].map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

/** Minor units as a plain decimal in major units ("1234.50"), for a spreadsheet to sum. */
export function majorUnits(minor: number, digits: number): string {
  return (minor / 10 ** digits).toFixed(digits);
}

/** Saves `csv` as `fileName` through the browser's download. */
export function downloadCsv(fileName: string, csv: string): void {
  const blob = new Blob(["\ufeff", csv], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser the time to start the download before the address goes away.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
