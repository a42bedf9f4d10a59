import type { ComponentProps, ReactNode } from "react";
import { cn } from "../cn";

export function Table({
  caption,
  captionHidden = true,
  className,
  children,
  ...rest
}: ComponentProps<"table"> & { caption: ReactNode; captionHidden?: boolean }) {
  return (
    <div className="-mx-5 overflow-x-auto">
      <table className={cn("w-full border-collapse text-sm", className)} {...rest}>
        <caption className={cn(captionHidden ? "sr-only" : "px-5 pb-2 text-start text-slate-500")}>
          {caption}
        </caption>
        {children}
      </table>
    </div>
  );
}

export function THead({ children }: { children: ReactNode }) {
  return (
    <thead className="border-b border-slate-200 bg-slate-50/80 text-xs uppercase tracking-wide text-slate-500 rtl:tracking-normal">
      {children}
    </thead>
  );
}

export function TBody({ children }: { children: ReactNode }) {
  return <tbody className="divide-y divide-slate-100">{children}</tbody>;
}

export function Tr({ className, ...rest }: ComponentProps<"tr">) {
  return <tr className={cn("align-middle", className)} {...rest} />;
}

export function Th({ className, scope = "col", ...rest }: ComponentProps<"th">) {
  return (
    <th
      scope={scope}
      className={cn("px-5 py-2.5 text-start font-medium first:ps-5", className)}
      {...rest}
    />
  );
}

export function Td({ className, ...rest }: ComponentProps<"td">) {
  return <td className={cn("px-5 py-3 text-slate-700", className)} {...rest} />;
}
