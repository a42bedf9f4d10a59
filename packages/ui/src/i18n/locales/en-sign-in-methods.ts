// English messages of sign-in with OpenID Connect providers (Google and others): the buttons on
// the sign-in, sign-up and invitation screens, the confirm screen that links a provider to an
// existing account, and the account page's sign-in methods; spread into en.ts.
export const enSignInMethods = {
  "auth.oidc.continueWith": "Continue with {provider}",
  "auth.oidc.or": "or",
  "auth.oidc.failed": "Sign-in did not work",
  "auth.oidc.confirm.title": "Link {provider} to your account",
  "auth.oidc.confirm.lead":
    "{provider} says {email} is yours, and a Caredesk account already uses that address. Enter the account's password to link {provider} to it; afterwards either signs you in.",
  "auth.oidc.confirm.account": "Caredesk account: {email}",
  "auth.oidc.confirm.submit": "Link and sign in",
  "auth.oidc.confirm.cancel": "Cancel",
  "auth.oidc.confirm.noPassword":
    "This account has no password. Sign in with the provider it already uses, then link {provider} from your account page.",
  "auth.oidc.confirm.invalid": "This link has expired or was already used",
  "auth.oidc.confirm.invalidBody": "Start again from the sign-in page.",
  "account.methods.title": "Sign-in methods",
  "account.methods.password": "Password",
  "account.methods.passwordSet": "Set",
  "account.methods.passwordNone": "None — you sign in with a linked provider",
  "account.methods.linkedOn": "Linked {date}",
  "account.methods.empty": "No provider is linked to this account.",
  "account.methods.link": "Link {provider}",
  "account.methods.unlink": "Unlink",
  "account.methods.unlinkTitle": "Unlink {provider}?",
  "account.methods.unlinkBody": "You will no longer be able to sign in with {provider} ({email}).",
  "account.methods.linked": "{provider} is now linked: you can sign in with it.",
  "account.methods.refused": "Nothing was linked",
} as const;
