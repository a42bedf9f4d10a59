// Bulk import and export of patients: a manager imports a CSV with three bad rows (the
// suggested mapping is already right), the dry run lists the three, the commit writes the rest
// in the background while a progress bar moves, and the same file imported again creates
// nothing. The patients list, narrowed to the imported surname, then exports as CSV and as
// Excel, and both files hold exactly the imported rows.
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { demoPassword, expectNoSeriousA11yViolations, navLink, shot, signIn } from "./support";

/** Letters only: a surname nobody else in the demo data has. */
function uniqueSurname(): string {
  const letters = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
    .replace(/\d/g, (d) => "abcdefghij"[Number(d)] ?? "x")
    .toLowerCase();
  return `Importer${letters}`;
}

/** An Egyptian mobile (the demo hospital is in Egypt): 010 then eight random digits. */
function egyptianMobile(): { local: string; e164: string } {
  const rest = String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
  return { local: `010${rest}`, e164: `+2010${rest}` };
}

interface Good {
  firstName: string;
  mobile: string;
}

/** Ten good rows (mobiles half in local form, half in E.164) and three bad ones. */
function patientsCsv(surname: string): { csv: string; good: Good[] } {
  const firstNames = [
    "Amal",
    "Basma",
    "Chadi",
    "Dina",
    "Emad",
    "Fadia",
    "Gamal",
    "Hala",
    "Ismail",
    "Jana",
  ];
  const good = firstNames.map((firstName) => ({ firstName, mobile: egyptianMobile() }));
  const lines = ["First name,Last name,Mobile,Email,Date of birth"];
  good.forEach(({ firstName, mobile }, i) => {
    const written = i % 2 === 0 ? mobile.local : mobile.e164;
    lines.push(`${firstName},${surname},${written},,198${i}-0${(i % 9) + 1}-1${i}`);
  });
  // Line 12: a mobile that is no number; 13: no last name; 14: a date of birth that is no date.
  lines.push(`Karim,${surname},12,,`);
  lines.push(`Lina,,${egyptianMobile().e164},,`);
  lines.push(`Maged,${surname},${egyptianMobile().e164},,not a date`);
  return {
    csv: `${lines.join("\r\n")}\r\n`,
    good: good.map(({ firstName, mobile }) => ({ firstName, mobile: mobile.e164 })),
  };
}

/** A figure of the dry run or summary by its label, e.g. "Rows with errors". */
function figure(page: Page, label: string) {
  return page
    .getByTestId("import-figure")
    .filter({ has: page.getByText(label, { exact: true }) })
    .locator("dd");
}

async function uploadPatients(page: Page, fileName: string, content: string | Buffer) {
  await page.getByLabel("What the file holds").selectOption("patients");
  await page.getByLabel("File", { exact: true }).setInputFiles({
    name: fileName,
    mimeType: fileName.endsWith(".xlsx")
      ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      : "text/csv",
    buffer: typeof content === "string" ? Buffer.from(content, "utf8") : content,
  });
  await page.getByRole("button", { name: "Upload and continue" }).click();
  await expect(page.getByRole("heading", { name: "Match the columns" })).toBeVisible();
}

/**
 * A CSV cell as a spreadsheet reads it: text that starts like a formula (a mobile's "+") is
 * written with a leading ' so a spreadsheet keeps it as text, and an import drops it again.
 */
function csvText(cell: string): string {
  return /^'[=+\-@]/.test(cell) ? cell.slice(1) : cell;
}

/** The rows of the exported files that carry the surname, as (first name, mobile) pairs. */
function rowsOf(records: Record<string, string>[], surname: string): Good[] {
  return records
    .filter((r) => r.lastName === surname)
    .map((r) => ({ firstName: r.firstName ?? "", mobile: r.mobile ?? "" }))
    .sort((a, b) => a.firstName.localeCompare(b.firstName));
}

