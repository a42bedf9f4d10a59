export {};
export * from "./razorpay-standin";
export * from "./stripe-standin";
export * from "./stripe-js";
export * from "./fawry-standin";
