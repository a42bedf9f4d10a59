export * from "./csrf";
export * from "./password";
export * from "./permissions";
export * from "./session";
export { hashSecret, generateSecureRandomString, isSessionId, secretMatches } from "./token";