test("a manager imports patients with three bad rows, re-imports nothing, and exports them", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const surname = uniqueSurname();
  const { csv, good } = patientsCsv(surname);
  const fileName = `patients-${surname}.csv`;
  const expected = [...good].sort((a, b) => a.firstName.localeCompare(b.firstName));

  await page.goto("/signin");
  await signIn(page, "manager@demo-hospital.test", demoPassword);
  await expect(page).toHaveURL(/\/app$/);

  // 1. The file.
  await navLink(page, "Import").click();
  await expect(page.getByRole("heading", { name: "Import", exact: true })).toBeVisible();
  await shot(page, "70-imports-empty");
  await page.getByRole("link", { name: "New import" }).first().click();
  await expect(page.getByRole("heading", { name: "Choose what to import" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await shot(page, "70-import-file");
  // The browser refuses what cannot be an import before sending it.
  await page.getByLabel("What the file holds").selectOption("patients");
  await page
    .getByLabel("File", { exact: true })
    .setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
  await expect(page.getByText("notes.txt is not a CSV or Excel file")).toBeVisible();
  await uploadPatients(page, fileName, csv);

  // 2. The mapping: suggested from the header names, nothing to change.
  const mapping = page.getByRole("table", { name: "Fields and the file's columns" });
  await expect(mapping.getByLabel("First name", { exact: true })).toHaveValue("First name");
  await expect(mapping.getByLabel("Last name", { exact: true })).toHaveValue("Last name");
  await expect(mapping.getByLabel("Mobile", { exact: true })).toHaveValue("Mobile");
  await expect(mapping.getByLabel("Date of birth", { exact: true })).toHaveValue("Date of birth");
  await expectNoSeriousA11yViolations(page);
  await shot(page, "71-import-mapping");
  await page.getByRole("button", { name: "Run the dry run" }).click();

  // 3. The dry run: ten to create, three refused, each listed by its line.
  await expect(page.getByRole("heading", { name: "Dry run" })).toBeVisible();
  await expect(figure(page, "Rows in the file")).toHaveText("13");
  await expect(figure(page, "Will be created")).toHaveText("10");
  await expect(figure(page, "Rows with errors")).toHaveText("3");
  const errors = page.getByRole("table", { name: `Rows with errors in ${fileName}` });
  await expect(errors.getByRole("row")).toHaveCount(4); // the header and three rows
  for (const [line, field] of [
    ["12", "Mobile"],
    ["13", "Last name"],
    ["14", "Date of birth"],
  ] as const) {
    await expect(errors.getByRole("row").filter({ hasText: new RegExp(`^${line}`) })).toContainText(
      field,
    );
  }
  await expect(
    page.getByRole("link", { name: "Download the rows with errors (CSV)" }),
  ).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await shot(page, "72-import-dry-run");

  // Back to the columns: a required field left unmatched is named before anything is sent;
  // Cancel returns to the dry run as it was.
  await page.getByRole("button", { name: "Back to columns" }).click();
  const columns = page.getByRole("table", { name: "Fields and the file's columns" });
  await columns.getByLabel("Mobile", { exact: true }).selectOption("");
  await page.getByRole("button", { name: "Run the dry run" }).click();
  await expect(columns.getByText("Match a column to Mobile.")).toBeVisible();
  await expect(columns.getByLabel("Mobile", { exact: true })).toHaveAttribute(
    "aria-invalid",
    "true",
  );
  await shot(page, "72b-import-mapping-missing");
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(figure(page, "Will be created")).toHaveText("10");

  // 4. The commit, with its progress bar, to 5. the summary.
  await page.getByRole("button", { name: "Import 10 rows" }).click();
  // Queued first: the bar stands until the next poll a second later says how far the job is.
  await expect(page.getByRole("progressbar", { name: "Import progress" })).toHaveAttribute(
    "aria-valuenow",
    /^\d+$/,
  );
  await expect(page.getByRole("heading", { name: "Import finished" })).toBeVisible({
    timeout: 30_000,
  });
  await expect(figure(page, "Created")).toHaveText("10");
  await expect(figure(page, "Rows with errors")).toHaveText("3");
  await expectNoSeriousA11yViolations(page);
  await shot(page, "73-import-summary");

  // The error file holds the three refused rows with their line and reason.
  const errorFile = await page.request.get(
    (await page
      .getByRole("link", { name: "Download the rows with errors (CSV)" })
      .getAttribute("href")) ?? "",
  );
  expect(errorFile.status()).toBe(200);
  const refused = Papa.parse<Record<string, string>>(await errorFile.text(), {
    header: true,
    skipEmptyLines: true,
  }).data;
  expect(refused.map((r) => r.line).sort()).toEqual(["12", "13", "14"]);
  expect(refused.map((r) => r["First name"]).sort()).toEqual(["Karim", "Lina", "Maged"]);

  // The same file again: the remembered mapping, and nothing new to create.
  await page.getByRole("link", { name: "Import another file" }).click();
  await uploadPatients(page, fileName, csv);
  await expect(
    page
      .getByRole("table", { name: "Fields and the file's columns" })
      .getByLabel("Mobile", { exact: true }),
  ).toHaveValue("Mobile");
  await page.getByRole("button", { name: "Run the dry run" }).click();
  await expect(figure(page, "Will be created")).toHaveText("0");
  await expect(figure(page, "Will be skipped (already there)")).toHaveText("10");
  await shot(page, "74-reimport-dry-run");
  await page.getByRole("button", { name: "Import 0 rows" }).click();
  await expect(page.getByRole("heading", { name: "Import finished" })).toBeVisible({
    timeout: 30_000,
  });
  await expect(figure(page, "Created")).toHaveText("0");
  await expect(figure(page, "Skipped (already there)")).toHaveText("10");
  await shot(page, "75-reimport-summary");

  // Both imports are in the history.
  await page.getByRole("link", { name: "Back to imports" }).click();
  await expect(
    page
      .getByRole("table", { name: "Past imports" })
      .getByRole("link", { name: `Open import of ${fileName}` }),
  ).toHaveCount(2);

  // The patients list narrowed to the surname: exactly the ten imported, once each.
  await navLink(page, "Patients").click();
  await page.getByLabel("Search patients").fill(surname);
  const patients = page.getByRole("table", { name: "Patients" });
  await expect(patients.getByRole("link", { name: new RegExp(surname) })).toHaveCount(10);
  await shot(page, "76-patients-imported");

  // Exports of that list, as CSV and as Excel, hold the same ten rows.
  await page.getByRole("button", { name: "Export patients" }).click();
  await expectNoSeriousA11yViolations(page);
  const csvDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "CSV" }).click();
  const csvFile = await csvDownload;
  expect(csvFile.suggestedFilename()).toMatch(/^demo-hospital-patients-\d{4}-\d{2}-\d{2}\.csv$/);
  const exportedText = await readFile((await csvFile.path()) ?? "", "utf8");
  const exported = Papa.parse<Record<string, string>>(exportedText, {
    header: true,
    skipEmptyLines: true,
  });
  expect(exported.data).toHaveLength(10);
  expect(exported.data.every((r) => r.mobile?.startsWith("'+20"))).toBe(true);
  const csvRows = exported.data.map((r) => ({ ...r, mobile: csvText(r.mobile ?? "") }));
  expect(rowsOf(csvRows, surname)).toEqual(expected);

  await page.getByRole("button", { name: "Export patients" }).click();
  const xlsxDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Excel (.xlsx)" }).click();
  const xlsxFile = await xlsxDownload;
  expect(xlsxFile.suggestedFilename()).toMatch(/^demo-hospital-patients-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  const xlsxPath = (await xlsxFile.path()) ?? "";
  await workbook.xlsx.readFile(xlsxPath);
  const xlsxBytes = await readFile(xlsxPath);
  const sheet = workbook.worksheets[0];
  expect(sheet).toBeDefined();
  const header: string[] = [];
  const records: Record<string, string>[] = [];
  sheet?.eachRow((row, index) => {
    // A cell's text as a spreadsheet shows it, whatever type exceljs read it as.
    const values = Array.from({ length: row.cellCount }, (_, i) => row.getCell(i + 1).text);
    if (index === 1) header.push(...values);
    else records.push(Object.fromEntries(header.map((name, i) => [name, values[i] ?? ""])));
  });
  expect(records).toHaveLength(10);
  expect(rowsOf(records, surname)).toEqual(expected);
  await shot(page, "77-patients-exported");

  // The export imports again as it is (its columns are the import's field names): all ten
  // rows are already there, none is refused.
  await navLink(page, "Import").click();
  await page.getByRole("link", { name: "New import" }).first().click();
  await uploadPatients(page, "exported.csv", exportedText);
  await expect(
    page
      .getByRole("table", { name: "Fields and the file's columns" })
      .getByLabel("Mobile", { exact: true }),
  ).toHaveValue("mobile");
  await page.getByRole("button", { name: "Run the dry run" }).click();
  await expect(figure(page, "Will be skipped (already there)")).toHaveText("10");
  await expect(figure(page, "Rows with errors")).toHaveText("0");
  await expect(figure(page, "Will be created")).toHaveText("0");
  await shot(page, "77b-export-reimport-dry-run");

  // So does the Excel export, read from the workbook the browser uploads.
  await page.getByRole("link", { name: "Cancel" }).click();
  await page.getByRole("link", { name: "New import" }).first().click();
  await uploadPatients(page, "exported.xlsx", xlsxBytes);
  await page.getByRole("button", { name: "Run the dry run" }).click();
  await expect(figure(page, "Will be skipped (already there)")).toHaveText("10");
  await expect(figure(page, "Rows with errors")).toHaveText("0");
  await expect(figure(page, "Will be created")).toHaveText("0");
});

test("files the server cannot import are refused with its reason, and nothing is imported", async ({
  page,
}) => {
  await page.goto("/signin");
  await signIn(page, "manager@demo-hospital.test", demoPassword);
  await expect(page).toHaveURL(/\/app$/);
  await page.goto("/app/import/new");
  await page.getByLabel("What the file holds").selectOption("patients");

  // Saved in Latin-1, not UTF-8 ("Zoë" as the single byte 0xEB): refused by the upload.
  const latin1 = Buffer.concat([
    Buffer.from("First name,Last name,Mobile\r\nZo", "ascii"),
    Buffer.from([0xeb]),
    Buffer.from(",Adel,+201012345678\r\n", "ascii"),
  ]);
  await page
    .getByLabel("File", { exact: true })
    .setInputFiles({ name: "latin1.csv", mimeType: "text/csv", buffer: latin1 });
  await page.getByRole("button", { name: "Upload and continue" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "latin1.csv was not uploaded" }),
  ).toContainText("not UTF-8");
  await shot(page, "78-import-not-utf8");

  // Rows of data where the header should be: the upload passes, reading it refuses.
  await page.getByLabel("File", { exact: true }).setInputFiles({
    name: "no-header.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(
      "+201012345678,1980-01-10,amal@example.test\r\n+201087654321,1981-02-11,basma@example.test\r\n",
      "utf8",
    ),
  });
  await page.getByRole("button", { name: "Upload and continue" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "no-header.csv was not accepted" }),
  ).toContainText("The first row should name the columns");
  await expect(page).toHaveURL(/\/app\/import\/new/);
  await shot(page, "79-import-no-header");

  // An address that names no import of this practice.
  await page.goto(`/app/import/${crypto.randomUUID()}`);
  await expect(page.getByRole("heading", { name: "This import was not found" })).toBeVisible();
  await page.goto("/app/import/not-an-import");
  await expect(page.getByRole("heading", { name: "This import was not found" })).toBeVisible();
  await page.goto("/app/import/new");

  await page.getByRole("link", { name: "Cancel" }).click();
  const history = page
    .getByRole("table", { name: "Past imports" })
    .or(page.getByText("No imports yet"));
  await expect(history).toBeVisible();
  await expect(
    page.getByRole("link", { name: /Open import of (latin1|no-header)\.csv/ }),
  ).toHaveCount(0);
});

