// How services reach payment providers: the box that opens practices' sealed keys, and where
// each provider's API is (production: the provider; tests and local runs: a stand-in speaking its
// API). The host builds it from the environment; callers without one (the api's tests, scripts)
// get a box with a key made for this process, and providers at their real addresses.
import {
  secretBox,
  type FawryCredentials,
  type Provider,
  type ProviderEndpoint,
  type RazorpayCredentials,
  type SecretBox,
  type StripeCredentials,
} from "@caredesk/payments";
import { randomBytes } from "node:crypto";

export interface PaymentsConfig {
  /** Seals and opens providers' keys; null when the host has no key (online payments off). */
  box: SecretBox | null;
  endpoints: Partial<Record<Provider, ProviderEndpoint>>;
  /** The platform's own keys (from the environment): practices pay for their plans with them. */
  platform?: {
    stripe?: StripeCredentials;
    fawry?: FawryCredentials;
    razorpay?: RazorpayCredentials;
  };
}

let processConfig: PaymentsConfig | null = null;

/** For callers that bring no configuration: a key of this process, real provider addresses. */
export function processPayments(): PaymentsConfig {
  processConfig ??= { box: secretBox(randomBytes(32)), endpoints: {} };
  return processConfig;
}
