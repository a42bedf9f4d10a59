// The apps' client of the API: transport, query cache, typed errors, and the React pieces
// of an app's shell that talk to the API.
export { SignedInAccount } from "./account";
export { startApp, type StartOptions } from "./app";
export { ApiErrorState, LoadErrorPage, RouteLoadError } from "./error-states";
export {
  alternativesOf,
  errorCode,
  errorData,
  errorMessage,
  fieldErrorOf,
  fieldErrorsOf,
  isApiError,
  type Alternative,
  type ApiError,
  type ApiErrorCode,
  type ApiErrorData,
} from "./errors";
export { applyServerErrors, useServerSubmit } from "./forms";
export { apiLinks, type ApiLinkOptions } from "./links";
export { PagedListBody, type PagedQuery } from "./paged-list";
export { retryDelay, shouldRetry } from "./retry";
export { createAppRootRoute, routerDefaults } from "./routing";
export { SignInForm } from "./sign-in-form";
export {
  createQueryClient,
  createTrpcClient,
  createUtils,
  trpc,
  type RouterContext,
  type TrpcClient,
  type TrpcUtils,
} from "./trpc";
