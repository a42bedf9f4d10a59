// Runs the tests' OpenID provider as a process of its own (the Playwright suite's server start
// script spawns it): OIDC_TEST_PORT, and one client for OIDC_TEST_REDIRECT_URI.
import { startTestOidcProvider } from "./oidc-provider";

const port = Number(process.env.OIDC_TEST_PORT ?? 3103);
const provider = await startTestOidcProvider({
  port,
  clients: [
    {
      clientId: process.env.OIDC_TEST_CLIENT_ID ?? "caredesk-e2e",
      clientSecret: process.env.OIDC_TEST_CLIENT_SECRET ?? "caredesk-e2e-secret-0123456789",
      redirectUris: [
        process.env.OIDC_TEST_REDIRECT_URI ?? "http://127.0.0.1:4173/auth/oidc/local/callback",
      ],
    },
  ],
});
console.log(`oidc: test provider at ${provider.issuer}`);
const stop = () => void provider.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
