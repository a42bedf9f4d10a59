// One look for every email: the sender's name (and logo), a heading, short paragraphs, at most
// one button, and a footer. Rendered to HTML and to plain text from the same parts, with every
// piece of data escaped; no template engine, no remote assets but the practice's own logo.

export interface Brand {
  /** The practice's name (or "Caredesk" for account messages). */
  name: string;
  /** An absolute URL of the practice's logo, if it has one. */
  logoUrl?: string | null;
}

export interface EmailParts {
  brand: Brand;
  /** The heading and the subject line. */
  title: string;
  paragraphs: string[];
  /** Facts shown as a small table ("When", "Doctor", "Where"). */
  details?: [label: string, value: string][];
  action?: { label: string; url: string };
  /** A second, quieter link ("Cancel this appointment"). */
  secondaryAction?: { label: string; url: string };
  /** Small print: why they got it, how to stop it. */
  footer: string[];
  /** BCP 47 tag of the language the message is written in (the html `lang`). */
  lang: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Renders the parts as an email with an HTML and a plain-text body. */
export function renderEmail(parts: EmailParts): RenderedEmail {
  const text = [
    parts.brand.name,
    "",
    parts.title,
    "",
    ...parts.paragraphs.flatMap((p) => [p, ""]),
    ...(parts.details?.length
      ? [...parts.details.map(([label, value]) => `${label}: ${value}`), ""]
      : []),
    ...(parts.action ? [`${parts.action.label}: ${parts.action.url}`, ""] : []),
    ...(parts.secondaryAction
      ? [`${parts.secondaryAction.label}: ${parts.secondaryAction.url}`, ""]
      : []),
    "--",
    ...parts.footer,
  ].join("\n");

  const button = (action: { label: string; url: string }, primary: boolean) =>
    `<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" style="${
      primary
        ? "background:#0f766e;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600;display:inline-block"
        : "color:#0f766e"
    }">${escapeHtml(action.label)}</a></p>`;

  const html = `<!doctype html>
<html lang="${escapeHtml(parts.lang)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(parts.title)}</title></head>
<body style="margin:0;background:#f4f4f5;font-family:Arial,Helvetica,sans-serif;color:#18181b">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
<table role="presentation" width="100%" style="max-width:560px;background:#ffffff;border-radius:8px" cellpadding="0" cellspacing="0"><tr><td style="padding:28px">
<p style="margin:0 0 16px;font-weight:700;font-size:16px">${
    parts.brand.logoUrl
      ? `<img src="${escapeHtml(parts.brand.logoUrl)}" alt="" height="32" style="vertical-align:middle;margin-right:8px">`
      : ""
  }${escapeHtml(parts.brand.name)}</p>
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(parts.title)}</h1>
${parts.paragraphs.map((p) => `<p style="margin:0 0 12px;line-height:1.5">${escapeHtml(p)}</p>`).join("\n")}
${
  parts.details?.length
    ? `<table role="presentation" cellpadding="4" style="margin:8px 0 4px">${parts.details
        .map(
          ([label, value]) =>
            `<tr><td style="color:#52525b">${escapeHtml(label)}</td><td style="font-weight:600">${escapeHtml(value)}</td></tr>`,
        )
        .join("")}</table>`
    : ""
}
${parts.action ? button(parts.action, true) : ""}
${parts.secondaryAction ? button(parts.secondaryAction, false) : ""}
</td></tr></table>
<p style="max-width:560px;color:#71717a;font-size:12px;line-height:1.5">${parts.footer
    .map(escapeHtml)
    .join("<br>")}</p>
</td></tr></table>
</body>
</html>`;
  return { subject: parts.title, text, html };
}