test("staff without the import and export permissions see neither", async ({ page }) => {
  await page.goto("/signin");
  await signIn(page, "staff@demo-hospital.test", demoPassword);
  await expect(page).toHaveURL(/\/app$/);
  await expect(navLink(page, "Patients")).toBeVisible();
  await expect(navLink(page, "Import")).toHaveCount(0);
  await navLink(page, "Patients").click();
  await expect(page.getByRole("table", { name: "Patients" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Export/ })).toHaveCount(0);
  // The address typed by hand: the screen says no, without asking the API.
  await page.goto("/app/import");
  await expect(
    page.getByText("Your role in this organization doesn't include this area"),
  ).toBeVisible();
});

test("the calendar exports the appointments of the days it shows", async ({ page }) => {
  await page.goto("/signin");
  await signIn(page, "manager@demo-hospital.test", demoPassword);
  await expect(page).toHaveURL(/\/app$/);
  await navLink(page, "Calendar").click();
  await page.getByRole("button", { name: "Export Calendar" }).click();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^demo-hospital-appointments-\d{4}-\d{2}-\d{2}\.csv$/);
  const parsed = Papa.parse<Record<string, string>>(
    await readFile((await file.path()) ?? "", "utf8"),
    { header: true, skipEmptyLines: true },
  );
  // The import's field names, so the file can be imported again.
  expect(parsed.meta.fields).toEqual(
    expect.arrayContaining(["patientMobile", "start", "service", "practitioner", "status"]),
  );
  // The demo books today's appointments; each starts on the day shown (the practice's, Cairo).
  expect(parsed.data.length).toBeGreaterThan(0);
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Africa/Cairo" });
  const today = day.format(new Date());
  for (const row of parsed.data) expect(day.format(new Date(row.start ?? ""))).toBe(today);
});
