// `pnpm bench`: every scenario, a printed table, one JSON file each under bench/results/.
import { benchAuthTiming } from "./auth-timing";
import { describeDatabase, openBenchDatabase } from "./lib";
import { benchPatientSearch } from "./patient-search";

const database = await openBenchDatabase();
console.log(`Caredesk benchmarks on ${describeDatabase(database)}\n`);

const search = await benchPatientSearch(database);
console.log(`patient-search: ${search.patients} patients, ${search.queries} searches`);
console.table({
  "patient.list (search)": {
    p50_ms: search.p50_ms,
    p95_ms: search.p95_ms,
    mean_results: search.mean_results,
  },
});

const auth = await benchAuthTiming(database);
console.log("auth-timing: failed sign-ins");
console.table({
  "unknown email": { p50_ms: auth.unknown_email_p50_ms, p95_ms: auth.unknown_email_p95_ms },
  "wrong password": { p50_ms: auth.wrong_password_p50_ms, p95_ms: auth.wrong_password_p95_ms },
});
console.log(`p50 ratio unknown/wrong = ${auth.p50_ratio} (1.0: indistinguishable)`);
console.log("\nresults written to bench/results/");
await database.close();
