export interface TestAccount {
  subject: string;
  email?: string | null;
  emailVerified?: boolean;
  name?: string;
}
export type Tamper = null | "audience" | "nonce" | "issuer" | "signature";
export interface TestOidcProvider {
  issuer: string;
  control: { tamper: Tamper };
  login(authorizationUrl: string, account: TestAccount): Promise<string>;
  close(): Promise<void>;
}
export function startTestOidcProvider(options: {
  port?: number;
  clients: { clientId: string; clientSecret: string; redirectUris: string[] }[];
}): Promise<TestOidcProvider>;
