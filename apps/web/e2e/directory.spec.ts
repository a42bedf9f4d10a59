import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { mobile, pdf, png } from "./fixtures";
import {
  createOrganization,
  demoPassword,
  navLink,
  newAccount,
  shot,
  signIn,
  signUp,
} from "./support";

/** The day `days` from today as YYYY-MM-DD (the browser runs in Europe/London). */
function isoDay(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return date.toISOString().slice(0, 10);
}

async function imageLoaded(page: Page, selector: ReturnType<Page["locator"]>) {
  await expect
    .poll(() => selector.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBeGreaterThan(0);
}

test("an owner sets up the practice directory, files a patient's PDF, and the patient sees it in the portal", async ({
  browser,
}) => {
  test.setTimeout(150_000);

  // The patient has a Caredesk account of their own before the practice links it.
  const patientAccount = newAccount("Layla Patient");
  const patientContext = await browser.newContext();
  const patientPage = await patientContext.newPage();
  await signUp(patientPage, patientAccount);
  await patientContext.close();

  const owner = newAccount("Omar Owner");
  const context = await browser.newContext();
  const page = await context.newPage();
  await signUp(page, owner);
  const organization = await createOrganization(page, "Harbour Heart Clinic", "EUR");

  // Departments
  await navLink(page, "Departments").click();
  await expect(page.getByRole("heading", { level: 1, name: "Departments" })).toBeVisible();
  await expect(page.getByText("No departments yet")).toBeVisible();
  await page.getByRole("button", { name: "New department" }).first().click();
  const departmentDialog = page.getByRole("dialog", { name: "New department" });
  await departmentDialog.getByLabel("Department name").fill("Cardiology");
  await departmentDialog
    .getByLabel("Description")
    .fill("Heart and vessels: consultations, ECG and echo.");
  await departmentDialog.getByRole("button", { name: "Create department" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "Cardiology was created." }),
  ).toBeVisible();
  await expect(
    page.getByRole("table", { name: "Departments" }).getByRole("row", { name: /Cardiology/ }),
  ).toBeVisible();
  await shot(page, "10-departments");

  // A doctor with a photo
  await navLink(page, "Doctors").click();
  await expect(page.getByText("No doctors yet")).toBeVisible();
  await page.getByRole("link", { name: "New doctor" }).first().click();
  await page.getByLabel("Title").fill("Dr.");
  await page.getByLabel("Full name").fill("Amal Haddad");
  await page.getByLabel("Specialisation").fill("Interventional cardiology");
  await page.getByLabel("Department").selectOption({ label: "Cardiology" });
  await page.getByLabel("Work email").fill("amal.haddad@example.test");
  await page.getByLabel("Work phone").fill("+44 20 7946 0018");
  await page.getByLabel("Years of experience").fill("12");
  await page
    .getByLabel("Biography")
    .fill("Leads the cardiology team; special interest in heart failure.");
  await page
    .getByLabel("Photo")
    .setInputFiles({ name: "amal.png", mimeType: "image/png", buffer: png(96) });
  await expect(page.getByRole("button", { name: "Remove photo" })).toBeVisible();
  await imageLoaded(page, page.locator("form img").first());
  await shot(page, "11-doctor-form-with-photo");
  await page.getByRole("button", { name: "Create doctor" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dr. Amal Haddad" })).toBeVisible();
  await imageLoaded(page, page.locator("main img").first());

  // A certificate that expires within 60 days is flagged.
  await page.getByRole("button", { name: "Add certificate" }).click();
  const certificateDialog = page.getByRole("dialog", { name: "Add certificate" });
  await certificateDialog.getByLabel("Certificate name").fill("Advanced Cardiac Life Support");
  await certificateDialog.getByLabel("Issuer").fill("Resuscitation Council UK");
  await certificateDialog.getByLabel("Issued on").fill(isoDay(-700));
  await certificateDialog.getByLabel("Expires on").fill(isoDay(30));
  await certificateDialog.getByLabel("Scan (optional)").setInputFiles({
    name: "acls.pdf",
    mimeType: "application/pdf",
    buffer: pdf("ACLS certificate"),
  });
  await certificateDialog.getByRole("button", { name: "Add certificate" }).click();
  const certificateRow = page
    .getByRole("table", { name: "Certificates of Amal Haddad" })
    .getByRole("row", { name: /Advanced Cardiac Life Support/ });
  await expect(certificateRow).toBeVisible();
  await expect(certificateRow.getByText("Expires soon")).toBeVisible();
  await expect(certificateRow.getByRole("link", { name: /Download the scan/ })).toBeVisible();
  await shot(page, "12-doctor-page");

  await navLink(page, "Doctors").click();
  const doctorRow = page
    .getByRole("table", { name: "Doctors" })
    .getByRole("row", { name: /Amal Haddad/ });
  await expect(doctorRow).toContainText("Cardiology");
  await imageLoaded(page, doctorRow.locator("img"));
  await shot(page, "13-doctors");

  // Rooms and equipment
  await navLink(page, "Rooms & equipment").click();
  await page.getByRole("button", { name: "New room" }).click();
  let resourceDialog = page.getByRole("dialog", { name: "New room" });
  await resourceDialog.getByLabel("Name").fill("Echo room 1");
  await resourceDialog.getByLabel("Category").fill("echo room");
  await resourceDialog.getByLabel("Department").selectOption({ label: "Cardiology" });
  await resourceDialog.getByRole("button", { name: "Create" }).click();
  await expect(
    page.getByRole("table", { name: "Rooms" }).getByRole("row", { name: /Echo room 1/ }),
  ).toBeVisible();
  await page.getByRole("button", { name: "New equipment" }).click();
  resourceDialog = page.getByRole("dialog", { name: "New equipment" });
  await resourceDialog.getByLabel("Name").fill("Vivid E95");
  await resourceDialog.getByLabel("Category").fill("echo machine");
  await resourceDialog.getByRole("button", { name: "Create" }).click();
  await expect(
    page.getByRole("table", { name: "Equipment" }).getByRole("row", { name: /Vivid E95/ }),
  ).toContainText("echo machine");
  await shot(page, "14-rooms-and-equipment");

  // A service with a colour and a price in the organization's currency
  await navLink(page, "Services").click();
  await page.getByRole("link", { name: "New service" }).first().click();
  await page.getByLabel("Service name").fill("Echocardiogram");
  await page.getByLabel("Duration").fill("45");
  await page.getByLabel("Price (EUR)").fill("120.5");
  await page.getByLabel("Department", { exact: true }).selectOption({ label: "Cardiology" });
  await page.getByLabel("Hex colour").fill("#DC2626");
  await expect(page.getByLabel("Colour", { exact: true })).toHaveValue("#dc2626");
  await page.getByLabel("Department for resource 1").selectOption({ label: "Cardiology" });
  await page.getByRole("button", { name: "+ Equipment" }).click();
  await page.getByLabel("Category for resource 2").fill("echo machine");
  await shot(page, "15-service-form");
  await page.getByRole("button", { name: "Create service" }).click();
  await expect(page).toHaveURL(/\/app\/services$/);
  const serviceRow = page
    .getByRole("table", { name: "Services" })
    .getByRole("row", { name: /Echocardiogram/ });
  await expect(serviceRow).toContainText("€120.50");
  await expect(serviceRow).toContainText("45 min");
  await expect(serviceRow).toContainText("Doctor · Cardiology + Equipment · echo machine");
  await shot(page, "16-services");

  // A patient; a second one with the same mobile is refused on the mobile field.
  const patientMobile = mobile();
  await navLink(page, "Patients").click();
  await expect(page.getByText("No patients yet")).toBeVisible();
  await page.getByRole("link", { name: "New patient" }).first().click();
  await page.getByLabel("First name").fill("Layla");
  await page.getByLabel("Last name").fill("Mansour");
  await page.getByLabel("Mobile number").fill(patientMobile);
  await page.getByLabel("Email").fill("layla.mansour@example.test");
  await page.getByLabel("Date of birth").fill("1986-04-23");
  await page.getByLabel("Sex").selectOption("female");
  await page.getByLabel("Address").fill("12 Harbour Street, Bristol BS1 4RN");
  await page.getByRole("button", { name: "Create patient" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Layla Mansour" })).toBeVisible();
  const patientUrl = page.url();
  expect(patientUrl).toMatch(/\/app\/patients\/[0-9a-f-]{36}$/);

  await page.goto("/app/patients/new");
  await page.getByLabel("First name").fill("Other");
  await page.getByLabel("Last name").fill("Person");
  await page.getByLabel("Mobile number").fill(patientMobile);
  await page.getByRole("button", { name: "Create patient" }).click();
  const mobileField = page.getByLabel("Mobile number");
  await expect(mobileField).toHaveAttribute("aria-invalid", "true");
  await expect(mobileField).toHaveAccessibleDescription(
    /Another patient already has this mobile number/,
  );
  await shot(page, "17-duplicate-mobile");

  // Search as you type finds her.
  await navLink(page, "Patients").click();
  await page.getByLabel("Search patients").fill("mans");
  await expect(page).toHaveURL(/q=mans/);
  await page.getByRole("link", { name: "Mansour, Layla" }).click();
  await expect(page).toHaveURL(patientUrl);

  // A PDF on her record, with the upload's progress on screen.
  const report = pdf("Echocardiogram report: normal left ventricular function.", 200_000);
  // A slow uplink (emulated by Chromium) so the progress bar can be seen moving.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 20,
    downloadThroughput: -1,
    uploadThroughput: 96 * 1024,
  });
  await page.getByLabel("File", { exact: true }).setInputFiles({
    name: "echo-report.pdf",
    mimeType: "application/pdf",
    buffer: report,
  });
  await expect(page.getByLabel("Title")).toHaveValue("echo-report");
  await page.getByLabel("Kind of document").selectOption("imaging");
  await page.getByLabel("Title").fill("Echo report");
  await page.getByLabel("Document date").fill("2026-03-02");
  await page.getByRole("button", { name: "Upload document" }).click();
  const progress = page.getByRole("progressbar", { name: "Uploading echo-report.pdf" });
  await expect(progress).toBeVisible();
  await expect
    .poll(async () => Number(await progress.getAttribute("aria-valuenow")), { timeout: 5_000 })
    .toBeGreaterThan(10);
  await shot(page, "18-upload-progress", { fullPage: false });
  await expect(
    page.getByRole("status").filter({ hasText: "Echo report was added." }),
  ).toBeVisible();
  await expect(page.getByRole("progressbar")).toHaveCount(0);
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  const documentRow = page
    .getByRole("table", { name: "Documents of Layla Mansour" })
    .getByRole("row", { name: /Echo report/ });
  await expect(documentRow).toContainText("echo-report.pdf");
  await expect(documentRow).toContainText("Imaging");

  // Preview in the page, then download the same bytes.
  const inline = page.waitForResponse((r) => r.url().includes("?inline=1"));
  await documentRow.getByRole("button", { name: "Preview Echo report" }).click();
  const preview = page.getByRole("dialog", { name: "Echo report" });
  await expect(preview.locator("iframe")).toBeVisible();
  const previewResponse = await inline;
  expect(previewResponse.status()).toBe(200);
  expect(previewResponse.headers()["content-type"]).toBe("application/pdf");
  expect(previewResponse.headers()["content-disposition"]).toMatch(/^inline;/);
  await shot(page, "19-document-preview", { fullPage: false });
  await preview.getByRole("button", { name: "Close" }).click();

  const downloading = page.waitForEvent("download");
  await documentRow.getByRole("link", { name: "Download Echo report" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("echo-report.pdf");
  const saved = await download.path();
  expect(Buffer.compare(await readFile(saved), report)).toBe(0);

  // Portal access by email: an unknown address is explained on the field, the real one links.
  const portalEmail = page.getByLabel("Patient's account email");
  await portalEmail.fill(`nobody.${Date.now()}@example.test`);
  await page.getByRole("button", { name: "Give portal access" }).click();
  await expect(portalEmail).toHaveAccessibleDescription(/No Caredesk account uses this email yet/);
  await portalEmail.fill(patientAccount.email);
  await page.getByRole("button", { name: "Give portal access" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: `Portal access given. ${patientAccount.email}` }),
  ).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: /Layla Mansour/ })).toContainText(
    "Portal",
  );
  await shot(page, "20-patient-page");
  await context.close();

  // The patient signs in and lands in the portal, not the staff workspace.
  const portalContext = await browser.newContext();
  const portal = await portalContext.newPage();
  await portal.goto("/signin");
  await signIn(portal, patientAccount.email, patientAccount.password);
  await expect(portal).toHaveURL(/\/portal$/);
  await expect(portal.getByRole("heading", { level: 1, name: "Hello, Layla" })).toBeVisible();
  await expect(portal.getByText(`Your record at ${organization}.`)).toBeVisible();
  await expect(portal.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await expect(portal.getByText("12 Harbour Street, Bristol BS1 4RN")).toBeVisible();
  const portalRow = portal
    .getByRole("table", { name: "Your documents" })
    .getByRole("row", { name: /Echo report/ });
  await expect(portalRow).toBeVisible();
  const portalDownload = portal.waitForEvent("download");
  await portalRow.getByRole("link", { name: "Download Echo report" }).click();
  expect((await portalDownload).suggestedFilename()).toBe("echo-report.pdf");

  // They may change their own email and address.
  await portal.getByRole("button", { name: "Edit", exact: true }).click();
  await portal.getByLabel("Address").fill("3 New Road, Bristol BS2 0AA");
  await portal.getByRole("button", { name: "Save changes" }).click();
  await expect(portal.getByText("Your details were saved.")).toBeVisible();
  await expect(portal.getByText("3 New Road, Bristol BS2 0AA")).toBeVisible();

  // And send a document of their own.
  await portal.getByLabel("File", { exact: true }).setInputFiles({
    name: "insurance-card.png",
    mimeType: "image/png",
    buffer: png(48, [37, 99, 235]),
  });
  await portal.getByLabel("Kind of document").selectOption("insurance");
  await portal.getByRole("button", { name: "Send document" }).click();
  await expect(portal.getByRole("row", { name: /insurance-card/ })).toBeVisible();
  await shot(portal, "21-portal");

  // Opening /app sends a patient back to the portal.
  await portal.goto("/app");
  await expect(portal).toHaveURL(/\/portal$/);
  await portalContext.close();

  // A member of another organization opening the patient's URL sees a clean "not found".
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await other.goto("/signin");
  await signIn(other, "owner@demo-dental.test", demoPassword);
  await expect(other).toHaveURL(/\/app$/);
  await other.goto(patientUrl);
  await expect(other.getByRole("heading", { level: 1, name: "Patient not found" })).toBeVisible();
  await expect(other.getByText("Layla")).toHaveCount(0);
  await shot(other, "22-other-organization-not-found");
  await otherContext.close();
});
