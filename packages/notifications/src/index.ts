export * from "./channel";
export * from "./templates/layout";
