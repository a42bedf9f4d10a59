// Output validation for hot lists without zod's copy. tRPC validates every answer against the
// procedure's output schema, and zod's parse builds the answer again, a result object per field
// and a new object per row: on the calendar (forty appointments of nineteen fields) that was
// more than a quarter of the allocations of the whole request. For the schemas this compiles —
// plain objects, arrays, strings (and string formats checked by a pattern, such as uuid),
// integers and numbers, booleans, dates, enums and nullable ones — `withFastParse` first checks
// the answer as it is: when every value is what the schema accepts and every object has
// exactly the schema's keys in the schema's order (so zod's parse would give back an equal
// answer), the answer itself is the output. Anything else — a wrong value, a missing, extra or
// reordered key, an object that is not plain — goes to zod's own parse, which answers or fails
// exactly as it always does. The schema is otherwise untouched (types, JSON Schema, OpenAPI).
import type { z } from "zod";

type Check = (value: unknown) => boolean;

/** The parts of a zod 4 schema's definition the checks read. */
interface Definition {
  type: string;
  format?: string;
  pattern?: RegExp;
  checks?: { _zod: { def: { check: string; format?: string } } }[];
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: unknown;
  entries?: Record<string, string | number>;
}

class Unsupported extends Error {}

const patternFormats = new Set(["uuid", "guid"]);

function definitionOf(schema: z.ZodType): Definition {
  return (schema as unknown as { _zod: { def: Definition } })._zod.def;
}

/** The check of what `schema` accepts unchanged, or Unsupported for what it cannot judge. */
function compile(schema: z.ZodType, where: string): Check {
  const def = definitionOf(schema);
  const checks = def.checks ?? [];
  switch (def.type) {
    case "string": {
      if (checks.length > 0) break;
      if (def.format === undefined) return (value) => typeof value === "string";
      // Formats zod checks by their pattern alone.
      const pattern = def.pattern;
      if (!patternFormats.has(def.format) || !pattern || pattern.global || pattern.sticky) break;
      return (value) => typeof value === "string" && pattern.test(value);
    }
    case "number": {
      if (checks.length === 0)
        return (value) => typeof value === "number" && Number.isFinite(value);
      const only = checks[0]?._zod.def;
      if (checks.length === 1 && only?.check === "number_format" && only.format === "safeint") {
        return (value) => typeof value === "number" && Number.isSafeInteger(value);
      }
      break;
    }
    case "boolean":
      if (checks.length > 0) break;
      return (value) => typeof value === "boolean";
    case "date":
      if (checks.length > 0) break;
      return (value) => value instanceof Date && !Number.isNaN(value.getTime());
    case "enum": {
      if (!def.entries || checks.length > 0) break;
      const allowed = new Set<unknown>(Object.values(def.entries));
      return (value) => allowed.has(value);
    }
    case "nullable": {
      if (!def.innerType) break;
      const inner = compile(def.innerType, where);
      return (value) => value === null || inner(value);
    }
    case "array": {
      if (!def.element || checks.length > 0) break;
      const element = compile(def.element, `${where}[]`);
      return (value) => {
        if (!Array.isArray(value)) return false;
        for (let i = 0; i < value.length; i++) if (!element(value[i])) return false;
        return true;
      };
    }
    case "object": {
      if (!def.shape || def.catchall !== undefined || checks.length > 0) break;
      const shape = def.shape;
      const keys = Object.keys(shape);
      if (Object.getOwnPropertySymbols(shape).length > 0) break;
      const fields = keys.map((key) => compile(shape[key] as z.ZodType, `${where}.${key}`));
      return (value) => {
        if (typeof value !== "object" || value === null) return false;
        if (Object.getPrototypeOf(value) !== Object.prototype) return false;
        // The keys zod would copy, in its order, and no others (inherited ones included).
        let at = 0;
        for (const key in value) {
          if (key !== keys[at]) return false;
          if (!(fields[at] as Check)((value as Record<string, unknown>)[key])) return false;
          at++;
        }
        return at === keys.length;
      };
    }
  }
  throw new Unsupported(`withFastParse cannot check ${where} (a ${def.type} schema)`);
}

/**
 * `schema`, with `parse` answering a value the schema accepts unchanged as it is, and handing
 * anything else to zod's parse. Throws at once for a schema it cannot check completely.
 */
export function withFastParse<Schema extends z.ZodType>(schema: Schema): Schema {
  const check = compile(schema, "output");
  const parse = schema.parse.bind(schema);
  Object.defineProperty(schema, "parse", {
    configurable: true,
    writable: true,
    value: (data: unknown, params?: Parameters<Schema["parse"]>[1]) =>
      check(data) ? data : parse(data, params),
  });
  return schema;
}
