// The apps' client of the API: transport, query cache, typed errors, and the React pieces
// of an app's shell that talk to the API. Only what the apps use is exported; the tests
// import the modules themselves.
export { SignedInAccount, useSignOut } from "./account";
export { startApp } from "./app";
export { ApiErrorState, LoadErrorPage, RouteLoadError } from "./error-states";
export { alternativesOf, errorCode, errorMessage, fieldErrorOf, type Alternative } from "./errors";
export { applyServerErrors, useServerSubmit } from "./forms";
export { PagedListBody, type PagedQuery } from "./paged-list";
export { createAppRootRoute, routerDefaults } from "./routing";
export { SignInForm } from "./sign-in-form";
export { providerStartHref, SignInProviders } from "./sign-in-providers";
export { trpc, type RouterContext } from "./trpc";
export { exportHref, importErrorsHref } from "./exports";
