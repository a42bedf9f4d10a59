export { cn } from "./cn";
export { Alert, type AlertTone } from "./components/alert";
export {
  AccountActions,
  AppShell,
  CenteredLayout,
  Logo,
  navLinkClasses,
} from "./components/app-shell";
export { Badge, type BadgeTone } from "./components/badge";
export {
  Button,
  buttonClasses,
  type ButtonProps,
  type ButtonSize,
  type ButtonVariant,
} from "./components/button";
export { Card, PageHeader } from "./components/card";
export { ConfirmDialog, Dialog } from "./components/dialog";
export {
  CheckboxField,
  SelectField,
  TextAreaField,
  TextField,
  type CheckboxFieldProps,
  type SelectFieldProps,
  type SelectOption,
  type TextAreaFieldProps,
  type TextFieldProps,
} from "./components/field";
export { ListFilters, LoadMore, type PagedList } from "./components/paged-list";
export { AuthFrame, NotFoundPage } from "./components/pages";
export { ProgressBar } from "./components/progress";
export { LoadingState, Spinner } from "./components/spinner";
export { EmptyState, ErrorState } from "./components/states";
export { Table, TBody, Td, Th, THead, Tr } from "./components/table";
export { useDebouncedValue } from "./hooks/use-debounced-value";
export { useMediaQuery } from "./hooks/use-media-query";
export {
  chooseLocale,
  initialLocale,
  localeCookie,
  localeOf,
  readCookie,
  rememberLocale,
  type LocaleSignals,
} from "./i18n/choice";
export {
  createI18n,
  FormatLocale,
  formatTag,
  I18nProvider,
  useI18n,
  useLocaleChoice,
  useT,
  type I18n,
  type LocaleChoice,
  type MessageParams,
  type Translate,
} from "./i18n/i18n";
export {
  defaultLocale,
  isLocale,
  locales,
  type Catalog,
  type Locale,
  type LocaleDefinition,
  type MessageKey,
  type PartialCatalog,
} from "./i18n/locales";
export { LanguageSwitcher } from "./i18n/language-switcher";
export type { Message, PluralMessage } from "./i18n/types";
