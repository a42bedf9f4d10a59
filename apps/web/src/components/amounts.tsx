// Money by payment method or by doctor: the colours of the methods and the two-column table
// the dashboard and the daily takings both show.
import { Table, TBody, Td, Th, THead, Tr } from "@caredesk/ui";
import type { PaymentMethod } from "@caredesk/validators";
import type { ReactNode } from "react";

export const methodColours: Record<PaymentMethod, string> = {
  cash: "#16a34a",
  card_terminal: "#2563eb",
  bank_transfer: "#9333ea",
  cheque: "#ca8a04",
  stripe: "#635bff",
  razorpay: "#0ea5e9",
  fawry: "#f97316",
};

export type AmountRow = {
  key: string;
  name: ReactNode;
  amount: ReactNode;
  testId?: string;
};

/** A table of names and their amounts, the amounts right-aligned. */
export function AmountTable({
  caption,
  nameHeader,
  amountHeader,
  rows,
}: {
  caption: string;
  nameHeader: string;
  amountHeader: string;
  rows: AmountRow[];
}) {
  return (
    <Table caption={caption}>
      <THead>
        <Tr>
          <Th>{nameHeader}</Th>
          <Th className="text-right">{amountHeader}</Th>
        </Tr>
      </THead>
      <TBody>
        {rows.map((row) => (
          <Tr key={row.key}>
            <Td>{row.name}</Td>
            <Td className="text-right tabular-nums" data-testid={row.testId}>
              {row.amount}
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
