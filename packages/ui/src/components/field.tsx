import { useId, type ComponentProps, type ReactNode } from "react";
import { cn } from "../cn";

interface FieldChrome {
  label: string;
  /** Help shown under the control and read as part of its description. */
  description?: ReactNode;
  error?: string | undefined;
  /** Hide the label visually (it stays the control's accessible name). */
  hideLabel?: boolean;
}

const controlClasses = (invalid: boolean) =>
  cn(
    "block w-full rounded-lg border bg-white px-3 text-sm text-slate-900 shadow-sm transition-colors placeholder:text-slate-400 disabled:bg-slate-100 disabled:text-slate-500",
    "focus:outline-2 focus:outline-offset-0",
    invalid
      ? "border-red-500 focus:outline-red-500"
      : "border-slate-300 focus:border-brand-600 focus:outline-brand-600/40",
  );

function useFieldIds(id: string | undefined, description: unknown, error: unknown) {
  const generated = useId();
  const controlId = id ?? generated;
  const descriptionId = description ? `${controlId}-description` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const describedBy = [errorId, descriptionId].filter(Boolean).join(" ") || undefined;
  return { controlId, descriptionId, errorId, describedBy };
}

function FieldFrame({
  label,
  hideLabel,
  controlId,
  description,
  descriptionId,
  error,
  errorId,
  className,
  children,
}: FieldChrome & {
  controlId: string;
  descriptionId: string | undefined;
  errorId: string | undefined;
  className?: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <label
        htmlFor={controlId}
        className={cn("text-sm font-medium text-slate-700", hideLabel && "sr-only")}
      >
        {label}
      </label>
      {children}
      {error && (
        <p id={errorId} className="text-sm text-red-700">
          {error}
        </p>
      )}
      {description && (
        <p id={descriptionId} className="text-xs text-slate-500">
          {description}
        </p>
      )}
    </div>
  );
}

export type TextFieldProps = ComponentProps<"input"> &
  FieldChrome & { containerClassName?: string };

export function TextField({
  label,
  description,
  error,
  hideLabel,
  id,
  className,
  containerClassName,
  ...input
}: TextFieldProps) {
  const ids = useFieldIds(id, description, error);
  return (
    <FieldFrame
      label={label}
      hideLabel={hideLabel}
      description={description}
      error={error}
      className={containerClassName}
      {...ids}
    >
      <input
        id={ids.controlId}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        className={cn(controlClasses(Boolean(error)), "h-10", className)}
        {...input}
      />
    </FieldFrame>
  );
}

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export type SelectFieldProps = ComponentProps<"select"> &
  FieldChrome & {
    options: readonly SelectOption[];
    /** A first, empty choice such as "Choose a kind". */
    placeholder?: string;
    /** "sm" for selects inside table rows and headers. */
    controlSize?: "sm" | "md";
    containerClassName?: string;
  };

export function SelectField({
  label,
  description,
  error,
  hideLabel,
  id,
  options,
  placeholder,
  controlSize = "md",
  className,
  containerClassName,
  ...select
}: SelectFieldProps) {
  const ids = useFieldIds(id, description, error);
  return (
    <FieldFrame
      label={label}
      hideLabel={hideLabel}
      description={description}
      error={error}
      className={containerClassName}
      {...ids}
    >
      <select
        id={ids.controlId}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        className={cn(
          controlClasses(Boolean(error)),
          controlSize === "sm" ? "h-8 pe-7" : "h-10 pe-8",
          className,
        )}
        {...select}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export type TextAreaFieldProps = ComponentProps<"textarea"> &
  FieldChrome & { containerClassName?: string };

export function TextAreaField({
  label,
  description,
  error,
  hideLabel,
  id,
  className,
  containerClassName,
  rows = 3,
  ...textarea
}: TextAreaFieldProps) {
  const ids = useFieldIds(id, description, error);
  return (
    <FieldFrame
      label={label}
      hideLabel={hideLabel}
      description={description}
      error={error}
      className={containerClassName}
      {...ids}
    >
      <textarea
        id={ids.controlId}
        rows={rows}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        className={cn(controlClasses(Boolean(error)), "py-2", className)}
        {...textarea}
      />
    </FieldFrame>
  );
}

export type CheckboxFieldProps = Omit<ComponentProps<"input">, "type"> & {
  label: string;
  description?: ReactNode;
  containerClassName?: string;
};

/** A checkbox with its label beside it, e.g. "Show archived". */
export function CheckboxField({
  label,
  description,
  id,
  className,
  containerClassName,
  ...input
}: CheckboxFieldProps) {
  const generated = useId();
  const controlId = id ?? generated;
  const descriptionId = description ? `${controlId}-description` : undefined;
  return (
    <div className={cn("flex items-start gap-2", containerClassName)}>
      <input
        id={controlId}
        type="checkbox"
        aria-describedby={descriptionId}
        className={cn("mt-0.5 size-4 rounded border-slate-300 accent-brand-600", className)}
        {...input}
      />
      <div className="flex flex-col">
        <label htmlFor={controlId} className="text-sm text-slate-700 select-none">
          {label}
        </label>
        {description && (
          <p id={descriptionId} className="text-xs text-slate-500">
            {description}
          </p>
        )}
      </div>
    </div>
  );
}
