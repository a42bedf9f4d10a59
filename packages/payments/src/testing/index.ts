export {};
export * from "./razorpay-standin";
export * from "./stripe-standin";
export * from "./stripe-js";
