export * from "./types";
export * from "./secrets";
export * from "./allocation";
export * from "./razorpay";
export * from "./stripe";
export * from "./fawry";
export * from "./gateway";
