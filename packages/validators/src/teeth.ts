// Teeth as a practice writes them and as the database stores them. Stored teeth are Universal
// ("1"–"32" permanent, "A"–"T" primary); a practice reads and writes Universal or FDI (ISO 3950:
// 11–48 permanent, 51–85 primary). Pure functions, shared by the api and the odontogram.

export const toothNumberings = ["universal", "fdi"] as const;
export type ToothNumbering = (typeof toothNumberings)[number];

/** Every surface a tooth may have: M mesial, O occlusal, I incisal, D distal, B buccal, F facial, L lingual. */
export const toothSurfaceCodes = ["M", "O", "I", "D", "B", "F", "L"] as const;
export type ToothSurface = (typeof toothSurfaceCodes)[number];

export type ToothKind = "incisor" | "canine" | "premolar" | "molar";
export type Arch = "upper" | "lower";

export interface ToothInfo {
  /** The stored (Universal) name. */
  universal: string;
  fdi: string;
  primary: boolean;
  arch: Arch;
  /** The FDI quadrant: 1 upper right, 2 upper left, 3 lower left, 4 lower right (the patient's sides). */
  quadrant: 1 | 2 | 3 | 4;
  /** Position from the midline: 1 central incisor … 8 third molar (primary: … 5 second molar). */
  position: number;
  kind: ToothKind;
  /** Incisors and canines: incisal edge and facial side instead of occlusal and buccal. */
  anterior: boolean;
}

const primaryLetters = "ABCDEFGHIJKLMNOPQRST";

/** FDI of a Universal tooth, or null when it is not one. */
function universalToFdi(universal: string): string | null {
  if (/^([1-9]|[12][0-9]|3[0-2])$/.test(universal)) {
    const n = Number(universal);
    if (n <= 8) return `1${9 - n}`;
    if (n <= 16) return `2${n - 8}`;
    if (n <= 24) return `3${25 - n}`;
    return `4${n - 24}`;
  }
  const index = universal.length === 1 ? primaryLetters.indexOf(universal) : -1;
  if (index < 0) return null;
  const n = index + 1;
  if (n <= 5) return `5${6 - n}`;
  if (n <= 10) return `6${n - 5}`;
  if (n <= 15) return `7${16 - n}`;
  return `8${n - 15}`;
}

/** Universal of an FDI tooth, or null when it is not one. */
function fdiToUniversal(fdi: string): string | null {
  const match = /^([1-8])([1-8])$/.exec(fdi);
  if (!match) return null;
  const quadrant = Number(match[1]);
  const position = Number(match[2]);
  if (quadrant <= 4) {
    if (quadrant === 1) return String(9 - position);
    if (quadrant === 2) return String(8 + position);
    if (quadrant === 3) return String(25 - position);
    return String(24 + position);
  }
  if (position > 5) return null;
  const n =
    quadrant === 5
      ? 6 - position
      : quadrant === 6
        ? 5 + position
        : quadrant === 7
          ? 16 - position
          : 15 + position;
  return primaryLetters[n - 1] ?? null;
}

export function toFdi(universal: string): string {
  const fdi = universalToFdi(universal);
  if (fdi === null) throw new Error(`not a Universal tooth: ${universal}`);
  return fdi;
}

export function toUniversal(fdi: string): string {
  const universal = fdiToUniversal(fdi);
  if (universal === null) throw new Error(`not an FDI tooth: ${fdi}`);
  return universal;
}

/** Whether `universal` is a stored tooth name. */
export function isUniversalTooth(universal: string): boolean {
  return universalToFdi(universal) !== null;
}

/**
 * The stored (Universal) tooth a practice's `text` names, or null when it names none in that
 * numbering ("14" is a tooth in both; "48" only in FDI, "32" and "A" only in Universal).
 * Primary teeth count only when `primary` allows them.
 */
export function parseTooth(
  text: string,
  numbering: ToothNumbering,
  { primary = true }: { primary?: boolean } = {},
): string | null {
  const trimmed = text.trim().toUpperCase();
  const universal =
    numbering === "fdi"
      ? fdiToUniversal(trimmed)
      : universalToFdi(trimmed) !== null
        ? trimmed
        : null;
  if (universal === null) return null;
  if (!primary && !/^\d+$/.test(universal)) return null;
  return universal;
}

/** How a stored tooth is written in a numbering. */
export function formatTooth(universal: string, numbering: ToothNumbering): string {
  return numbering === "fdi" ? toFdi(universal) : universal;
}

/** Where a stored tooth is and what kind it is, for the odontogram and the surface rules. */
export function toothInfo(universal: string): ToothInfo {
  const fdi = toFdi(universal);
  const digit = Number(fdi[0]);
  const position = Number(fdi[1]);
  const primary = digit >= 5;
  const quadrant = (primary ? digit - 4 : digit) as 1 | 2 | 3 | 4;
  const kind: ToothKind =
    position <= 2
      ? "incisor"
      : position === 3
        ? "canine"
        : primary || position >= 6
          ? "molar"
          : "premolar";
  return {
    universal,
    fdi,
    primary,
    arch: quadrant <= 2 ? "upper" : "lower",
    quadrant,
    position,
    kind,
    anterior: position <= 3,
  };
}

const anteriorSurfaces: readonly ToothSurface[] = ["M", "I", "D", "F", "L"];
const posteriorSurfaces: readonly ToothSurface[] = ["M", "O", "D", "B", "L"];

/** The five surfaces a stored tooth has: anterior teeth have I and F, posterior ones O and B. */
export function surfacesOf(universal: string): readonly ToothSurface[] {
  return toothInfo(universal).anterior ? anteriorSurfaces : posteriorSurfaces;
}

/** Surfaces of `surfaces` that the tooth does not have (empty when all are its own). */
export function foreignSurfaces(universal: string, surfaces: readonly string[]): string[] {
  const own = surfacesOf(universal) as readonly string[];
  return surfaces.filter((surface) => !own.includes(surface));
}

/**
 * The odontogram's rows as the dentist faces the patient: the upper arch from the patient's
 * right (Universal 1) to left (16), the lower arch from the patient's right (32) to left (17).
 */
export const permanentArches: { upper: string[]; lower: string[] } = {
  upper: Array.from({ length: 16 }, (_, i) => String(i + 1)),
  lower: Array.from({ length: 16 }, (_, i) => String(32 - i)),
};

export const primaryArches: { upper: string[]; lower: string[] } = {
  upper: primaryLetters.slice(0, 10).split(""),
  lower: primaryLetters.slice(10).split("").reverse(),
};
