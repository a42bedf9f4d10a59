// One way to get a provider's client from its credentials.
import { fawryGateway } from "./fawry";
import { razorpayGateway } from "./razorpay";
import { stripeGateway } from "./stripe";
import type { CredentialsOf, Gateway, Provider, ProviderEndpoint } from "./types";

export function gatewayOf<P extends Provider>(
  provider: P,
  credentials: CredentialsOf[P],
  endpoint: ProviderEndpoint = {},
): Gateway {
  switch (provider) {
    case "stripe":
      return stripeGateway(credentials as CredentialsOf["stripe"], endpoint);
    case "razorpay":
      return razorpayGateway(credentials as CredentialsOf["razorpay"], endpoint);
    case "fawry":
      return fawryGateway(credentials as CredentialsOf["fawry"], endpoint);
  }
  throw new Error(`unknown provider ${String(provider)}`);
}
