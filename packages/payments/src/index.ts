export * from "./types";
export * from "./secrets";
export * from "./allocation";
