import { benchBookingThroughput } from "./booking";
import { openBenchDatabase } from "./lib";
const db = await openBenchDatabase();
console.log(await benchBookingThroughput(db, 800, 24));
await db.close();
